/**
 * Spare keycodes counted on for keysyms the keymap lacks. Xvnc (TigerVNC
 * 1.12) maps each new one to a keycode without symbols and never frees it;
 * how many keycodes are empty depends on the keymap (xkeyboard-config):
 * 19 in the bookworm image (its log: `Failure adding new keysym` at the
 * 20th), so a margin below that.
 */
const SPARE_KEYCODES = 16;

/**
 * True when Xvnc may have to add `keysym` to the keymap, using up a spare
 * keycode. A fixed rule rather than a look at the keymap (`xmodmap -pk`): a
 * keymap read after a gateway restart already holds the keysyms Xvnc added,
 * which would then go uncounted, and counting too many only resets earlier.
 * Kept out: printable ASCII (every layout's base) and the function, keypad
 * and modifier keysyms 0xff00–0xffff. Counted: the rest, Latin-1 é included
 * (the US keymap lacks it).
 */
export function needsSpareKeycode(keysym: number): boolean {
  return !(keysym >= 0x20 && keysym <= 0x7e) && !(keysym >= 0xff00 && keysym <= 0xffff);
}

/** What a bridge does with one KeyEvent. */
export type KeyVerdict = 'forward' | 'hold';

/** Tracker options. */
export interface SpareKeycodeOptions {
  /**
   * Spare keycodes counted on: a key down that would need one more is held for a reset.
   * @default 16
   */
  readonly capacity?: number;
  /**
   * Keycodes in use from which a reset is wanted at the next moment no key is held.
   * @default 12
   */
  readonly threshold?: number;
}

/**
 * Counts the spare keycodes Xvnc has used up, from the KeyEvents every
 * bridge forwards (the keymap is the X server's, shared by all viewers), and
 * says when to reset the keymap (`setxkbmap`, which frees them all):
 *
 * - `counting`: a new keysym outside the keymap uses a keycode. From
 *   `threshold` on, a reset is wanted once no key is held on any bridge (a
 *   held key's keycode could be handed out again). A key down that would
 *   need a keycode beyond `capacity` is held by its bridge and forces the
 *   reset, held keys or not: otherwise Xvnc would drop it.
 * - `resetting`: every key down that may need a keycode is held until the
 *   reset finished, since it is unknown whether Xvnc would map it before or
 *   after the reset; other events pass.
 *
 * At first the state of the keymap is unknown (the gateway may restart in
 * a running session), so every keycode counts as used: the first idle
 * moment resets.
 */
export class SpareKeycodeTracker {
  readonly #capacity: number;
  readonly #threshold: number;
  #state: 'counting' | 'resetting' = 'counting';
  /** Keycodes possibly in use that no keysym of {@link #added} accounts for. */
  #unknown: number;
  readonly #added = new Set<number>();
  /** Keysyms held by a bridge until the reset finished. */
  readonly #waiting = new Set<number>();
  /** Keys down, per bridge. */
  readonly #down = new Map<number, Set<number>>();

  constructor(options: SpareKeycodeOptions = {}) {
    this.#capacity = options.capacity ?? SPARE_KEYCODES;
    this.#threshold = Math.min(options.threshold ?? 12, this.#capacity);
    this.#unknown = this.#capacity;
  }

  /** Keycodes counted as in use. */
  get used(): number {
    return this.#unknown + this.#added.size;
  }

  /** True when the shell should start a reset now. */
  get wantsReset(): boolean {
    if (this.#state !== 'counting') return false;
    return this.#waiting.size > 0 || (this.used >= this.#threshold && !this.#anyKeyDown());
  }

  /** Notes one KeyEvent of `bridge` and says whether it may go on now. */
  key(bridge: number, keysym: number, down: boolean): KeyVerdict {
    const keys = this.#down.get(bridge) ?? new Set<number>();
    this.#down.set(bridge, keys);
    if (!down) {
      keys.delete(keysym);
      return 'forward';
    }
    keys.add(keysym);
    if (!needsSpareKeycode(keysym)) return 'forward';
    if (this.#state === 'resetting' || (!this.#added.has(keysym) && this.used >= this.#capacity)) {
      this.#waiting.add(keysym);
      return 'hold';
    }
    this.#added.add(keysym);
    return 'forward';
  }

  /** Forgets the keys of a bridge that closed (Xvnc lets go of them). */
  forget(bridge: number): void {
    this.#down.delete(bridge);
  }

  /** The shell started a reset. */
  resetStarted(): void {
    this.#state = 'resetting';
  }

  /** The reset ended (done or failed): counting starts again, with the keysyms held meanwhile. */
  resetFinished(): void {
    this.#state = 'counting';
    this.#unknown = 0;
    this.#added.clear();
    for (const keysym of this.#waiting) this.#added.add(keysym);
    this.#waiting.clear();
  }

  #anyKeyDown(): boolean {
    for (const keys of this.#down.values()) if (keys.size > 0) return true;
    return false;
  }
}
