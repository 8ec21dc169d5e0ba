import type { Options } from 'tsup';

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
