import { describe, expect, it } from 'vitest';
import { meterLevel, rms, smoothLevel } from './level-meter.ts';

describe('level meter', () => {
  it('reads silence as 0 and a full-scale square wave as 1', () => {
    expect(meterLevel(rms([new Float32Array(128)]))).toBe(0);
    const square = Float32Array.from({ length: 128 }, (_, i) => (i % 2 === 0 ? 1 : -1));
    expect(meterLevel(rms([square, square]))).toBe(1);
  });

  it('is linear in dB: -30 dBFS sits in the middle', () => {
    expect(meterLevel(10 ** (-30 / 20))).toBeCloseTo(0.5, 5);
    expect(meterLevel(10 ** (-90 / 20))).toBe(0);
  });

  it('rises at once and falls gradually', () => {
    expect(smoothLevel(0.2, 0.9)).toBe(0.9);
    expect(smoothLevel(0.9, 0)).toBeCloseTo(0.72, 5);
  });
});
