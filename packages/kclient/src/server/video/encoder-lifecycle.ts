/**
 * What happens after the screen's encoder exits, decided without touching a
 * process. Lifecycle of the one encoder:
 * `idle -> starting -> running -> stopping -> idle`, and
 * `starting|running -> backoff -> starting` when it dies while viewers remain.
 * An encoder that cannot work at all (see {@link planAfterExit}) makes video
 * `unavailable`: its viewers are told so and let go.
 */
export type EncoderState = 'idle' | 'starting' | 'running' | 'stopping' | 'backoff';

/** How one encoder process ended. */
export interface EncoderExit {
  /** Exit code, when it exited. */
  readonly code: number | null;
  /** Signal, when it was killed. */
  readonly signal: string | null;
  /** Why it could not be started at all (`ENOENT`, `EACCES` …). */
  readonly spawnError?: string;
  /** It delivered at least one frame. */
  readonly producedFrames: boolean;
  /** The gateway asked it to stop (last viewer left, shutdown). */
  readonly stopRequested: boolean;
  /** Last lines of its stderr. */
  readonly stderrTail: string;
}

/** What to do next. */
export type ExitPlan =
  | { readonly kind: 'idle' }
  | { readonly kind: 'start' }
  | {
      readonly kind: 'restart';
      readonly delayMs: number;
      readonly reason: string;
      /** Consecutive failures counting this one (0 after an encoder that delivered frames). */
      readonly failures: number;
    }
  | { readonly kind: 'unavailable'; readonly reason: string };

/** Exit codes of `helios-video-encoder` (docs/video-transport.md §1) that no retry fixes. */
const FATAL_EXIT_CODES: Readonly<Record<number, string>> = Object.freeze({
  2: 'bad arguments',
  4: 'the X server lacks MIT-SHM or DAMAGE',
  5: 'the H.264 encoder cannot be opened',
});

/** Consecutive failed starts (no frame delivered) after which video is given up. */
export const MAX_FAILED_STARTS = 5;

/** Longest wait before a restart. */
const MAX_BACKOFF_MS = 5000;

/**
 * Decides after an exit. `failures` counts earlier consecutive failures
 * since the last frame was delivered.
 */
export function planAfterExit(
  exit: EncoderExit,
  context: { readonly viewers: number; readonly failures: number },
): ExitPlan {
  if (exit.spawnError !== undefined) {
    return { kind: 'unavailable', reason: `cannot run the encoder: ${exit.spawnError}` };
  }
  if (exit.code !== null && FATAL_EXIT_CODES[exit.code] !== undefined) {
    const detail = exit.stderrTail === '' ? '' : `: ${exit.stderrTail}`;
    return {
      kind: 'unavailable',
      reason: `encoder exited with ${exit.code} (${FATAL_EXIT_CODES[exit.code]})${detail}`,
    };
  }
  if (context.viewers === 0) return { kind: 'idle' };
  // Someone came back while the old encoder was ending: a clean start, no failure.
  if (exit.stopRequested) return { kind: 'start' };
  const failures = exit.producedFrames ? 0 : context.failures + 1;
  const reason = describeExit(exit);
  if (failures >= MAX_FAILED_STARTS) {
    return { kind: 'unavailable', reason: `encoder failed ${failures} times in a row: ${reason}` };
  }
  return { kind: 'restart', delayMs: Math.min(250 * 2 ** failures, MAX_BACKOFF_MS), reason, failures };
}

/** One line saying how the encoder ended. */
function describeExit(exit: EncoderExit): string {
  const how = exit.signal !== null ? `killed by ${exit.signal}` : `exited with ${exit.code}`;
  return exit.stderrTail === '' ? how : `${how}: ${exit.stderrTail}`;
}
