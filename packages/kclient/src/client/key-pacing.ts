/**
 * Xvnc types a character outside its keymap by giving it one of about 20 spare
 * keycodes; TigerVNC 1.15 and later reuse them, least recently used first (and
 * the gateway frees them for older ones, see `server/keyboard/`). An X
 * client that has not yet read the key event of an earlier character when its
 * keycode is given to a new one reads the new one instead: a 25-character CJK
 * insertion sent at once loses its first characters. So keys go out in bursts
 * of at most {@link SPARE_BUDGET} distinct such characters, with a pause
 * between bursts for the desktop to catch up. Keys inside the keymap, and
 * characters already in the current burst, cost nothing.
 */

import { needsSpareKeycode } from '../shared/spare-keycodes.ts';

/**
 * Distinct characters outside the keymap in one burst. Xvnc's spare keycodes
 * are the keymap's empty ones: about 20 with TigerVNC 1.15's keymap, and only
 * 14 with 1.16's (sid, where the 15th character of an insertion took the first
 * one's keycode), so well below both.
 */
export const SPARE_BUDGET = 8;

/** Pause between two bursts: the desktop has read a burst well within it. */
export const BURST_GAP_MS = 150;

/**
 * Splits `keysyms` into bursts for a burst that already holds `current`
 * distinct spare-keycode characters: the first result continues that burst,
 * each later one starts a new burst after a pause.
 */
export function splitIntoBursts(
  keysyms: readonly number[],
  current: ReadonlySet<number> = new Set(),
  budget = SPARE_BUDGET,
): number[][] {
  const bursts: number[][] = [[]];
  let spare = new Set(current);
  for (const keysym of keysyms) {
    if (needsSpareKeycode(keysym) && !spare.has(keysym)) {
      if (spare.size >= budget) {
        bursts.push([]);
        spare = new Set();
      }
      spare.add(keysym);
    }
    bursts.at(-1)?.push(keysym);
  }
  return bursts;
}

/** Sends key presses in bursts (see the module comment), keeping their order. */
export class KeyPacer {
  readonly #send: (keysym: number) => void;
  /** What waits for the next pause to end: a burst, or a key of another path. */
  readonly #queue: (() => void)[] = [];
  /** Spare-keycode characters of the burst going out now. */
  #burst = new Set<number>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(send: (keysym: number) => void) {
    this.#send = send;
  }

  /** Presses `keysyms`: at once while they fit the current burst, the rest after pauses. */
  press(keysyms: readonly number[], now = Date.now()): void {
    if (this.#timer !== undefined) {
      // A pause is running: these wait behind what is queued, in bursts of their own.
      for (const burst of splitIntoBursts(keysyms))
        this.#queue.push(() => this.#sendBurst(burst, Date.now()));
      return;
    }
    if (now - this.#lastSentAt >= BURST_GAP_MS) this.#burst = new Set();
    const [first = [], ...rest] = splitIntoBursts(keysyms, this.#burst);
    this.#sendBurst(first, now);
    for (const burst of rest) this.#queue.push(() => this.#sendBurst(burst, Date.now()));
    this.#schedule();
  }

  /**
   * Runs `send` (a key from another path, such as Enter typed after a paste) now,
   * or after what is waiting, so keys never overtake the text before them.
   */
  inOrder(send: () => void): void {
    if (this.#timer === undefined) send();
    else this.#queue.push(send);
  }

  /** Drops what is still waiting (the connection went away). */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue.length = 0;
  }

  #sendBurst(keysyms: readonly number[], now: number): void {
    for (const keysym of keysyms) {
      if (needsSpareKeycode(keysym)) this.#burst.add(keysym);
      this.#send(keysym);
    }
    if (keysyms.length > 0) this.#lastSentAt = now;
  }

  #schedule(): void {
    if (this.#queue.length === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#burst = new Set();
      this.#queue.shift()?.();
      this.#schedule();
    }, BURST_GAP_MS);
  }
}
