import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

/** The published bin shim, run the way a user runs it. */
const BIN = fileURLToPath(new URL('../../bin/helios-packages.js', import.meta.url));

/** The original Helios maps and lists; a data dependency outside the repo, maybe absent. */
export const FIXTURES = fileURLToPath(
  new URL('../../../../../shared/fixtures/helios-packages/', import.meta.url),
);

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `helios-packages` with `args` and waits for it. */
export function runCli(args: readonly string[], cwd?: string): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary directory, removed after the test file. */
export function scratchDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'helios-packages-test-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}
