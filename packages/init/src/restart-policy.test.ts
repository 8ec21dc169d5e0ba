import { describe, expect, it } from 'vitest';
import { RestartTracker } from './restart-policy.ts';
import { DEFAULT_RESTART } from './service-spec.ts';

const policy = { ...DEFAULT_RESTART, initialDelayMs: 100, maxDelayMs: 1000, maxFailures: 100 };

describe('RestartTracker', () => {
  it('doubles the delay after each quick failure up to the cap', () => {
    const tracker = new RestartTracker(policy);
    const delays = [0, 1, 2, 3, 4, 5].map((i) => tracker.recordFailure(i * 10, 5));
    expect(delays.map((v) => (v.action === 'restart' ? v.delayMs : -1))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('starts over after a stable run', () => {
    const tracker = new RestartTracker(policy);
    tracker.recordFailure(0, 5);
    tracker.recordFailure(10, 5);
    expect(tracker.recordFailure(20_000, policy.stableAfterMs)).toEqual({ action: 'restart', delayMs: 100 });
  });

  it('gives up after N failures within the window', () => {
    const tracker = new RestartTracker({ ...policy, maxFailures: 3, windowMs: 60_000 });
    expect(tracker.recordFailure(0, 1).action).toBe('restart');
    expect(tracker.recordFailure(1000, 1).action).toBe('restart');
    expect(tracker.recordFailure(2000, 1)).toEqual({ action: 'give-up', failures: 3, windowMs: 60_000 });
  });

  it('forgets failures older than the window', () => {
    const tracker = new RestartTracker({ ...policy, maxFailures: 3, windowMs: 60_000 });
    tracker.recordFailure(0, 1);
    tracker.recordFailure(1000, 1);
    expect(tracker.recordFailure(61_001, 1).action).toBe('restart');
  });
});
