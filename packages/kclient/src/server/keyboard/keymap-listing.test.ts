import { describe, expect, it } from 'vitest';
import { emptyKeycodes, keycodesToClear, parseKeymapTable, reusesSpareKeycodes } from './keymap-listing.ts';

/** Lines as `xmodmap -pk` prints them (TigerVNC 1.12's Xvnc, US keymap, after typing 日 and é). */
const listing = [
  'There are 7 KeySyms per KeyCode; KeyCodes range from 8 to 255.',
  '',
  '    KeyCode\tKeysym (Keysym)\t...',
  '    Value  \tValue   (Name) \t...',
  '',
  '      8    \t',
  '     10    \t0x0031 (1)\t0x0021 (exclam)\t0x0031 (1)\t0x0021 (exclam)\t',
  '     92    \t0xfe03 (ISO_Level3_Shift)\t0x0000 (NoSymbol)\t0xfe03 (ISO_Level3_Shift)\t',
  '    121    \t0x1008ff12 (XF86AudioMute)\t0x0000 (NoSymbol)\t0x1008ff12 (XF86AudioMute)\t',
  '    126    \t0x00b1 (plusminus)\t0x00b1 (plusminus)\t',
  '    248    \t0x10065e5 (U65E5)\t',
  '    254    \t0x00e9 (eacute)\t0x00c9 (Eacute)\t',
  '    255    \t',
].join('\n');

describe('parseKeymapTable', () => {
  it('reads each keycode with its keysyms, leaving out NoSymbol and the header', () => {
    expect(parseKeymapTable(listing)).toEqual([
      { keycode: 8, keysyms: [] },
      { keycode: 10, keysyms: [0x31, 0x21, 0x31, 0x21] },
      { keycode: 92, keysyms: [0xfe03, 0xfe03] },
      { keycode: 121, keysyms: [0x1008ff12, 0x1008ff12] },
      { keycode: 126, keysyms: [0xb1, 0xb1] },
      { keycode: 248, keysyms: [0x10065e5] },
      { keycode: 254, keysyms: [0xe9, 0xc9] },
      { keycode: 255, keysyms: [] },
    ]);
  });
});

describe('keycodesToClear', () => {
  const entries = parseKeymapTable(listing);
  // As if all these were empty when the gateway first looked, to show the other guards too.
  const spare = new Set([8, 92, 121, 126, 248, 254, 255]);

  it('clears the spare keycodes that hold characters Xvnc added, and that nobody keeps', () => {
    expect(keycodesToClear(entries, spare, new Set())).toEqual([126, 248, 254]);
  });

  it('leaves the keycodes of kept keysyms, either case of a letter', () => {
    expect(keycodesToClear(entries, spare, new Set([0x10065e5, 0xc9]))).toEqual([126]);
  });

  it("never touches a layout's keys: only keycodes that were empty when first read", () => {
    expect(keycodesToClear(entries, new Set([8, 248, 255]), new Set())).toEqual([248]);
  });

  it('never clears shifts, dead keys or vendor keys, even on a spare keycode', () => {
    const cleared = keycodesToClear(entries, spare, new Set());
    expect(cleared).not.toContain(92);
    expect(cleared).not.toContain(121);
  });
});

describe('emptyKeycodes', () => {
  it('lists the keycodes without keysyms', () => {
    expect(emptyKeycodes(parseKeymapTable(listing))).toEqual(new Set([8, 255]));
  });
});

describe('reusesSpareKeycodes', () => {
  it.each([
    ['Xvnc TigerVNC 1.12.0 - built 2023-01-06 16:01', false],
    ['Xvnc TigerVNC 1.15.0 - built Jan 1 2025', true],
    ['Xvnc TigerVNC 1.16.0', true],
    ['Xvnc TigerVNC 2.0.1', true],
    ['sh: 1: Xvnc: not found', undefined],
  ])('%s → %s', (text, expected) => {
    expect(reusesSpareKeycodes(text)).toBe(expected);
  });
});
