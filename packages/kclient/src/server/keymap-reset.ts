import { execa } from 'execa';
import { type SpareKeycodeOptions, SpareKeycodeTracker } from './spare-keycodes.ts';

/** Longest a bridge holds a key event for a keymap reset before it sends it anyway. */
const HOLD_LIMIT_MS = 3000;

/** Time without key events before a reset. */
const QUIET_MS = 300;

/** The keymap side of every bridge of the gateway. */
export interface KeymapRecycler {
  /**
   * Notes a KeyEvent `bridge` is about to forward. Undefined: forward it now;
   * a promise: forward it once that settles (the reset is done, or took
   * longer than the hold limit).
   */
  key(bridge: number, keysym: number, down: boolean): Promise<void> | undefined;
  /** The bridge closed. */
  forget(bridge: number): void;
  /** Cancels a reset not started yet; resolves once none runs. */
  idle(): Promise<void>;
}

/** Recycler options. */
export interface KeymapRecyclerOptions extends SpareKeycodeOptions {
  /**
   * Longest a key event is held for a reset.
   * @default 3000
   */
  readonly holdLimitMs?: number;
  /**
   * Time without key events on any bridge before a reset starts. X clients
   * translate a key event's keycode with the keymap current when they get
   * to it (GTK re-reads it after a change): a keycode reset and handed to
   * the next character while a terminal still had key events for it queued
   * typed that character in their place.
   * @default 300
   */
  readonly quietMs?: number;
}

/**
 * Frees Xvnc's spare keycodes before they run out (see
 * {@link SpareKeycodeTracker}), by running `reset` when the tracker wants
 * it and no key event came for a quiet period: one at a time, never awaited
 * by a bridge except for the key event that needs it. Failures (no X
 * display, no setxkbmap) are reported, never thrown: counting starts again
 * either way.
 */
export function createKeymapRecycler(
  reset: () => Promise<void>,
  onError: (error: unknown) => void,
  options: KeymapRecyclerOptions = {},
): KeymapRecycler {
  const tracker = new SpareKeycodeTracker(options);
  const holdLimitMs = options.holdLimitMs ?? HOLD_LIMIT_MS;
  const quietMs = options.quietMs ?? QUIET_MS;
  let running: Promise<void> | undefined;
  let quiet: NodeJS.Timeout | undefined;
  let finished = Promise.withResolvers<void>();

  const run = async () => {
    while (tracker.wantsReset) {
      tracker.resetStarted();
      await reset().catch(onError);
      tracker.resetFinished();
      finished.resolve();
      finished = Promise.withResolvers<void>();
    }
    running = undefined;
  };
  /** (Re)starts the quiet period before a reset; every key event restarts it. */
  const maybeReset = () => {
    clearTimeout(quiet);
    quiet = undefined;
    if (running !== undefined || !tracker.wantsReset) return;
    quiet = setTimeout(() => {
      quiet = undefined;
      if (tracker.wantsReset) running ??= run();
    }, quietMs);
    quiet.unref();
  };

  return {
    key(bridge, keysym, down) {
      const verdict = tracker.key(bridge, keysym, down);
      const wait = verdict === 'hold' ? finished.promise : undefined;
      maybeReset();
      if (wait === undefined) return undefined;
      const { promise, resolve } = Promise.withResolvers<void>();
      const timer = setTimeout(resolve, holdLimitMs);
      timer.unref();
      wait.then(() => {
        clearTimeout(timer);
        resolve();
      });
      return promise;
    },
    forget(bridge) {
      tracker.forget(bridge);
      maybeReset();
    },
    idle() {
      clearTimeout(quiet);
      quiet = undefined;
      return running ?? Promise.resolve();
    },
  };
}

/**
 * Reloads the keymap of `$DISPLAY` as it is configured, which frees every
 * keycode Xvnc added.
 *
 * @param setxkbmap The setxkbmap command. @default 'setxkbmap'
 */
export async function reloadKeymap(setxkbmap = 'setxkbmap'): Promise<void> {
  await execa(setxkbmap, [], { timeout: 5_000 });
}
