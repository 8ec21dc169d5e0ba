import { describe, expect, it } from 'vitest';
import { PcmFramer } from './pcm-framer.ts';

describe('PcmFramer', () => {
  it('cuts chunks of any size into whole frames and keeps the rest', () => {
    const framer = new PcmFramer(8);
    const bytes = Uint8Array.from({ length: 20 }, (_, i) => i);
    expect(framer.push(bytes.subarray(0, 3))).toEqual([]);
    const frames = framer.push(bytes.subarray(3, 19));
    expect(frames.map((frame) => [...new Uint8Array(frame.buffer)])).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7],
      [8, 9, 10, 11, 12, 13, 14, 15],
    ]);
    expect(framer.pendingBytes).toBe(3);
  });

  it('hands out copies, so later input does not change an earlier frame', () => {
    const framer = new PcmFramer(4);
    const [first] = framer.push(Uint8Array.of(1, 1, 1, 1));
    framer.push(Uint8Array.of(2, 2, 2, 2));
    expect([...new Uint8Array(first?.buffer ?? new ArrayBuffer(0))]).toEqual([1, 1, 1, 1]);
  });

  it('forgets a partial frame on reset', () => {
    const framer = new PcmFramer(4);
    framer.push(Uint8Array.of(1, 2));
    framer.reset();
    expect(framer.push(Uint8Array.of(3, 4, 5, 6)).length).toBe(1);
  });

  it('refuses a frame size that is not whole stereo s16 samples', () => {
    expect(() => new PcmFramer(6)).toThrow('PcmFramer: frame of 6 bytes (expected a positive multiple of 4)');
  });
});
