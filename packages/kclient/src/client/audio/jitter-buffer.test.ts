import { describe, expect, it } from 'vitest';
import { JitterBuffer } from './jitter-buffer.ts';

/** Pushes `count` samples whose value is their running index from `start`. */
function pushRamp(buffer: JitterBuffer, start: number, count: number): void {
  const ramp = Float32Array.from({ length: count }, (_, i) => start + i);
  buffer.push(ramp, ramp);
}

function pull(buffer: JitterBuffer, count: number): number[] {
  const left = new Float32Array(count);
  buffer.pull(left, new Float32Array(count));
  return [...left];
}

// 1000 Hz keeps the numbers readable: 1 sample = 1 ms.
const options = { sampleRate: 1000, targetMs: 60, maxMs: 150 };

describe('JitterBuffer', () => {
  it('plays silence until the target is buffered, then the audio in order', () => {
    const buffer = new JitterBuffer(options);
    pushRamp(buffer, 1, 40);
    expect(pull(buffer, 10)).toEqual(new Array(10).fill(0));
    pushRamp(buffer, 41, 20);
    expect(pull(buffer, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(buffer.stats).toMatchObject({ buffered: 55, playing: true, underruns: 0 });
  });

  it('counts an underrun, pads with silence and buffers up to the target again', () => {
    const buffer = new JitterBuffer(options);
    pushRamp(buffer, 1, 60);
    pull(buffer, 58);
    expect(pull(buffer, 4)).toEqual([59, 60, 0, 0]);
    expect(buffer.stats).toMatchObject({ underruns: 1, playing: false });
    pushRamp(buffer, 100, 30);
    expect(pull(buffer, 3)).toEqual([0, 0, 0]);
    pushRamp(buffer, 130, 30);
    expect(pull(buffer, 3)).toEqual([100, 101, 102]);
  });

  it('after a burst beyond the maximum drops the oldest audio back down to the target', () => {
    const buffer = new JitterBuffer(options);
    pushRamp(buffer, 1, 140);
    pushRamp(buffer, 141, 20);
    // 160 > 150: keep the newest 60.
    expect(buffer.stats).toMatchObject({ buffered: 60, dropped: 100 });
    expect(pull(buffer, 3)).toEqual([101, 102, 103]);
  });

  it('keeps only the newest part of a push larger than the whole buffer', () => {
    const buffer = new JitterBuffer(options);
    pushRamp(buffer, 1, 200);
    expect(buffer.stats.buffered).toBe(150);
    expect(pull(buffer, 2)).toEqual([51, 52]);
  });

  it('never holds more than the maximum however fast audio arrives', () => {
    const buffer = new JitterBuffer(options);
    for (let i = 0; i < 100; i++) {
      pushRamp(buffer, i * 20, 20);
      expect(buffer.stats.buffered).toBeLessThanOrEqual(150);
    }
  });
});
