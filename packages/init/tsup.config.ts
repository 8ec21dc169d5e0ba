import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';
import { heliosTsup } from '../../tsup.base.ts';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const define = { __HELIOS_INIT_VERSION__: JSON.stringify(version) };

/**
 * Copies koffi's linux-x64 glibc module beside the bundle: the image ships
 * exactly these two files in /opt/helios/init/.
 */
function copyKoffiNative(): void {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const koffi = require.resolve('koffi');
  const platform = createRequire(koffi).resolve('@koromix/koffi-linux-x64/package.json');
  mkdirSync('dist/bundle', { recursive: true });
  copyFileSync(join(dirname(platform), 'linux_x64', 'koffi.node'), 'dist/bundle/koffi.node');
}

export default defineConfig([
  // The library and the CLI for node_modules users; dependencies stay external.
  heliosTsup({
    entry: ['src/index.ts', 'src/cli.ts'],
    define,
    clean: ['!bundle/**'],
  }),
  // The one-file init the image runs with `node helios-init.mjs`: zod inlined.
  heliosTsup({
    entry: { 'helios-init': 'src/cli.ts' },
    outDir: 'dist/bundle',
    outExtension: () => ({ js: '.mjs' }),
    noExternal: [/.*/],
    external: ['koffi'],
    dts: false,
    sourcemap: false,
    define,
    onSuccess: async () => copyKoffiNative(),
  }),
]);
