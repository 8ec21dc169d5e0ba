import { describe, expect, it } from 'vitest';
import { PROVEN_RUN_MS, RestartTracker } from './restart-policy.ts';
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

  it('never gives up on a service that was ready before each failure, still backing off', () => {
    const tracker = new RestartTracker({ ...policy, maxFailures: 3, windowMs: 60_000 });
    const verdicts = [0, 1, 2, 3, 4, 5].map((i) => tracker.recordFailure(i * 3000, PROVEN_RUN_MS, true));
    expect(verdicts.map((v) => v.action)).toEqual([
      'restart',
      'restart',
      'restart',
      'restart',
      'restart',
      'restart',
    ]);
    expect(verdicts.map((v) => (v.action === 'restart' ? v.delayMs : -1))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('counts only the failed starts towards giving up when both happen', () => {
    const tracker = new RestartTracker({ ...policy, maxFailures: 3, windowMs: 60_000 });
    tracker.recordFailure(0, 1);
    tracker.recordFailure(1000, 5000, true);
    tracker.recordFailure(2000, 1);
    tracker.recordFailure(3000, 5000, true);
    expect(tracker.recordFailure(4000, 1)).toEqual({ action: 'give-up', failures: 3, windowMs: 60_000 });
  });

  it('counts a ready run that died at once as a failed start (no readiness check means ready at once)', () => {
    const tracker = new RestartTracker({ ...policy, maxFailures: 3, windowMs: 60_000 });
    tracker.recordFailure(0, 50, true);
    tracker.recordFailure(1000, 50, true);
    expect(tracker.recordFailure(2000, PROVEN_RUN_MS - 1, true).action).toBe('give-up');
  });

  it('forgets failures older than the window', () => {
    const tracker = new RestartTracker({ ...policy, maxFailures: 3, windowMs: 60_000 });
    tracker.recordFailure(0, 1);
    tracker.recordFailure(1000, 1);
    expect(tracker.recordFailure(61_001, 1).action).toBe('restart');
  });
});
