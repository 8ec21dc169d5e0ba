import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleWatch } from './idle-watch.ts';

describe('IdleWatch', () => {
  let last: number | undefined;
  let onIdle: ReturnType<typeof vi.fn<() => void>>;
  let watch: IdleWatch;

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    last = undefined;
    onIdle = vi.fn<() => void>();
    watch = new IdleWatch({ periodMs: 60_000, lastActivity: () => last, onIdle });
  });
  afterEach(() => {
    watch.stop();
    vi.useRealTimers();
  });

  it('runs the idle hooks one period after boot when nobody ever typed', () => {
    watch.start();
    vi.advanceTimersByTime(59_999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(watch.state).toBe('idle');
  });

  it('re-arms when there was input during the period', () => {
    watch.start();
    vi.advanceTimersByTime(30_000);
    last = Date.now();
    vi.advanceTimersByTime(30_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(29_999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('runs once per idle period, and again only after new input', () => {
    watch.start();
    vi.advanceTimersByTime(60_000 * 10);
    expect(onIdle).toHaveBeenCalledTimes(1);
    watch.activity();
    expect(watch.state).toBe('idle');
    last = Date.now();
    watch.activity();
    expect(watch.state).toBe('active');
    vi.advanceTimersByTime(60_000);
    expect(onIdle).toHaveBeenCalledTimes(2);
  });

  it('uses one timer, not a poll', () => {
    watch.start();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(60_000);
    expect(vi.getTimerCount()).toBe(0);
  });
});
