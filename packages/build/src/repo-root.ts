import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { dockerAssetsDir } from '@helios/images';
import { BuildError, ERROR_CODES } from './errors.ts';

/** Whether `dir` is laid out like a Helios repository root. */
function isHeliosRoot(dir: string): boolean {
  return existsSync(join(dir, 'docker', 'Dockerfile')) && existsSync(join(dir, 'common', 'packages.yaml'));
}

/**
 * Finds what images are built from: the nearest Helios repository root from
 * `start` upward (a checkout), else, when no `start` was given, the Dockerfile
 * assets that @helios/images ships, so `npx helios build` works anywhere.
 * @param start - `--root`, or undefined to search from `where.cwd`
 * @throws {BuildError} `HELIOS_BUILD_USAGE` when there is none.
 */
export function findRepoRoot(
  start?: string,
  where: { readonly cwd?: string; readonly assetsDir?: string } = {},
): string {
  const from = resolve(start ?? where.cwd ?? process.cwd());
  const assetsDir = where.assetsDir ?? dockerAssetsDir();
  for (let dir = from; ; dir = dirname(dir)) {
    if (isHeliosRoot(dir)) return dir;
    if (dirname(dir) === dir) break;
  }
  if (start === undefined && isHeliosRoot(assetsDir)) return assetsDir;
  throw new BuildError(
    ERROR_CODES.USAGE,
    start === undefined
      ? `No Helios repository (docker/Dockerfile and common/packages.yaml) in ${from} or above, and the assets of @helios/images are missing from ${assetsDir}. Run from a checkout, pass --root, or reinstall @helios/images.`
      : `No Helios repository (docker/Dockerfile and common/packages.yaml) in ${from} or above. Pass the root of a checkout to --root.`,
  );
}
