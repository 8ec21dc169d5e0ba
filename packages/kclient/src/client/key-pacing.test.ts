import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BURST_GAP_MS, KeyPacer, SPARE_BUDGET, splitIntoBursts } from './key-pacing.ts';

/** Keysyms of Unicode characters (0x1000000 + code point), outside any keymap. */
const cjk = (text: string) => [...text].map((char) => 0x1000000 + (char.codePointAt(0) ?? 0));
const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));
const twentyFive = cjk('一二三四五六七八九十百千万円年月日時分秒週春夏秋冬');
/** Sizes of the bursts `count` distinct spare-keycode characters make. */
const burstSizes = (count: number) =>
  Array.from({ length: Math.ceil(count / SPARE_BUDGET) }, (_, i) =>
    Math.min(SPARE_BUDGET, count - i * SPARE_BUDGET),
  );

describe('splitIntoBursts', () => {
  it('keeps plain typing, a paste of ASCII and repeated characters in one burst', () => {
    expect(splitIntoBursts(ascii('hello world'.repeat(50)))).toHaveLength(1);
    expect(splitIntoBursts([...cjk('日本'), ...cjk('日本'.repeat(100))])).toHaveLength(1);
    expect(splitIntoBursts([0xff0d, 0xff08, ...cjk('一二三')])).toHaveLength(1);
  });

  it(`splits after ${SPARE_BUDGET} distinct characters outside the keymap, in order`, () => {
    const bursts = splitIntoBursts(twentyFive);
    expect(bursts.map((burst) => burst.length)).toEqual(burstSizes(25));
    expect(splitIntoBursts([...ascii('a'), ...twentyFive, ...ascii('z')]).flat()).toEqual([
      ...ascii('a'),
      ...twentyFive,
      ...ascii('z'),
    ]);
  });

  it('counts what the current burst already holds', () => {
    const current = new Set(twentyFive.slice(0, SPARE_BUDGET - 1));
    const [next, after] = twentyFive.slice(SPARE_BUDGET - 1);
    expect(splitIntoBursts([next as number, after as number], current)).toEqual([[next], [after]]);
    expect(splitIntoBursts([twentyFive[0] as number, next as number], current)).toEqual([
      [twentyFive[0], next],
    ]);
  });
});

describe('KeyPacer', () => {
  beforeEach(() => {
    // The pacer's own timers read Date.now(): the presses below use the same clock.
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends a burst at once and the rest after pauses, keeping later presses behind it', () => {
    const sent: number[] = [];
    const pacer = new KeyPacer((keysym) => sent.push(keysym));
    pacer.press(twentyFive, 0);
    expect(sent).toEqual(twentyFive.slice(0, SPARE_BUDGET));
    pacer.press(ascii('x'), 10);
    vi.advanceTimersByTime(BURST_GAP_MS);
    expect(sent).toEqual(twentyFive.slice(0, 2 * SPARE_BUDGET));
    vi.advanceTimersByTime(10 * BURST_GAP_MS);
    expect(sent).toEqual([...twentyFive, ...ascii('x')]);
  });

  it('counts quick words as one burst, and starts a fresh one after a quiet pause', () => {
    const sent: number[] = [];
    const pacer = new KeyPacer((keysym) => sent.push(keysym));
    const half = Math.ceil(SPARE_BUDGET / 2) + 1;
    pacer.press(twentyFive.slice(0, half), 0);
    pacer.press(twentyFive.slice(half, 2 * half), 50);
    expect(sent).toHaveLength(SPARE_BUDGET);
    vi.advanceTimersByTime(BURST_GAP_MS);
    expect(sent).toHaveLength(2 * half);
    pacer.press(twentyFive.slice(2 * half, 2 * half + SPARE_BUDGET), 1_000);
    expect(sent).toHaveLength(2 * half + SPARE_BUDGET);
  });

  it('lets a key of another path (Enter after a paste) wait behind the text, not overtake it', () => {
    const sent: string[] = [];
    const pacer = new KeyPacer((keysym) => sent.push(String(keysym)));
    pacer.inOrder(() => sent.push('enter'));
    expect(sent).toEqual(['enter']);
    pacer.press(twentyFive, 0);
    pacer.inOrder(() => sent.push('enter'));
    expect(sent).not.toContain(String(twentyFive.at(-1)));
    vi.advanceTimersByTime(10 * BURST_GAP_MS);
    expect(sent.slice(-2)).toEqual([String(twentyFive.at(-1)), 'enter']);
  });

  it('drops what waits when cleared', () => {
    const sent: number[] = [];
    const pacer = new KeyPacer((keysym) => sent.push(keysym));
    pacer.press(twentyFive, 0);
    pacer.clear();
    vi.advanceTimersByTime(10 * BURST_GAP_MS);
    expect(sent).toHaveLength(SPARE_BUDGET);
  });
});
