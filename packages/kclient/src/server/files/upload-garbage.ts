import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Why this exists: Node's HTTP parser hands an upload's body over as a fresh
 * Buffer per socket read. Each is garbage once written to disk, but V8
 * collects such memory only when about 64 MiB of it has piled up (its
 * external-memory soft limit): streaming allocates too few JavaScript objects
 * to fill the young generation sooner. Measured on a 512 MiB upload, the
 * gateway's RSS grew by 63-68 MiB without help and by about 20 MiB with a
 * young-generation collection every 8 MiB received (a fraction of a
 * millisecond each, well under 0.3 s of CPU per GiB).
 */

/** Upload bytes, summed over every upload, between two collections. */
const COLLECT_EVERY = 8 << 20;

type Collect = (options: { type: 'minor'; execution: 'sync' }) => void;

/** V8's `gc`, fetched once; `null` where the runtime refuses to expose it. */
let collect: Collect | null | undefined;
let sinceLast = 0;

/** Counts bytes an upload received; collects young garbage every {@link COLLECT_EVERY}. */
export function noteUploadBytes(bytes: number): void {
  sinceLast += bytes;
  if (sinceLast < COLLECT_EVERY) return;
  sinceLast = 0;
  collector()?.({ type: 'minor', execution: 'sync' });
}

function collector(): Collect | null {
  if (collect === undefined) {
    try {
      // Exposes `gc` to new contexts only; the gateway's own global stays as it was.
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as Collect;
    } catch {
      collect = null;
    }
  }
  return collect;
}
