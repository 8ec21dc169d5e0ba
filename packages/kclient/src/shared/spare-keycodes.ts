/**
 * True when typing `keysym` may take one of Xvnc's spare keycodes: the
 * keymap's empty ones, to which Xvnc maps a keysym it does not find.
 * Printable ASCII and the function, keypad and modifier keysyms
 * (0xff00–0xffff) are on every layout; everything else counts, Latin-1 é
 * included (the US keymap lacks it). A fixed rule rather than a look at the
 * keymap, so the page and the gateway count alike.
 */
export function needsSpareKeycode(keysym: number): boolean {
  return !((keysym >= 0x20 && keysym <= 0x7e) || (keysym >= 0xff00 && keysym <= 0xffff));
}
