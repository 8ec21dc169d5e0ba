import { describe, expect, it } from 'vitest';
import { dominantHz, leftChannel, rmsOf, sine } from './tone.ts';

describe('dominantHz', () => {
  it('finds the frequency of a tone to within 1 Hz', () => {
    expect(dominantHz(leftChannel(sine(660, 0.5)))).toBeCloseTo(660, 0);
    expect(dominantHz(leftChannel(sine(1000, 0.2)))).toBeCloseTo(1000, 0);
  });

  it('still finds it when a quarter of the signal dropped out, unlike a zero-crossing count', () => {
    const tone = leftChannel(sine(660, 1));
    for (let start = 0; start < tone.length; start += 960) tone.fill(0, start, start + 240);
    expect(dominantHz(tone)).toBeCloseTo(660, 0);
  });

  it('tells a wrong tone apart', () => {
    expect(dominantHz(leftChannel(sine(440, 0.5)))).toBeLessThan(450);
  });
});

describe('rmsOf', () => {
  it('is the amplitude over √2 for a sine and 0 for silence', () => {
    expect(rmsOf(leftChannel(sine(500, 0.1, 10_000)))).toBeCloseTo(10_000 / Math.SQRT2, -1);
    expect(rmsOf(new Int16Array(100))).toBe(0);
  });
});
