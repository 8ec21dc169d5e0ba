import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FRAME_KIND, framesLost, MAX_FRAME_BYTES } from './audio-framing.ts';

describe('audio framing', () => {
  it('round-trips kind, sequence number and packet', () => {
    const message = encodeFrame(FRAME_KIND.mic, 0x01020304, Uint8Array.of(9, 8, 7));
    expect([...message]).toEqual([2, 1, 2, 3, 4, 9, 8, 7]);
    const frame = decodeFrame(message);
    expect(frame).toEqual({ kind: 2, seq: 0x01020304, payload: Uint8Array.of(9, 8, 7) });
  });

  it('wraps the sequence number at 2^32 and counts losses across the wrap', () => {
    const frame = decodeFrame(encodeFrame(FRAME_KIND.desktop, 2 ** 32 + 5, Uint8Array.of(1)));
    expect('seq' in frame && frame.seq).toBe(5);
    expect(framesLost(2 ** 32 - 1, 0)).toBe(0);
    expect(framesLost(10, 13)).toBe(2);
  });

  it('reads a frame that sits inside a larger buffer', () => {
    const outer = new Uint8Array(20);
    outer.set(encodeFrame(FRAME_KIND.desktop, 7, Uint8Array.of(5, 6)), 10);
    expect(decodeFrame(outer.subarray(10, 17))).toEqual({ kind: 1, seq: 7, payload: Uint8Array.of(5, 6) });
  });

  it('says what is wrong with a frame that is too short, too long or of an unknown kind', () => {
    expect(decodeFrame(Uint8Array.of(1, 0, 0, 0, 0))).toEqual({
      problem: 'frame of 5 bytes (expected more than 5)',
    });
    expect(decodeFrame(new Uint8Array(MAX_FRAME_BYTES + 1).fill(1))).toEqual({
      problem: 'frame of 1281 bytes (expected at most 1280)',
    });
    expect(decodeFrame(Uint8Array.of(7, 0, 0, 0, 0, 1))).toEqual({
      problem: 'frame kind 7 (expected 1 or 2)',
    });
  });

  it('refuses to build a frame around an empty or oversized packet', () => {
    expect(() => encodeFrame(FRAME_KIND.desktop, 0, new Uint8Array(0))).toThrow(
      'audio frame: Opus packet of 0 bytes (expected 1 to 1275)',
    );
    expect(() => encodeFrame(FRAME_KIND.desktop, 0, new Uint8Array(1276))).toThrow(RangeError);
  });
});
