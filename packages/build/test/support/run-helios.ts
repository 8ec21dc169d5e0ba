import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The repository root, where the built CLI runs. */
const repoRoot = join(packageDir, '..', '..');

/** The built CLI (`pnpm turbo build` first). */
const cli = join(packageDir, 'dist', 'cli.js');

/** What one run of the built `helios` command gave. */
export interface HeliosRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Runs the built `helios` command to completion, by default from the repository root. */
export function helios(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = repoRoot,
): HeliosRun {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env });
  return { code: result.status, out: result.stdout, err: result.stderr };
}
