import { describe, expect, it } from 'vitest';
import {
  FASTEST_ANSWER_WINDOW_MS,
  keepFastest,
  MOTION_QUALITY,
  nextQuality,
  type ProbeAnswer,
  parseQualityQuery,
  type QualitySample,
  type QualityState,
  qualityReason,
  SHARP_QUALITY,
  startQuality,
  wantsProbe,
} from './rfb-quality.ts';

/** Feeds samples in order; returns the level after each. */
function run(samples: readonly QualitySample[], from: QualityState = startQuality()): number[] {
  let state = from;
  return samples.map((sample) => {
    state = nextQuality(state, sample);
    return state.level;
  });
}

const SCREEN = 1280 * 800;
// Bytes per second as measured at 1280×800 on loopback (rfb-quality.ts).
const still = { bytesPerSecond: 2_000, pixels: SCREEN };
const typing = { bytesPerSecond: 30_000, pixels: SCREEN };
const flood = { bytesPerSecond: 700_000, pixels: SCREEN };
// trixie's terminal draws three times as often during a flood.
const fastFlood = { bytesPerSecond: 2_600_000, pixels: SCREEN };
const motion = { bytesPerSecond: 18_000_000, pixels: SCREEN };
const motionAtSix = { bytesPerSecond: 8_500_000, pixels: SCREEN };

describe('the RFB quality', () => {
  it('starts sharp and stays sharp while the screen is still, typed into, or a terminal floods', () => {
    expect(startQuality().level).toBe(SHARP_QUALITY);
    expect(run([still, typing, flood, flood, fastFlood, fastFlood, still])).toEqual(
      Array(7).fill(SHARP_QUALITY),
    );
  });

  it('drops to the motion quality in the first half second of full-screen motion, and stays there while it moves', () => {
    expect(run([still, motion, motionAtSix, motionAtSix])).toEqual([
      SHARP_QUALITY,
      MOTION_QUALITY,
      MOTION_QUALITY,
      MOTION_QUALITY,
    ]);
    // Half the screen moving at 6 still counts as motion: no going back and forth.
    const halfAtSix = { bytesPerSecond: motionAtSix.bytesPerSecond / 2, pixels: SCREEN };
    expect(run([motion, ...Array(6).fill(halfAtSix)])).toEqual(Array(7).fill(MOTION_QUALITY));
  });

  it('is sharp again after two still seconds, and a burst of motion starts that count again', () => {
    const moving: QualityState = { level: MOTION_QUALITY, streak: 0, queued: 0 };
    expect(run([still, still, still, still], moving)).toEqual([6, 6, 6, SHARP_QUALITY]);
    expect(run([still, still, motionAtSix, still, still, still, flood], moving)).toEqual([
      6,
      6,
      6,
      6,
      6,
      6,
      SHARP_QUALITY,
    ]);
  });

  it('judges bytes per screen pixel: a HiDPI flood stays sharp, motion in a small window does not count', () => {
    const hidpi = 2560 * 1600;
    expect(run([{ bytesPerSecond: 4 * flood.bytesPerSecond, pixels: hidpi }])).toEqual([SHARP_QUALITY]);
    expect(run([{ bytesPerSecond: 4 * motion.bytesPerSecond, pixels: hidpi }])).toEqual([MOTION_QUALITY]);
    expect(run([{ bytesPerSecond: motion.bytesPerSecond, pixels: hidpi }])).toEqual([SHARP_QUALITY]);
    // Before the first framebuffer there are no pixels: nothing to judge.
    expect(run([{ bytesPerSecond: motion.bytesPerSecond, pixels: 0 }])).toEqual([SHARP_QUALITY]);
  });
});

