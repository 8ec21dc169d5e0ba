import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';
import { heliosTsup } from '../../tsup.base.ts';

// yaml and zod are bundled (and tree-shaken) into both entries: the CLI then loads one
// file, which keeps a whole `helios-packages flatten` run under 100 ms. yaml's `node`
// export is CommonJS, which esbuild can neither tree-shake nor bundle into ESM (it
// requires `process`); its ESM build is the same code, differing only in how it logs
// warnings, which parseYamlSource turns off.
const yamlEsm = join(
  dirname(createRequire(import.meta.url).resolve('yaml/package.json')),
  'browser',
  'index.js',
);

export default defineConfig(
  heliosTsup({
    entry: ['src/index.ts', 'src/cli.ts'],
    // One shared chunk of yaml and zod for both entries instead of a copy in each.
    splitting: true,
    noExternal: ['yaml', /^zod(\/|$)/],
    esbuildOptions(options) {
      options.alias = { yaml: yamlEsm };
    },
  }),
);
