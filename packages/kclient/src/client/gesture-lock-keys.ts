/**
 * noVNC 1.7's pinch gesture presses Ctrl through `_handleKeyEvent` without
 * the lock states a keyboard event carries, and then takes the missing
 * (undefined) states for states that differ from the desktop's: every pinch
 * sent a Caps Lock and a Num Lock press to bring the desktop "in sync",
 * toggling both. Missing becomes null here, which noVNC reads as "unknown,
 * leave the locks alone".
 */

type KeyEventHandler = (
  keysym: number,
  code: string,
  down: boolean,
  numlock?: boolean | null,
  capslock?: boolean | null,
) => void;

/** The noVNC 1.7 internal this relies on (the version is pinned in the workspace catalog). */
interface NoVncKeyEventInternals {
  _handleKeyEvent?: KeyEventHandler;
}

/**
 * Makes key events without lock states (the pinch gesture's Ctrl) leave the
 * desktop's Num Lock and Caps Lock alone. Call with each new RFB object.
 * @returns false, changing nothing, when this noVNC lacks the internal.
 */
export function keepLocksOnGestureKeys(rfb: object): boolean {
  const internals = rfb as NoVncKeyEventInternals;
  const original = internals._handleKeyEvent;
  if (typeof original !== 'function') return false;
  internals._handleKeyEvent = (keysym, code, down, numlock = null, capslock = null) =>
    original.call(rfb, keysym, code, down, numlock, capslock);
  return true;
}
