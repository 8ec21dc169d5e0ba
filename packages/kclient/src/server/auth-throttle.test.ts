import { describe, expect, it } from 'vitest';
import { AuthThrottle } from './auth-throttle.ts';

describe('AuthThrottle', () => {
  it('lets a client fail up to the limit, then refuses it until the oldest failure leaves the window', () => {
    const throttle = new AuthThrottle(3, 60_000);
    expect(throttle.fail('a', 0)).toBe(false);
    expect(throttle.fail('a', 1_000)).toBe(false);
    expect(throttle.retryAfterMs('a', 1_500)).toBe(0);
    expect(throttle.fail('a', 2_000)).toBe(true);
    expect(throttle.retryAfterMs('a', 2_000)).toBe(58_000);
    expect(throttle.retryAfterMs('a', 59_999)).toBe(1);
    expect(throttle.retryAfterMs('a', 60_000)).toBe(0);
  });

  it('counts each client on its own and forgets one after a right answer', () => {
    const throttle = new AuthThrottle(2);
    throttle.fail('a', 0);
    throttle.fail('a', 0);
    expect(throttle.retryAfterMs('a', 0)).toBeGreaterThan(0);
    expect(throttle.retryAfterMs('b', 0)).toBe(0);
    throttle.fail('b', 0);
    throttle.succeed('b');
    throttle.fail('b', 0);
    expect(throttle.retryAfterMs('b', 0)).toBe(0);
  });

  it('is off with a limit of 0', () => {
    const throttle = new AuthThrottle(0);
    for (let i = 0; i < 100; i++) expect(throttle.fail('a', i)).toBe(false);
    expect(throttle.retryAfterMs('a', 100)).toBe(0);
  });

  it('remembers a bounded number of clients, dropping the longest quiet first', () => {
    const throttle = new AuthThrottle(1, 60_000, 2);
    throttle.fail('a', 0);
    throttle.fail('b', 1);
    throttle.fail('c', 2);
    expect(throttle.retryAfterMs('a', 3)).toBe(0);
    expect(throttle.retryAfterMs('b', 3)).toBeGreaterThan(0);
    expect(throttle.retryAfterMs('c', 3)).toBeGreaterThan(0);
  });

  it('records answers: only offered credentials count, a right one resets, the closing one says so', () => {
    const throttle = new AuthThrottle(2);
    expect(throttle.record('a', false, false, 0)).toBe(false);
    expect(throttle.record('a', false, false, 0)).toBe(false);
    expect(throttle.retryAfterMs('a', 0)).toBe(0);
    expect(throttle.record('a', true, false, 0)).toBe(false);
    expect(throttle.record('a', true, true, 0)).toBe(false);
    expect(throttle.record('a', true, false, 0)).toBe(false);
    expect(throttle.record('a', true, false, 0)).toBe(true);
    expect(throttle.retryAfterMs('a', 0)).toBeGreaterThan(0);
  });
});
