import { describe, expect, it } from 'vitest';
import { seededRandom, streamSeed } from './seeded-random.ts';

describe('seededRandom', () => {
  it('repeats its sequence for the same seed', () => {
    const first = seededRandom(42);
    const second = seededRandom(42);
    const sequence = Array.from({ length: 5 }, first);
    expect(Array.from({ length: 5 }, second)).toEqual(sequence);
    expect(Array.from({ length: 5 }, seededRandom(43))).not.toEqual(sequence);
  });

  it('spreads its numbers uniformly over [0, 1)', () => {
    const random = seededRandom(7);
    const numbers = Array.from({ length: 100_000 }, random);
    expect(Math.min(...numbers)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...numbers)).toBeLessThan(1);
    expect(numbers.filter((number) => number < 0.01).length).toBeGreaterThan(800);
    expect(numbers.filter((number) => number < 0.01).length).toBeLessThan(1200);
  });
});

describe('streamSeed', () => {
  it('gives each stream of a seed its own sequence', () => {
    expect(streamSeed(1, 0)).not.toBe(streamSeed(1, 1));
    expect(streamSeed(1, 0)).not.toBe(streamSeed(2, 0));
    expect(streamSeed(1, 3)).toBe(streamSeed(1, 3));
  });
});
