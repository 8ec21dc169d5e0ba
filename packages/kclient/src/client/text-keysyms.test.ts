import { describe, expect, it } from 'vitest';
import { keysymForCodePoint, keysymsForEdit, keysymsForText, keysymsForTextKey } from './text-keysyms.ts';

describe('keysymsForText', () => {
  it('types Latin-1 as its own code points', () => {
    expect(keysymsForText('aZ é ß')).toEqual([0x61, 0x5a, 0x20, 0xe9, 0x20, 0xdf]);
  });

  it('types other characters as Unicode keysyms, one per code point', () => {
    expect(keysymsForText('日本')).toEqual([0x0100_65e5, 0x0100_672c]);
    expect(keysymsForText('€')).toEqual([0x0100_20ac]);
    // Outside the basic plane: one keysym, not two surrogate halves.
    expect(keysymsForText('😀')).toEqual([0x0101_f600]);
  });

  it('turns line breaks into Return and tabs into Tab, and drops other control characters', () => {
    expect(keysymsForText('a\r\nb\nc\td\u0007\u0085')).toEqual([
      0x61, 0xff0d, 0x62, 0xff0d, 0x63, 0xff09, 0x64,
    ]);
  });
});

describe('keysymForCodePoint', () => {
  it('has no keysym for DEL and C1 controls', () => {
    expect(keysymForCodePoint(0x7f)).toBeUndefined();
    expect(keysymForCodePoint(0x9f)).toBeUndefined();
    expect(keysymForCodePoint(0xa0)).toBe(0xa0);
  });
});

describe('keysymsForEdit', () => {
  it('types what a phone keyboard, emoji picker or paste inserts', () => {
    expect(keysymsForEdit('insertText', 'a😀')).toEqual([0x61, 0x0101_f600]);
    expect(keysymsForEdit('insertReplacementText', 'é')).toEqual([0xe9]);
    expect(keysymsForEdit('insertFromPaste', 'x\ny')).toEqual([0x78, 0xff0d, 0x79]);
  });

  it('presses Return for a new line and BackSpace or Delete for a deleted character', () => {
    expect(keysymsForEdit('insertLineBreak', null)).toEqual([0xff0d]);
    expect(keysymsForEdit('insertParagraph', null)).toEqual([0xff0d]);
    expect(keysymsForEdit('deleteContentBackward', null)).toEqual([0xff08]);
    expect(keysymsForEdit('deleteContentForward', null)).toEqual([0xffff]);
  });

  it('types nothing for compositions (typed once, when committed) and edits without a key', () => {
    expect(keysymsForEdit('insertCompositionText', '日本')).toEqual([]);
    expect(keysymsForEdit('historyUndo', null)).toEqual([]);
    expect(keysymsForEdit('deleteWordBackward', null)).toEqual([]);
    expect(keysymsForEdit('formatBold', null)).toEqual([]);
  });
});

describe('keysymsForTextKey', () => {
  it('gives the Unicode keysym of a key that types one character outside the basic plane', () => {
    expect(keysymsForTextKey('😀')).toEqual([0x0101_f600]);
    expect(keysymsForTextKey('𝄞')).toEqual([0x0101_d11e]);
  });

  it('types a key whose text is several code points, one keysym each', () => {
    expect(keysymsForTextKey('👍🏽')).toEqual([0x0101_f44d, 0x0101_f3fd]);
    expect(keysymsForTextKey('e\u0301')).toEqual([0x65, 0x0100_0301]);
    expect(keysymsForTextKey('😀😀')).toEqual([0x0101_f600, 0x0101_f600]);
  });

  it('leaves every other key to noVNC: single characters of the basic plane and named keys', () => {
    for (const key of ['a', 'é', '日', 'Enter', 'ArrowLeft', 'F1', 'Dead', 'Unidentified', '']) {
      expect(keysymsForTextKey(key)).toBeUndefined();
    }
  });
});
