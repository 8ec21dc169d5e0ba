/**
 * The modifiers of the touch key row. A phone has no Ctrl, Alt or Super
 * key, and a finger cannot hold one while tapping another: a tap latches the
 * modifier (pressed on the desktop), the next key that is not a modifier
 * (from the row, the on-screen keyboard or a hardware keyboard) is typed with
 * it, and then every latched modifier is let go. A second tap on a latched
 * modifier lets it go without typing anything.
 */

/** The modifiers a phone keyboard lacks. */
export type Modifier = 'Control' | 'Alt' | 'Super';

/** X keysyms and DOM codes of the left-hand keys the modifiers press. */
export const MODIFIER_KEYS: Readonly<Record<Modifier, { readonly keysym: number; readonly code: string }>> =
  Object.freeze({
    Control: { keysym: 0xffe3, code: 'ControlLeft' },
    Alt: { keysym: 0xffe9, code: 'AltLeft' },
    Super: { keysym: 0xffeb, code: 'MetaLeft' },
  });

/** One key press or release on the desktop. */
export interface ModifierChange {
  readonly modifier: Modifier;
  readonly down: boolean;
}

/** Which modifiers are latched, and the presses and releases that keep the desktop in step. */
export class StickyModifiers {
  readonly #latched = new Set<Modifier>();

  /** Whether `modifier` is latched (pressed on the desktop). */
  has(modifier: Modifier): boolean {
    return this.#latched.has(modifier);
  }

  /** A tap on `modifier`: latches it, or lets it go when it already is. */
  tap(modifier: Modifier): ModifierChange {
    const down = !this.#latched.has(modifier);
    if (down) this.#latched.add(modifier);
    else this.#latched.delete(modifier);
    return { modifier, down };
  }

  /** Lets go of every latched modifier (after a key, or when the page loses focus). */
  releaseAll(): ModifierChange[] {
    const changes = [...this.#latched].reverse().map((modifier) => ({ modifier, down: false }));
    this.#latched.clear();
    return changes;
  }

  /** Forgets the latches without releasing them: a new connection has nothing pressed. */
  forget(): void {
    this.#latched.clear();
  }
}
