import { describe, expect, it } from 'vitest';
import { keepLocksOnGestureKeys } from './gesture-lock-keys.ts';

/** A stand-in for noVNC's RFB: records what its key handler gets, and on which object. */
function fakeRfb() {
  const calls: unknown[][] = [];
  const rfb = {
    _handleKeyEvent(this: unknown, ...args: unknown[]) {
      calls.push([this === rfb, ...args]);
    },
  };
  return { rfb, calls };
}

describe('keepLocksOnGestureKeys', () => {
  it('passes "unknown" lock states for a key event that brings none (the pinch gesture)', () => {
    const { rfb, calls } = fakeRfb();
    expect(keepLocksOnGestureKeys(rfb)).toBe(true);
    rfb._handleKeyEvent(0xffe3, 'ControlLeft', true);
    expect(calls).toEqual([[true, 0xffe3, 'ControlLeft', true, null, null]]);
  });

  it("passes a keyboard event's lock states on unchanged", () => {
    const { rfb, calls } = fakeRfb();
    keepLocksOnGestureKeys(rfb);
    (rfb._handleKeyEvent as (...args: unknown[]) => void)(0x61, 'KeyA', true, true, false);
    expect(calls).toEqual([[true, 0x61, 'KeyA', true, true, false]]);
  });

  it('changes nothing on an RFB object without the internal', () => {
    const rfb = {};
    expect(keepLocksOnGestureKeys(rfb)).toBe(false);
    expect(rfb).toEqual({});
  });
});
