/** One line of `xmodmap -pk`: a keycode and its keysyms (NoSymbol left out). */
export interface KeymapEntry {
  readonly keycode: number;
  readonly keysyms: readonly number[];
}

/**
 * Reads the keymap table that `xmodmap -pk` prints, e.g.
 * `    38    \t0x0061 (a)\t0x0041 (A)\t0x0061 (a)\t0x0041 (A)\t`.
 * Lines that are not a keycode (the header) are skipped.
 */
export function parseKeymapTable(text: string): KeymapEntry[] {
  const entries: KeymapEntry[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*(\d+)\s/.exec(line);
    if (match === null) continue;
    const keysyms = [...line.matchAll(/0x([0-9a-f]+)/gi)]
      .map((hex) => Number.parseInt(hex[1] as string, 16))
      .filter((keysym) => keysym !== 0);
    entries.push({ keycode: Number(match[1]), keysyms });
  }
  return entries;
}

/**
 * A keysym that types a character outside ASCII: Latin-1 and the other
 * legacy character sets up to the currency signs (0xa0–0x20ff), and the
 * Unicode keysyms (0x1000100–0x110ffff). Not the dead keys and ISO shifts
 * (0xfe..), function keys (0xff..) or vendor keys (XF86Audio…, 0x1008ff..),
 * which a layout may put alone on a key.
 */
function isCharacterKeysym(keysym: number): boolean {
  return (keysym >= 0xa0 && keysym <= 0x20ff) || (keysym >= 0x1000100 && keysym <= 0x110ffff);
}

/** Keycodes without any keysym: the ones Xvnc gives to keysyms it does not find. */
export function emptyKeycodes(entries: readonly KeymapEntry[]): Set<number> {
  return new Set(entries.filter(({ keysyms }) => keysyms.length === 0).map(({ keycode }) => keycode));
}

/**
 * Keycodes to clear so that Xvnc can reuse them: those of `spare` (empty
 * when the gateway first read the keymap) that now hold a character, or a
 * character and its other case, outside ASCII, as Xvnc's additions do, and
 * none of `kept`. A layout's own keys are never among them, even those
 * that hold a single such character (the US keymap's plusminus key).
 */
export function keycodesToClear(
  entries: readonly KeymapEntry[],
  spare: ReadonlySet<number>,
  kept: ReadonlySet<number>,
): number[] {
  return entries
    .filter(({ keycode, keysyms }) => {
      const distinct = new Set(keysyms);
      return (
        spare.has(keycode) &&
        distinct.size > 0 &&
        distinct.size <= 2 &&
        [...distinct].every((keysym) => isCharacterKeysym(keysym) && !kept.has(keysym))
      );
    })
    .map(({ keycode }) => keycode);
}

/**
 * Whether a TigerVNC server frees the keycodes it gave to keysyms outside
 * the keymap by itself (1.15 and later reuse them, least recently used
 * first), from what `Xvnc -version` prints (`Xvnc TigerVNC 1.12.0 - built …`).
 * Undefined when the text names no TigerVNC version.
 */
export function reusesSpareKeycodes(versionText: string): boolean | undefined {
  const match = /TigerVNC (\d+)\.(\d+)/.exec(versionText);
  if (match === null) return undefined;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 1 || minor >= 15;
}
