/**
 * Committed text (an input method's result, an emoji picker, dictation, a
 * phone's on-screen keyboard) as X keysyms to press one after another.
 *
 * X has a keysym for every Unicode character: Latin-1 characters are their
 * own code point, everything else is `0x01000000 + code point`. Xvnc maps a
 * keysym its keymap lacks to a spare keycode for the moment it is pressed,
 * so 日本 and 😀 arrive as themselves without changing the server's layout.
 */

/** X's keysyms for the keys text editing needs (XK_BackSpace, XK_Delete, XK_Return, XK_Tab). */
const XK_BACKSPACE = 0xff08;
const XK_DELETE = 0xffff;
const XK_RETURN = 0xff0d;
const XK_TAB = 0xff09;
const UNICODE_KEYSYM_BASE = 0x0100_0000;

/** The keysym that types `codePoint`, or undefined for a control character nobody types as text. */
export function keysymForCodePoint(codePoint: number): number | undefined {
  if (codePoint === 0x0a || codePoint === 0x0d) return XK_RETURN;
  if (codePoint === 0x09) return XK_TAB;
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) return undefined;
  if (codePoint <= 0xff) return codePoint;
  return UNICODE_KEYSYM_BASE + codePoint;
}

/**
 * The keysyms for `text`, by code point (so a character outside the basic
 * plane is one key, not two surrogates); `\r\n` is one Return.
 */
export function keysymsForText(text: string): number[] {
  const keysyms: number[] = [];
  for (const char of text.replace(/\r\n/g, '\n')) {
    const keysym = keysymForCodePoint(char.codePointAt(0) as number);
    if (keysym !== undefined) keysyms.push(keysym);
  }
  return keysyms;
}

/**
 * The keysyms for a key noVNC cannot type, or undefined for any other key:
 * one character outside the basic plane (a layout can put 😀 on a key; noVNC
 * reads only the first UTF-16 unit of `key`) or text of several code points
 * (👍🏽, e + U+0301, a Windows layout's ligature key; noVNC finds no keysym
 * and types nothing). Named keys (`ArrowLeft`, `F1`, `Dead`) are ASCII words
 * and stay noVNC's.
 */
export function keysymsForTextKey(key: string): number[] | undefined {
  const codePoints = [...key];
  const astral = codePoints.length === 1 && (key.codePointAt(0) ?? 0) > 0xffff;
  const text = codePoints.length > 1 && codePoints.some((char) => (char.codePointAt(0) ?? 0) > 0x7f);
  return astral || text ? keysymsForText(key) : undefined;
}

/** Input types whose text is an insertion at the caret (Input Events Level 2). */
const INSERTIONS: ReadonlySet<string> = new Set([
  'insertText',
  'insertReplacementText',
  'insertFromPaste',
  'insertFromDrop',
  'insertFromYank',
]);

/** Edits that are one key on a keyboard. */
const KEY_EDITS: Readonly<Record<string, number>> = {
  insertLineBreak: XK_RETURN,
  insertParagraph: XK_RETURN,
  deleteContentBackward: XK_BACKSPACE,
  deleteContentForward: XK_DELETE,
};

/**
 * The keysyms that perform an edit the browser reports as an input event
 * (`inputType`, with `data` its inserted text): a phone keyboard's letters
 * and backspace, an emoji picker, dictation. Compositions are not among them:
 * their text is typed once, when committed. Edits without a key (formatting,
 * undo, deleting a word) give none.
 */
export function keysymsForEdit(inputType: string, data: string | null): number[] {
  if (INSERTIONS.has(inputType)) return keysymsForText(data ?? '');
  const keysym = KEY_EDITS[inputType];
  return keysym === undefined ? [] : [keysym];
}
