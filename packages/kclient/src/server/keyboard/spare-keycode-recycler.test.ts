import { describe, expect, it } from 'vitest';
import { SpareKeycodeRecycler } from './spare-keycode-recycler.ts';

const cjk = (i: number) => 0x1004e00 + i;
/** Presses and releases `keysym` on `bridge`; returns whether a clearing was asked for. */
const tap = (recycler: SpareKeycodeRecycler, keysym: number, bridge = 1) => {
  const asked = recycler.key(bridge, keysym, true);
  recycler.key(bridge, keysym, false);
  return asked;
};

describe('SpareKeycodeRecycler', () => {
  it('asks for a clearing when a keysym outside the keymap is new, not when it is typed again', () => {
    const recycler = new SpareKeycodeRecycler(3);
    expect(tap(recycler, cjk(1))).toBe(true);
    expect(tap(recycler, cjk(1))).toBe(false);
    expect(tap(recycler, 0xe9)).toBe(true); // é: not on a US keymap
  });

  it('ignores ASCII and the function keys, which every keymap has', () => {
    const recycler = new SpareKeycodeRecycler(3);
    for (const keysym of [0x61, 0x7e, 0xff0d, 0xffe1]) expect(tap(recycler, keysym)).toBe(false);
    expect(recycler.kept()).toEqual(new Set());
  });

  it('keeps the most recently pressed keysyms only', () => {
    const recycler = new SpareKeycodeRecycler(3);
    for (let i = 1; i <= 5; i++) tap(recycler, cjk(i));
    expect(recycler.kept()).toEqual(new Set([cjk(3), cjk(4), cjk(5)]));
    // Typed again, an older one is recent again, and asks for nothing: it is still mapped.
    expect(tap(recycler, cjk(4))).toBe(false);
    expect(tap(recycler, cjk(1))).toBe(true);
    expect(recycler.kept()).toEqual(new Set([cjk(5), cjk(4), cjk(1)]));
  });

  it('keeps a key held down on any bridge, however old, until it is released or its bridge closes', () => {
    const recycler = new SpareKeycodeRecycler(2);
    recycler.key(7, cjk(1), true);
    for (let i = 2; i <= 6; i++) tap(recycler, cjk(i), 8);
    expect(recycler.kept().has(cjk(1))).toBe(true);
    recycler.key(7, cjk(1), false);
    expect(recycler.kept().has(cjk(1))).toBe(false);

    recycler.key(7, cjk(9), true);
    for (let i = 10; i <= 12; i++) tap(recycler, cjk(i), 8);
    recycler.forget(7);
    expect(recycler.kept().has(cjk(9))).toBe(false);
  });

  it('counts repeats: a key pressed twice without release stays held until both are released', () => {
    const recycler = new SpareKeycodeRecycler(1);
    recycler.key(1, cjk(1), true);
    recycler.key(1, cjk(1), true); // key repeat
    tap(recycler, cjk(2));
    recycler.key(1, cjk(1), false);
    expect(recycler.kept().has(cjk(1))).toBe(true);
    recycler.key(1, cjk(1), false);
    expect(recycler.kept().has(cjk(1))).toBe(false);
  });
});
