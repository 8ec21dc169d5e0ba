import { describe, expect, it } from 'vitest';
import { type Delivery, DeliveryPlanner, retransmitTimeoutMs, SEGMENT_BYTES } from './delivery-planner.ts';
import { seededRandom } from './seeded-random.ts';
import { TokenBucket } from './token-bucket.ts';

/** A bottleneck so fast that packets leave when they are offered. */
const unlimited = (): TokenBucket => new TokenBucket({ bytesPerMs: 1e9, burstBytes: 1e9 });

/** Loses exactly the segments (counted from 0) in `lost`. */
function losing(...lost: number[]): { lossProbability: number; random: () => number } {
  let segment = 0;
  return { lossProbability: 0.5, random: () => (lost.includes(segment++) ? 0 : 0.99) };
}

const total = (deliveries: Delivery[]): number =>
  deliveries.reduce((sum, delivery) => sum + delivery.length, 0);

describe('DeliveryPlanner', () => {
  it('delivers every byte half an RTT after it leaves the bottleneck, in order', () => {
    const bucket = new TokenBucket({ bytesPerMs: 125, burstBytes: 2 * SEGMENT_BYTES });
    const planner = new DeliveryPlanner({ rttMs: 60, lossProbability: 0, random: Math.random, bucket });
    // Two segments fit the burst; the rest of the write waits for the link.
    expect(planner.send(0, 4000)).toEqual([
      { length: 2 * SEGMENT_BYTES, atMs: 30 },
      { length: 4000 - 2 * SEGMENT_BYTES, atMs: 30 + (4000 - 2 * SEGMENT_BYTES) / 125 },
    ]);
    expect(planner.lostSegments).toBe(0);
  });

  it("holds a new connection's first bytes until its handshake is done", () => {
    const planner = new DeliveryPlanner({
      rttMs: 60,
      lossProbability: 0,
      random: Math.random,
      bucket: unlimited(),
      opensAtMs: 60,
    });
    expect(planner.send(0, 100)).toEqual([{ length: 100, atMs: 90 }]);
    expect(planner.send(100, 100)).toEqual([{ length: 100, atMs: 130 }]);
  });

  it('recovers a segment lost in a burst one RTT after the third later segment left, with later bytes behind it', () => {
    const planner = new DeliveryPlanner({ rttMs: 60, ...losing(1), bucket: unlimited() });
    expect(planner.send(0, SEGMENT_BYTES)).toEqual([{ length: SEGMENT_BYTES, atMs: 30 }]);
    expect(planner.send(10, SEGMENT_BYTES)).toEqual([]);
    expect(planner.send(20, SEGMENT_BYTES)).toEqual([]);
    expect(planner.send(30, SEGMENT_BYTES)).toEqual([]);
    // The third duplicate ACK leaves with the segment sent at 40: retransmitted at 100, here at 130.
    expect(planner.send(40, SEGMENT_BYTES)).toEqual([{ length: 4 * SEGMENT_BYTES, atMs: 130 }]);
    expect(planner.send(50, SEGMENT_BYTES)).toEqual([{ length: SEGMENT_BYTES, atMs: 130 }]);
    expect(planner.send(200, SEGMENT_BYTES)).toEqual([{ length: SEGMENT_BYTES, atMs: 230 }]);
    expect(planner.lostSegments).toBe(1);
  });

  it('recovers by timeout a lost segment that fewer than three segments follow', () => {
    const planner = new DeliveryPlanner({ rttMs: 60, ...losing(2), bucket: unlimited() });
    expect(planner.send(0, 3 * SEGMENT_BYTES)).toEqual([{ length: 2 * SEGMENT_BYTES, atMs: 30 }]);
    // Until an RTT before the timer fires, three more segments could still bring it back sooner.
    expect(planner.nextDecisionMs).toBe(140);
    expect(planner.advance(139)).toEqual([]);
    expect(planner.advance(140)).toEqual([{ length: SEGMENT_BYTES, atMs: 230 }]);
    expect(planner.nextDecisionMs).toBeUndefined();
  });

  it('recovers by timeout when the later segments leave too late for their ACKs to help', () => {
    const planner = new DeliveryPlanner({ rttMs: 60, ...losing(0), bucket: unlimited() });
    expect(planner.send(0, SEGMENT_BYTES)).toEqual([]);
    expect(planner.send(100, SEGMENT_BYTES)).toEqual([]);
    expect(planner.send(130, SEGMENT_BYTES)).toEqual([]);
    expect(planner.send(150, SEGMENT_BYTES)).toEqual([{ length: 4 * SEGMENT_BYTES, atMs: 230 }]);
  });

  it('loses the same segments however the writes are split', () => {
    const plan = (writes: number[]): { delivered: number; lost: number } => {
      const planner = new DeliveryPlanner({
        rttMs: 20,
        lossProbability: 0.2,
        random: seededRandom(9),
        bucket: unlimited(),
      });
      const deliveries = writes.flatMap((length, index) => planner.send(index, length));
      deliveries.push(...planner.advance(Number.POSITIVE_INFINITY));
      return { delivered: total(deliveries), lost: planner.lostSegments };
    };
    const splitter = seededRandom(3);
    const chunks: number[] = [];
    for (let left = 200_000; left > 0; left -= chunks.at(-1) ?? 0) {
      chunks.push(Math.min(left, 1 + Math.floor(splitter() * 5000)));
    }
    const whole = plan([200_000]);
    expect(plan(chunks)).toEqual(whole);
    expect(whole.delivered).toBe(200_000);
    expect(whole.lost).toBeGreaterThan(0);
  });

  it('loses about the given share of segments', () => {
    const planner = new DeliveryPlanner({
      rttMs: 20,
      lossProbability: 0.01,
      random: seededRandom(1),
      bucket: unlimited(),
    });
    planner.send(0, 100_000 * SEGMENT_BYTES);
    expect(planner.lostSegments).toBeGreaterThan(850);
    expect(planner.lostSegments).toBeLessThan(1150);
  });
});

describe('retransmitTimeoutMs', () => {
  it("is twice the RTT, but never below Linux's 200 ms floor", () => {
    expect(retransmitTimeoutMs(20)).toBe(200);
    expect(retransmitTimeoutMs(100)).toBe(200);
    expect(retransmitTimeoutMs(150)).toBe(300);
  });
});
