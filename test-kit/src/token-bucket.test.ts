import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.ts';

describe('TokenBucket', () => {
  it('lets a burst leave at once, then one packet per packet-time', () => {
    const bucket = new TokenBucket({ bytesPerMs: 100, burstBytes: 2000 });
    const departures = [1000, 1000, 1000, 1000].map(() => bucket.depart(0, 1000));
    expect(departures).toEqual([0, 0, 10, 20]);
  });

  it('refills while idle, but never beyond the burst', () => {
    const bucket = new TokenBucket({ bytesPerMs: 100, burstBytes: 2000 });
    bucket.depart(0, 2000);
    expect(bucket.depart(1000, 1000)).toBe(1000);
    expect(bucket.depart(1000, 1000)).toBe(1000);
    expect(bucket.depart(1000, 1000)).toBe(1010);
  });

  it('reports the standing queue as the wait of the newest packet', () => {
    const bucket = new TokenBucket({ bytesPerMs: 125, burstBytes: 2896 });
    for (let sent = 0; sent < 125_000; sent += 1000) bucket.depart(0, 1000);
    // A second's worth offered at once: the last of it leaves a second later, less the burst.
    expect(bucket.queueingDelayMs(0)).toBeCloseTo((125_000 - 2896) / 125, 6);
    expect(bucket.queueingDelayMs(500)).toBeCloseTo((125_000 - 2896) / 125 - 500, 6);
    expect(bucket.queueingDelayMs(5000)).toBe(0);
  });
});
