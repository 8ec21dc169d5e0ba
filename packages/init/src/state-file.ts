import { renameSync, writeFileSync } from 'node:fs';
import type { StateSnapshot } from './state-snapshot.ts';

/**
 * Writes state.json atomically: a temporary file in the same folder, then
 * rename, so kclient never reads half a file. Synchronous on purpose: the
 * file lives on tmpfs, and ordering matters more than the microseconds.
 */
export function writeStateFile(file: string, snapshot: StateSnapshot): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(snapshot, null, 2)}\n`, { mode: 0o644 });
  renameSync(temporary, file);
}
