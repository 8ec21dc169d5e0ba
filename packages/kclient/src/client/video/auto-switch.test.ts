import { describe, expect, it } from 'vitest';
import { RFB_SAMPLE_MS } from '../rfb-rate.ts';
import { type AutoState, type MotionSample, nextAuto, startAuto } from './auto-switch.ts';

/** Feeds samples 500 ms apart; returns the transport after each. */
function run(samples: readonly MotionSample[], from: AutoState = startAuto(0)): string[] {
  let state = from;
  let now = from.sinceMs;
  return samples.map((sample) => {
    now += RFB_SAMPLE_MS;
    state = nextAuto(state, sample, now);
    return state.transport;
  });
}

const still = { rfbBytesPerSecond: 3_000, videoFramesPerSecond: 0 };
const typing = { rfbBytesPerSecond: 20_000, videoFramesPerSecond: 8 };
const flood = { rfbBytesPerSecond: 500_000, videoFramesPerSecond: 30 };
const motion = { rfbBytesPerSecond: 5_000_000, videoFramesPerSecond: 30 };

describe('auto mode', () => {
  it('stays on RFB while the screen is still, typed into, or a terminal floods', () => {
    expect(run([still, typing, typing, flood, flood, flood, still])).toEqual(Array(7).fill('rfb'));
  });

  it('switches to video after a second of full-screen motion, not on one burst', () => {
    expect(run([motion, still, motion, motion])).toEqual(['rfb', 'rfb', 'rfb', 'video']);
  });

  it('goes back to RFB once video has been still for two seconds, never within three of starting', () => {
    const inVideo: AutoState = { transport: 'video', streak: 0, sinceMs: 0 };
    // Still at once: four still samples make 2 s, but the 3 s minimum holds video until 3 s.
    expect(run([still, still, still, still, still, still], inVideo)).toEqual([
      'video',
      'video',
      'video',
      'video',
      'video',
      'rfb',
    ]);
    // Typing after motion counts as still; motion in between starts the count again.
    expect(
      run(
        [motion, motion, motion, motion, motion, motion, typing, motion, typing, typing, typing, typing],
        inVideo,
      ).at(-1),
    ).toBe('rfb');
    expect(
      run([motion, motion, motion, motion, motion, motion, typing, typing, motion, typing], inVideo).at(-1),
    ).toBe('video');
  });
});
