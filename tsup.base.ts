import { builtinModules } from 'node:module';
import type { Options } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * Source maps are for working in the repository; published tarballs leave them
 * out (prepack builds with HELIOS_PUBLISH=1), which makes them 3-4 times smaller.
 */
const sourcemap = process.env.HELIOS_PUBLISH !== '1';

/**
 * The one tsup configuration every package extends: ESM, Node LTS target,
 * declarations, no code splitting surprises. Packages pass their entries and
 * any extra options (for example `noExternal` for self-contained bundles).
 */
export function heliosTsup(options: Options): Options {
  return {
    format: ['esm'],
    target: 'node22',
    platform: 'node',
    dts: true,
    sourcemap,
    clean: true,
    splitting: false,
    shims: false,
    ...options,
  };
}

const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/**
 * For self-contained ESM bundles whose banner defines `require`: load Node's
 * built-in modules with `require` instead of `import`. An ESM import of a
 * built-in builds its ESM facade, which reads every export; for `node:http`
 * on Node 24+ that runs the lazy getters that load undici, about 70 ms of
 * the gateway's ~400 ms of start-up CPU (measured with --cpu-prof).
 * `require` returns the module object and runs no getter.
 */
export function builtinsThroughRequire(): EsbuildPlugin {
  return {
    name: 'builtins-through-require',
    setup(build) {
      build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) =>
        args.kind === 'import-statement' && builtins.has(args.path)
          ? { path: args.path, namespace: 'builtin-require' }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'builtin-require' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  };
}
