import { open, utimes } from 'node:fs/promises';

/** Bumps the activity file's mtime on input, at most once per interval. */
export interface ActivityTracker {
  /** Notes input at `now`; touches the file when the interval has passed. */
  note(now: number): void;
}

/**
 * The activity side of the runtime contract: on key or pointer input the
 * gateway sets the mtime of `HELIOS_ACTIVITY_FILE` to now (creating it),
 * at most once per second, and init derives idleness from that mtime.
 * Failures are reported, never thrown: losing one bump must not drop a
 * viewer's connection.
 *
 * @param intervalMs Minimum time between two touches. @default 1000
 */
export function createActivityTracker(
  file: string | undefined,
  onError: (error: unknown) => void,
  intervalMs = 1000,
): ActivityTracker {
  let last = Number.NEGATIVE_INFINITY;
  return {
    note(now) {
      if (file === undefined || now - last < intervalMs) return;
      last = now;
      touch(file, new Date(now)).catch(onError);
    },
  };
}

async function touch(file: string, when: Date): Promise<void> {
  try {
    await utimes(file, when, when);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const handle = await open(file, 'a', 0o644);
    try {
      await handle.utimes(when, when);
    } finally {
      await handle.close();
    }
  }
}
