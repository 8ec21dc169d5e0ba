import { readFileSync, rmSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { heliosTsup } from '../../tsup.base.ts';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const define = { __KCLIENT_VERSION__: JSON.stringify(version) };

export default defineConfig(() => {
  // Three builds write into dist/ at once, so none of them may clean it.
  rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });
  return [
    // The library and the bin, with dependencies left to node_modules.
    heliosTsup({ entry: ['src/index.ts', 'src/cli.ts'], clean: false, define }),
    // The server as one self-contained file for the image (no node_modules there).
    heliosTsup({
      entry: { 'helios-kclient': 'src/cli.ts' },
      outDir: 'dist/bundle',
      outExtension: () => ({ js: '.mjs' }),
      dts: false,
      sourcemap: false,
      clean: false,
      minify: true,
      noExternal: [/.*/],
      define,
      // fastify and its helpers are CommonJS and call require().
      banner: {
        js: "import { createRequire as __heliosCreateRequire } from 'node:module'; const require = __heliosCreateRequire(import.meta.url);",
      },
    }),
    // The browser client. noVNC 1.7 uses top-level await: ESM, ES2022.
    {
      entry: { app: 'src/client/main.ts' },
      outDir: 'dist/client',
      format: ['esm'],
      platform: 'browser',
      target: 'es2022',
      outExtension: () => ({ js: '.js' }),
      noExternal: [/.*/],
      minify: true,
      sourcemap: false,
      dts: false,
      clean: false,
      splitting: false,
      publicDir: 'src/client/public',
      tsconfig: 'src/client/tsconfig.json',
    },
  ];
});
