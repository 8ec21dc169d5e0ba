import { SEGMENT_BYTES } from './delivery-planner.ts';

/** Bytes each direction may send back to back after an idle moment: two segments. */
export const LINK_BURST_BYTES = 2 * SEGMENT_BYTES;

/** A WAN link as the experience benchmark names and emulates it. */
export interface LinkProfile {
  /** How the benchmark prints the link, e.g. `10 Mbit/s, 60 ms`. */
  readonly name: string;
  readonly rttMs: number;
  readonly mbitPerSecond: number;
  readonly lossPercent: number;
}

/** The links the experience benchmark measures besides plain loopback; spread one into `startShapedLink`. */
export const LINK_PROFILES: readonly [LinkProfile, LinkProfile, LinkProfile] = Object.freeze([
  Object.freeze({ name: '50 Mbit/s, 20 ms', rttMs: 20, mbitPerSecond: 50, lossPercent: 0 }),
  Object.freeze({ name: '10 Mbit/s, 60 ms', rttMs: 60, mbitPerSecond: 10, lossPercent: 0 }),
  Object.freeze({ name: '5 Mbit/s, 100 ms, 1% loss', rttMs: 100, mbitPerSecond: 5, lossPercent: 1 }),
]);

/** What `startShapedLink` relays to and how it shapes the traffic. */
export interface ShapedLinkOptions {
  /** The server behind the link (the gateway); loopback only. */
  readonly target: { readonly host: '127.0.0.1' | '::1'; readonly port: number };
  /** Round-trip time of the empty link in milliseconds; each direction delays every byte by half of it. */
  readonly rttMs: number;
  /** Rate of each direction in Mbit/s (10⁶ bits per second). */
  readonly mbitPerSecond: number;
  /**
   * Percentage of 1448-byte segments lost and recovered late, in each direction.
   * @default 0
   */
  readonly lossPercent?: number;
  /**
   * Seed of the loss pattern; the same seed loses the same bytes of the n-th connection on every run.
   * @default 1
   */
  readonly seed?: number;
  /**
   * Bytes a direction of a connection may hold (queued at the bottleneck or in
   * the receiver's write buffer) before the sender is paused. Like a TCP send
   * window it also caps the standing queue a single flood can build.
   * @default 4 MiB
   */
  readonly maxQueuedBytes?: number;
  /** Name, as in {@link LINK_PROFILES}; ignored, so a profile can be spread in whole. */
  readonly name?: string;
}

/** The options checked once, with defaults filled in; a wrong one throws a RangeError naming it. */
export function validatedShapedLinkOptions(
  options: ShapedLinkOptions,
): Required<Omit<ShapedLinkOptions, 'name'>> {
  const {
    target,
    rttMs,
    mbitPerSecond,
    lossPercent = 0,
    seed = 1,
    maxQueuedBytes = 4 * 1024 * 1024,
  } = options;
  const check = (ok: boolean, option: string, expected: string, received: unknown): void => {
    if (!ok) {
      throw new RangeError(
        `shaped link: ${option} must be ${expected}, received ${JSON.stringify(received)}`,
      );
    }
  };
  // Benchmarks must never send traffic anywhere but this machine.
  check(
    target?.host === '127.0.0.1' || target?.host === '::1',
    'target.host',
    "'127.0.0.1' or '::1'",
    target?.host,
  );
  check(
    Number.isInteger(target.port) && target.port > 0 && target.port < 65_536,
    'target.port',
    'a port number',
    target.port,
  );
  check(Number.isFinite(rttMs) && rttMs >= 0, 'rttMs', 'a finite number >= 0', rttMs);
  check(
    Number.isFinite(mbitPerSecond) && mbitPerSecond > 0,
    'mbitPerSecond',
    'a finite number > 0',
    mbitPerSecond,
  );
  check(lossPercent >= 0 && lossPercent <= 100, 'lossPercent', 'a number from 0 to 100', lossPercent);
  check(Number.isInteger(seed), 'seed', 'an integer', seed);
  check(
    Number.isInteger(maxQueuedBytes) && maxQueuedBytes >= 65_536,
    'maxQueuedBytes',
    'an integer >= 65536',
    maxQueuedBytes,
  );
  return Object.freeze({
    target: Object.freeze({ ...target }),
    rttMs,
    mbitPerSecond,
    lossPercent,
    seed,
    maxQueuedBytes,
  });
}
