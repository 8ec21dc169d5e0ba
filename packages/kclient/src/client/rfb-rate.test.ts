import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRfbRateMeter, RFB_SAMPLE_MS } from './rfb-rate.ts';

describe('createRfbRateMeter', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives every listener the same rate of the last period, then starts counting afresh', () => {
    const meter = createRfbRateMeter();
    const auto: number[] = [];
    const quality: number[] = [];
    meter.onSample((rate) => auto.push(rate));
    meter.onSample((rate) => quality.push(rate));
    meter.count(1000);
    meter.count(500);
    vi.advanceTimersByTime(RFB_SAMPLE_MS);
    vi.advanceTimersByTime(RFB_SAMPLE_MS);
    expect(auto).toEqual([3000, 0]);
    expect(quality).toEqual(auto);
  });

  it('runs its timer only while someone listens, and a late listener does not read old bytes', () => {
    const meter = createRfbRateMeter();
    meter.count(10_000);
    expect(vi.getTimerCount()).toBe(0);
    const rates: number[] = [];
    const stop = meter.onSample((rate) => rates.push(rate));
    expect(vi.getTimerCount()).toBe(1);
    meter.count(250);
    vi.advanceTimersByTime(RFB_SAMPLE_MS);
    expect(rates).toEqual([500]);
    stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(RFB_SAMPLE_MS);
    expect(rates).toEqual([500]);
  });

  it('tells message listeners the size of each message as it arrives', () => {
    const meter = createRfbRateMeter();
    const sizes: number[] = [];
    meter.onMessage((bytes) => sizes.push(bytes));
    meter.count(10);
    meter.count(40_000);
    expect(sizes).toEqual([10, 40_000]);
  });
});
