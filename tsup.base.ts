import type { Options } from 'tsup';

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
    sourcemap: true,
    clean: true,
    splitting: false,
    shims: false,
    ...options,
  };
}