describe('the RFB quality on a full path', () => {
  // A flood at 9 through a 5 Mbit/s link: 0.6 MB/s, under the motion threshold, but a queue builds.
  const slowFlood = (queueMs: number | undefined) => ({ bytesPerSecond: 600_000, pixels: SCREEN, queueMs });

  it('leaves sharp pictures after three samples whose probe waited behind a standing queue', () => {
    expect(run([slowFlood(5), slowFlood(80), slowFlood(90), slowFlood(70)])).toEqual([
      9,
      9,
      9,
      MOTION_QUALITY,
    ]);
  });

  it('does not react to one or two slow probes; a probe still on its way keeps the count', () => {
    expect(run([slowFlood(80), slowFlood(80), slowFlood(5), slowFlood(80), slowFlood(5)])).toEqual(
      Array(5).fill(SHARP_QUALITY),
    );
    expect(
      run([slowFlood(80), slowFlood(undefined), slowFlood(80), slowFlood(undefined), slowFlood(80)]),
    ).toEqual([9, 9, 9, 9, MOTION_QUALITY]);
  });

  it('counts a probe that has waited past the threshold without an answer: a queue of seconds shows in 1.5 s', () => {
    // Full-screen motion at 9 through 5 Mbit/s: ~0.6 bytes/s per pixel, under the motion threshold.
    const stuck = (probeWaitingMs: number) => ({ ...slowFlood(undefined), probeWaitingMs });
    expect(run([stuck(450), stuck(950), stuck(1450)])).toEqual([9, 9, MOTION_QUALITY]);
    // A probe sent a moment ago says nothing yet: the count stays.
    expect(run([slowFlood(80), stuck(10), slowFlood(80), stuck(20), slowFlood(80)])).toEqual([
      9,
      9,
      9,
      9,
      MOTION_QUALITY,
    ]);
  });

  it('stays at the lower level while the rate that filled the path goes on, and is sharp two seconds after it fell', () => {
    let state = startQuality();
    for (const _ of [1, 2, 3]) state = nextQuality(state, slowFlood(80));
    expect(state.level).toBe(MOTION_QUALITY);
    expect(qualityReason(state)).toBe('queue');
    expect(qualityReason(nextQuality(startQuality(), motion))).toBe('motion');
    expect(qualityReason(startQuality())).toBe('sharp');
    // At 6 the same flood needs less than the link carries: no queue, but the flood goes on.
    const levels: number[] = [];
    for (const sample of [...Array(6).fill(slowFlood(undefined)), ...Array(4).fill(typing)]) {
      state = nextQuality(state, sample);
      levels.push(state.level);
    }
    expect(levels).toEqual([6, 6, 6, 6, 6, 6, 6, 6, 6, SHARP_QUALITY]);
  });

  it('remembers a path that filled up: the next flood near that rate drops at once, for a minute', () => {
    let state = startQuality();
    for (const _ of [1, 2, 3]) state = nextQuality(state, slowFlood(80));
    expect(qualityReason(state)).toBe('queue');
    for (const _ of [1, 2, 3, 4]) state = nextQuality(state, still);
    expect(state.level).toBe(SHARP_QUALITY);
    // The same flood again: no probe has answered yet, the rate alone says the path fills.
    const again = nextQuality(state, slowFlood(undefined));
    expect(again.level).toBe(MOTION_QUALITY);
    expect(qualityReason(again)).toBe('queue');
    // A flood at under 80 % of that rate does not fill it: sharp.
    expect(nextQuality(state, { ...slowFlood(undefined), bytesPerSecond: 400_000 }).level).toBe(
      SHARP_QUALITY,
    );
    // A minute later the path may have changed: three slow probes are needed again.
    let later = state;
    for (let i = 0; i < 120; i++) later = nextQuality(later, still);
    expect(run([slowFlood(undefined), slowFlood(undefined)], later)).toEqual([9, 9]);
  });

  it('probes every sample while sharp pictures flow, and every five seconds otherwise', () => {
    const sharp = startQuality();
    expect(wantsProbe(sharp, flood, 1)).toBe(true);
    expect(wantsProbe(sharp, typing, 1)).toBe(false);
    expect(wantsProbe(sharp, still, 9)).toBe(false);
    expect(wantsProbe(sharp, still, 10)).toBe(true);
    expect(wantsProbe({ level: MOTION_QUALITY, streak: 0, queued: 0 }, flood, 1)).toBe(false);
  });
});

describe('?quality=', () => {
  it('fixes the level with 0 to 9, as in noVNC’s own page', () => {
    expect(parseQualityQuery('0')).toEqual({ kind: 'fixed', level: 0 });
    expect(parseQualityQuery('9')).toEqual({ kind: 'fixed', level: 9 });
  });

  it('adapts when absent, empty or auto', () => {
    for (const query of [null, '', 'auto']) expect(parseQualityQuery(query)).toEqual({ kind: 'adaptive' });
  });

  it('adapts and says what to write instead for anything else', () => {
    for (const query of ['10', '-1', 'high', '6.5']) {
      const choice = parseQualityQuery(query);
      expect(choice.kind).toBe('adaptive');
      expect(choice.kind === 'adaptive' && choice.problem).toMatch(
        new RegExp(`\\?quality=${query.replace('.', '\\.')} .*0 \\(smallest\\) to 9 \\(sharpest\\)`),
      );
    }
  });
});

describe('keepFastest (the probe answer a queue is measured against)', () => {
  const fastestAfter = (answers: readonly ProbeAnswer[]) =>
    answers.reduce<ProbeAnswer[]>((kept, answer) => keepFastest(kept, answer), [])[0]?.ms;

  it('keeps the fastest answer while it is recent, however slow the answers after it', () => {
    expect(
      fastestAfter([
        { atMs: 0, ms: 4 },
        { atMs: 500, ms: 180 },
        { atMs: 1000, ms: 220 },
      ]),
    ).toBe(4);
  });

  it('forgets an answer older than the window: a path slower for good stops looking queued', () => {
    const old = { atMs: 0, ms: 4 };
    const slower = [5_000, 30_000, FASTEST_ANSWER_WINDOW_MS + 1].map((atMs) => ({
      atMs,
      ms: 40 + atMs / 1000,
    }));
    expect(fastestAfter([old, ...slower])).toBe(40 + 5);
  });

  it('drops answers that a faster later one outdoes, so it stays small', () => {
    const answers = Array.from({ length: 200 }, (_, i) => ({ atMs: i * 500, ms: 200 - i / 2 }));
    expect(answers.reduce<ProbeAnswer[]>((kept, answer) => keepFastest(kept, answer), [])).toHaveLength(1);
  });
});
