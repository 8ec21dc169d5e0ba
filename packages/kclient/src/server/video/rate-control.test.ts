import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS, encoderCapKbps, ViewerRate } from './rate-control.ts';

/** Feeds reports every 500 ms to a viewer whose link delivers `linkKbps` while `offeredKbps` is sent. */
function simulate(rate: ViewerRate, seconds: number, offeredKbps: number, linkKbps: number, start = 0) {
  let received = 0;
  let t = start;
  for (let step = 0; step < seconds * 2; step++) {
    t += 500;
    rate.noteSent((offeredKbps * 500) / 8);
    received = Math.min(rate.sentBytes, received + (linkKbps * 500) / 8);
    rate.report(t, received, offeredKbps);
  }
  return t;
}

describe('ViewerRate', () => {
  it('starts at the start rate', () => {
    expect(new ViewerRate().targetKbps).toBe(DEFAULT_RATE_LIMITS.startKbps);
  });

  it('lowers the target to 0.8 x the delivery rate when a queue builds on a slow link', () => {
    const rate = new ViewerRate();
    simulate(rate, 3, 4000, 2000);
    expect(rate.targetKbps).toBe(1600);
  });

  it('does not react to one report that merely caught a keyframe in flight', () => {
    const rate = new ViewerRate();
    rate.report(0, 0, 4000);
    rate.noteSent(200_000); // 400 ms at 4 Mbit/s
    rate.report(500, 1000, 4000);
    rate.report(1000, 200_000, 4000);
    expect(rate.targetKbps).toBe(4000);
  });

  it('raises the target by 10 % after two calm seconds, up to the maximum', () => {
    const rate = new ViewerRate();
    simulate(rate, 2.5, 1000, 100_000);
    expect(rate.targetKbps).toBe(4400);
    simulate(rate, 120, 1000, 100_000, 10_000);
    expect(rate.targetKbps).toBe(DEFAULT_RATE_LIMITS.maxKbps);
  });

  it('never goes below the minimum, even when nothing arrives', () => {
    const rate = new ViewerRate();
    simulate(rate, 3, 4000, 0);
    expect(rate.targetKbps).toBe(DEFAULT_RATE_LIMITS.minKbps);
  });

  it('starts over when a report counts backwards', () => {
    const rate = new ViewerRate();
    rate.noteSent(1_000_000);
    rate.report(0, 900_000, 4000);
    rate.report(500, 10, 4000);
    rate.report(1000, 20, 4000);
    expect(rate.targetKbps).toBe(4000);
  });
});

describe('encoderCapKbps', () => {
  it('is the lowest target, within 500 and the maximum', () => {
    expect(encoderCapKbps([3000, 1200, 8000])).toBe(1200);
    expect(encoderCapKbps([100])).toBe(500);
    expect(encoderCapKbps([90_000])).toBe(20_000);
    expect(encoderCapKbps([])).toBe(DEFAULT_RATE_LIMITS.startKbps);
  });
});
