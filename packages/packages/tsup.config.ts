import { defineConfig } from 'tsup';
import { heliosTsup } from '../../tsup.base.ts';

// zod and js-yaml are bundled (and tree-shaken) into both entries: the CLI then loads
// one file, which keeps a whole `helios-packages flatten` run under 100 ms.
export default defineConfig(
  heliosTsup({ entry: ['src/index.ts', 'src/cli.ts'], noExternal: ['js-yaml', /^zod(\/|$)/] }),
);
