/**
 * The keyboard table both browsers' keyboard tests type (keyboard-input.test.ts
 * in Chromium, keyboard-firefox.test.ts in Firefox): layouts' keys as the
 * browser reports them, input-method compositions, inserted text and a phone's
 * keyboard, each with the line the desktop's terminal must receive.
 */

/**
 * One key as a browser on Linux reports it for a keyboard layout: DOM `key`,
 * physical `code`, legacy `keyCode` and the text it types (none for keys that
 * type nothing). AltGr is its own key on Linux (`AltGraph`, no Ctrl or Alt
 * flag). `key` and `code` are the same in Chromium and Firefox (both follow
 * the layout's keysym and the physical key); `keyCode` is Chromium's, which
 * Firefox differs from for some punctuation keys (noVNC reads `key` and
 * `code` and looks at `keyCode` only when neither names the key).
 */
export interface Key {
  readonly key: string;
  readonly code: string;
  readonly keyCode: number;
  readonly text?: string;
  readonly location?: number;
}

export const enter: Key = { key: 'Enter', code: 'Enter', keyCode: 13, text: '\r' };
export const shift: Key = { key: 'Shift', code: 'ShiftLeft', keyCode: 16, location: 1 };
export const control: Key = { key: 'Control', code: 'ControlLeft', keyCode: 17, location: 1 };
const altGr: Key = { key: 'AltGraph', code: 'AltRight', keyCode: 225, location: 2 };
export const char = (key: string, code: string, keyCode: number): Key => ({ key, code, keyCode, text: key });
const dead = (code: string, keyCode: number): Key => ({ key: 'Dead', code, keyCode });

/** What the user does: keys (with modifiers held), an input method, inserted text, a phone keyboard. */
export type Step =
  | { readonly press: Key; readonly holding?: readonly Key[]; readonly repeats?: number }
  | { readonly compose: readonly string[]; readonly commit: string }
  | { readonly insert: string }
  | { readonly phone: string }
  | { readonly phoneBackspace: true };

export const press = (key: Key, ...holding: Key[]): Step => ({ press: key, holding });
/** `key` held until the browser's key repeat has sent it `repeats` times. */
const hold = (key: Key, repeats: number): Step => ({ press: key, repeats });

/** German QWERTZ as Chromium on Linux reports it. */
export const de = {
  z: char('z', 'KeyY', 90),
  Z: char('Z', 'KeyY', 90),
  at: char('@', 'KeyQ', 81),
  euro: char('€', 'KeyE', 69),
  braceLeft: char('{', 'Digit7', 55),
  bracketLeft: char('[', 'Digit8', 56),
  bracketRight: char(']', 'Digit9', 57),
  braceRight: char('}', 'Digit0', 48),
  backslash: char('\\', 'Minus', 219),
  pipe: char('|', 'IntlBackslash', 226),
  tilde: char('~', 'BracketRight', 187),
  sharpS: char('ß', 'Minus', 219),
  uUmlaut: char('ü', 'BracketLeft', 186),
  oUmlaut: char('ö', 'Semicolon', 192),
  deadCircumflex: dead('Backquote', 220),
  eCircumflex: char('ê', 'KeyE', 69),
};

/** French AZERTY as Chromium on Linux reports it. */
export const fr = {
  a: char('a', 'KeyQ', 65),
  q: char('q', 'KeyA', 81),
  eAcute: char('é', 'Digit2', 50),
  cCedilla: char('ç', 'Digit9', 57),
  deadCircumflex: dead('BracketLeft', 221),
  eCircumflex: char('ê', 'KeyE', 69),
  ctrlA: { key: 'a', code: 'KeyQ', keyCode: 65 },
};

/** UK QWERTY as Chromium on Linux reports it. */
const gb = {
  pound: char('£', 'Digit3', 51),
  at: char('@', 'Quote', 192),
  quote: char('"', 'Digit2', 50),
  hash: char('#', 'Backslash', 222),
  not: char('¬', 'Backquote', 223),
};

