import { needsSpareKeycode } from '../../shared/spare-keycodes.ts';

/**
 * Keysyms outside the keymap whose keycodes stay mapped: about half of the
 * 19 spare keycodes of bookworm's keymap, so that a whole burst of the page's
 * inserted text (8 such characters, see `client/key-pacing.ts`) fits in the
 * other half while the keycodes of older ones are being cleared.
 */
const KEPT_KEYSYMS = 10;

/**
 * Which of the keysyms that Xvnc put on spare keycodes must stay there, for
 * a gateway in front of a TigerVNC that never frees them (1.12, bookworm's):
 * from the 20th distinct character outside the keymap it would type nothing.
 * Fed with every key event of every bridge (the keymap is the X server's,
 * shared by all viewers), it keeps the {@link KEPT_KEYSYMS} most recently
 * pressed ones, and every key held down on any bridge; the shell clears the
 * keycodes of all others, which Xvnc then reuses. A cleared keycode last
 * typed at least that many distinct characters ago has long been read by
 * the X client it went to (the page sends at most 8 per 150 ms).
 */
export class SpareKeycodeRecycler {
  readonly #kept: number;
  /** Keysyms outside the keymap, least recently pressed first (a Map keeps insertion order). */
  readonly #recent = new Map<number, true>();
  /** Keysyms down, per bridge. */
  readonly #down = new Map<number, Map<number, number>>();

  /** @param kept Most recent keysyms kept mapped. @default KEPT_KEYSYMS */
  constructor(kept = KEPT_KEYSYMS) {
    this.#kept = kept;
  }

  /**
   * Notes one key event of `bridge`. Returns true when a keysym outside the
   * keymap went down that was not among those kept: Xvnc may be taking a
   * spare keycode for it now, so the shell should clear the keycodes of the
   * keysyms no longer kept.
   */
  key(bridge: number, keysym: number, down: boolean): boolean {
    if (!needsSpareKeycode(keysym)) return false;
    const held = this.#down.get(bridge) ?? new Map<number, number>();
    this.#down.set(bridge, held);
    if (!down) {
      const count = (held.get(keysym) ?? 0) - 1;
      if (count > 0) held.set(keysym, count);
      else held.delete(keysym);
      return false;
    }
    held.set(keysym, (held.get(keysym) ?? 0) + 1);
    const known = this.#recent.delete(keysym);
    this.#recent.set(keysym, true);
    // Forget what can no longer be kept, so the map stays small.
    while (this.#recent.size > this.#kept) this.#recent.delete(this.#recent.keys().next().value as number);
    return !known;
  }

  /** Forgets the keys of a bridge that closed (Xvnc lets go of them). */
  forget(bridge: number): void {
    this.#down.delete(bridge);
  }

  /** Keysyms whose keycodes must stay: the most recent ones and every key held down. */
  kept(): ReadonlySet<number> {
    const kept = new Set(this.#recent.keys());
    for (const held of this.#down.values()) for (const keysym of held.keys()) kept.add(keysym);
    return kept;
  }
}
