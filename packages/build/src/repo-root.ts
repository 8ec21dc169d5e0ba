import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BuildError, ERROR_CODES } from './errors.ts';

/**
 * Finds the Helios repository root: the nearest folder, from `start` upward,
 * that holds docker/Dockerfile and common/packages.yaml.
 * @throws {BuildError} `HELIOS_BUILD_USAGE` when there is none.
 */
export function findRepoRoot(start: string = process.cwd()): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'docker', 'Dockerfile')) && existsSync(join(dir, 'common', 'packages.yaml'))) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new BuildError(
        ERROR_CODES.USAGE,
        `No Helios repository (docker/Dockerfile and common/packages.yaml) in ${resolve(start)} or above. Run from a checkout or pass --root.`,
      );
    }
    dir = parent;
  }
}