/** US-International (xkb `us(intl)`): ' " ` ~ ^ are dead keys; the composed character comes on the next key. */
const usIntl = {
  deadAcute: dead('Quote', 222),
  deadDiaeresis: dead('Quote', 222),
  deadGrave: dead('Backquote', 192),
  deadTilde: dead('Backquote', 192),
  deadCircumflex: dead('Digit6', 54),
  eAcute: char('é', 'KeyE', 69),
  uUmlaut: char('ü', 'KeyU', 85),
  nTilde: char('ñ', 'KeyN', 78),
  aGrave: char('à', 'KeyA', 65),
  oCircumflex: char('ô', 'KeyO', 79),
  /** A dead key then Space types the accent itself. */
  apostrophe: char("'", 'Space', 32),
};

/** Spanish as Chromium on Linux reports it. */
const es = {
  nTilde: char('ñ', 'Semicolon', 192),
  deadAcute: dead('Quote', 222),
  aAcute: char('á', 'KeyA', 65),
  at: char('@', 'Digit2', 50),
  hash: char('#', 'Digit3', 51),
  invertedExclamation: char('¡', 'Equal', 221),
  invertedQuestion: char('¿', 'Equal', 221),
};

/** Swedish as Chromium on Linux reports it. */
const se = {
  aRing: char('å', 'BracketLeft', 221),
  aUmlaut: char('ä', 'Quote', 222),
  oUmlaut: char('ö', 'Semicolon', 192),
  at: char('@', 'Digit2', 50),
  dollar: char('$', 'Digit4', 52),
  deadDiaeresis: dead('BracketRight', 186),
  uUmlaut: char('ü', 'KeyU', 85),
  braceLeft: char('{', 'Digit7', 55),
  bracketLeft: char('[', 'Digit8', 56),
  bracketRight: char(']', 'Digit9', 57),
  braceRight: char('}', 'Digit0', 48),
};

/** One case: what the user does (then Enter), and the line the terminal must get. */
export interface Case {
  readonly what: string;
  readonly arrives: string;
  readonly steps: readonly Step[];
}
const row = (what: string, arrives: string, ...steps: Step[]): Case => ({ what, arrives, steps });
export const compose = (updates: string[], commit: string): Step => ({ compose: updates, commit });
export const insert = (text: string): Step => ({ insert: text });
const phone = (text: string): Step => ({ phone: text });
const phoneBackspace: Step = { phoneBackspace: true };
const paste = 'ab€😀 '.repeat(100);

