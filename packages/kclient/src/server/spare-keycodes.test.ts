import { describe, expect, it } from 'vitest';
import { needsSpareKeycode, SpareKeycodeTracker } from './spare-keycodes.ts';

/** X Unicode keysym of the n-th CJK ideograph from 一. */
const cjk = (n: number) => 0x01000000 + 0x4e00 + n;

/** Presses and releases `keysym` on `bridge`; the down event's verdict. */
const type = (tracker: SpareKeycodeTracker, keysym: number, bridge = 1) => {
  const verdict = tracker.key(bridge, keysym, true);
  tracker.key(bridge, keysym, false);
  return verdict;
};

/** A tracker past its start-up reset. */
function fresh(options = {}) {
  const tracker = new SpareKeycodeTracker(options);
  tracker.resetStarted();
  tracker.resetFinished();
  return tracker;
}

describe('needsSpareKeycode', () => {
  it('counts characters the US keymap lacks: Latin-1, other scripts, emoji', () => {
    for (const keysym of [0xe9, 0xf1, 0x20ac, 0x010065e5, 0x0101f600])
      expect(needsSpareKeycode(keysym)).toBe(true);
  });

  it('leaves out printable ASCII and function, keypad and modifier keys', () => {
    for (const keysym of [0x20, 0x61, 0x7e, 0xff0d, 0xffe1, 0xff95])
      expect(needsSpareKeycode(keysym)).toBe(false);
  });
});

describe('SpareKeycodeTracker', () => {
  it('asks for a reset at the first idle moment after start, the keymap being unknown', () => {
    const tracker = new SpareKeycodeTracker();
    expect(tracker.used).toBe(16);
    tracker.key(1, 0x61, true);
    expect(tracker.wantsReset).toBe(false);
    tracker.key(1, 0x61, false);
    expect(tracker.wantsReset).toBe(true);
  });

  it('counts each distinct character outside the keymap once', () => {
    const tracker = fresh();
    for (const keysym of [0xe9, 0xe9, 0x61, cjk(0), 0xffe1, cjk(0)]) type(tracker, keysym);
    expect(tracker.used).toBe(2);
    expect(tracker.wantsReset).toBe(false);
  });

  it('asks for a reset from the 12th character on, once no key is held on any bridge', () => {
    const tracker = fresh();
    for (let n = 0; n < 11; n++) expect(type(tracker, cjk(n))).toBe('forward');
    expect(tracker.wantsReset).toBe(false);
    tracker.key(2, 0xffe1, true); // Shift held on another viewer
    expect(type(tracker, cjk(11))).toBe('forward');
    expect(tracker.wantsReset).toBe(false);
    tracker.key(2, 0xffe1, false);
    expect(tracker.wantsReset).toBe(true);
  });

  it('holds the key that would need a 17th keycode and forces the reset, even with keys held', () => {
    const tracker = fresh();
    tracker.key(1, 0xffe1, true);
    for (let n = 0; n < 16; n++) expect(type(tracker, cjk(n))).toBe('forward');
    expect(tracker.wantsReset).toBe(false);
    expect(type(tracker, cjk(1))).toBe('forward'); // already mapped
    expect(tracker.key(1, cjk(16), true)).toBe('hold');
    expect(tracker.wantsReset).toBe(true);
    tracker.resetStarted();
    tracker.resetFinished();
    // The held character took the first keycode after the reset.
    expect(tracker.used).toBe(1);
  });

  it('counts up to a capacity of its own', () => {
    const tracker = fresh({ capacity: 20, threshold: 30 });
    tracker.key(1, 0xffe1, true);
    for (let n = 0; n < 20; n++) expect(type(tracker, cjk(n))).toBe('forward');
    expect(tracker.key(1, cjk(20), true)).toBe('hold');
  });

  it('holds characters outside the keymap while a reset runs, and lets other keys pass', () => {
    const tracker = fresh({ threshold: 2 });
    type(tracker, cjk(0));
    type(tracker, cjk(1));
    tracker.resetStarted();
    expect(tracker.wantsReset).toBe(false);
    expect(tracker.key(1, cjk(0), true)).toBe('hold');
    expect(tracker.key(2, 0x61, true)).toBe('forward');
    expect(tracker.key(1, cjk(0), false)).toBe('forward');
    tracker.resetFinished();
    expect(tracker.used).toBe(1);
    expect(type(tracker, cjk(0))).toBe('forward');
  });

  it('stops waiting for the keys of a viewer that left', () => {
    const tracker = fresh({ threshold: 1 });
    tracker.key(2, 0xffe1, true);
    type(tracker, cjk(0));
    expect(tracker.wantsReset).toBe(false);
    tracker.forget(2);
    expect(tracker.wantsReset).toBe(true);
  });

  it('types 25 distinct characters with no key lost, resetting on the way', () => {
    const tracker = fresh();
    let resets = 0;
    for (let n = 0; n < 25; n++) {
      expect(type(tracker, cjk(n))).toBe('forward');
      if (tracker.wantsReset) {
        tracker.resetStarted();
        tracker.resetFinished();
        resets++;
      }
    }
    expect(resets).toBe(2);
    expect(tracker.used).toBe(1);
  });
});