export const cases: readonly Case[] = [
  // Input methods and inserted text. First on purpose: the first key event of
  // an X server once lost the keysym Xvnc adds for a character outside its keymap.
  row('an IME composition committing 日本', '日本', compose(['に', 'にほ', 'にほん'], '日本')),
  row('a Korean composition committing 한국어', '한국어', compose(['ㅎ', '하', '한'], '한국어')),
  row('inserted 😀 (emoji picker)', '😀', insert('😀')),
  row('inserted é€ (outside the server keymap)', 'é€', insert('é€')),
  row('a 500-character insertion (paste-like)', paste, insert(paste)),
  row('a phone keyboard (keyCode 229, then text)', 'Hi ü😀', phone('Hi'), phone(' ü😀')),
  row("a phone keyboard's backspace", 'ab', phone('abc'), phoneBackspace),
  // German QWERTZ.
  row('QWERTZ z on KeyY, Shift+Z', 'zZ', press(de.z), press(de.Z, shift)),
  row('QWERTZ AltGr+Q → @, AltGr+E → €', '@€', press(de.at, altGr), press(de.euro, altGr)),
  row(
    'QWERTZ AltGr+7/8/9/0 → { [ ] }',
    '{[]}',
    ...[de.braceLeft, de.bracketLeft, de.bracketRight, de.braceRight].map((key) => press(key, altGr)),
  ),
  row(
    'QWERTZ AltGr+ß → \\, AltGr+< → |, AltGr++ → ~',
    '\\|~',
    ...[de.backslash, de.pipe, de.tilde].map((key) => press(key, altGr)),
  ),
  row('QWERTZ ß ü ö', 'ßüö', press(de.sharpS), press(de.uUmlaut), press(de.oUmlaut)),
  row('QWERTZ dead key ^ then e → ê', 'ê', press(de.deadCircumflex), press(de.eCircumflex)),
  // French AZERTY.
  row('AZERTY a on KeyQ, q on KeyA', 'aq', press(fr.a), press(fr.q)),
  row('AZERTY é ç', 'éç', press(fr.eAcute), press(fr.cCedilla)),
  row('AZERTY dead key ^ then e → ê', 'ê', press(fr.deadCircumflex), press(fr.eCircumflex)),
  // A shortcut follows the character, not the key's position: Ctrl+A on AZERTY is KeyQ.
  row('AZERTY Ctrl+A (on KeyQ) as ^A', '\u0001', press(fr.ctrlA, control)),
  row('key repeat: z held for 12 repeats', 'z'.repeat(12), hold(de.z, 12)),
  // A layout can put any character on a key; noVNC only knows one UTF-16 unit.
  row('a key that types 😀 (outside the basic plane)', '😀', press(char('😀', 'KeyQ', 81))),
  // UK QWERTY.
  row(
    'UK Shift+3 → £, Shift+\' → @, Shift+2 → "',
    '£@"',
    ...[gb.pound, gb.at, gb.quote].map((key) => press(key, shift)),
  ),
  row('UK # on Backslash, Shift+` → ¬', '#¬', press(gb.hash), press(gb.not, shift)),
  // US-International: dead keys.
  row(
    'US-Intl dead \' then e → é, dead " then u → ü',
    'éü',
    press(usIntl.deadAcute),
    press(usIntl.eAcute),
    press(usIntl.deadDiaeresis, shift),
    press(usIntl.uUmlaut),
  ),
  row(
    'US-Intl dead ~ then n → ñ, dead ` then a → à, dead ^ then o → ô',
    'ñàô',
    press(usIntl.deadTilde, shift),
    press(usIntl.nTilde),
    press(usIntl.deadGrave),
    press(usIntl.aGrave),
    press(usIntl.deadCircumflex, shift),
    press(usIntl.oCircumflex),
  ),
  row("US-Intl dead ' then Space → '", "'", press(usIntl.deadAcute), press(usIntl.apostrophe)),
  // Spanish.
  row('Spanish ñ, dead ´ then a → á', 'ñá', press(es.nTilde), press(es.deadAcute), press(es.aAcute)),
  row('Spanish AltGr+2 → @, AltGr+3 → #', '@#', press(es.at, altGr), press(es.hash, altGr)),
  row('Spanish ¡ and Shift+¡ → ¿', '¡¿', press(es.invertedExclamation), press(es.invertedQuestion, shift)),
  // Swedish.
  row('Swedish å ä ö', 'åäö', press(se.aRing), press(se.aUmlaut), press(se.oUmlaut)),
  row('Swedish AltGr+2 → @, AltGr+4 → $', '@$', press(se.at, altGr), press(se.dollar, altGr)),
  row('Swedish dead ¨ then u → ü', 'ü', press(se.deadDiaeresis), press(se.uUmlaut)),
  row(
    'Swedish AltGr+7/8/9/0 → { [ ] }',
    '{[]}',
    ...[se.braceLeft, se.bracketLeft, se.bracketRight, se.braceRight].map((key) => press(key, altGr)),
  ),
];

/** `count` letter and digit keys (a-z, 0-9, over and over): a key flood. */
export function floodKeys(count: number): Key[] {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: count }, (_, n) => {
    const character = alphabet[n % alphabet.length] as string;
    const code = /\d/.test(character) ? `Digit${character}` : `Key${character.toUpperCase()}`;
    return char(character, code, character.toUpperCase().charCodeAt(0));
  });
}
