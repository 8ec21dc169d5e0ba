/** The rate and burst of a {@link TokenBucket}. */
export interface TokenBucketOptions {
  /** Bytes the link carries per millisecond (1 Mbit/s is 125 bytes/ms). */
  readonly bytesPerMs: number;
  /** Bytes that may leave back to back after the link was idle. */
  readonly burstBytes: number;
}

/**
 * The bottleneck of one direction of a link: decides when each packet leaves,
 * at most `bytesPerMs` on average with bursts of at most `burstBytes`.
 *
 * Pure: time is passed in. Packets leave in the order they are offered, so a
 * packet offered while earlier ones still wait leaves after them — the standing
 * queue a sender builds by sending faster than the link carries.
 */
export class TokenBucket {
  readonly #bytesPerMs: number;
  readonly #burstBytes: number;
  /** Tokens in the bucket at {@link #tokensAtMs}, which lies in the future while packets wait. */
  #tokens: number;
  #tokensAtMs = 0;

  constructor(options: TokenBucketOptions) {
    this.#bytesPerMs = options.bytesPerMs;
    this.#burstBytes = options.burstBytes;
    this.#tokens = options.burstBytes;
  }

  /** When a packet of `length` bytes offered at `nowMs` leaves the bottleneck. */
  depart(nowMs: number, length: number): number {
    const startMs = Math.max(nowMs, this.#tokensAtMs);
    const available = Math.min(
      this.#burstBytes,
      this.#tokens + (startMs - this.#tokensAtMs) * this.#bytesPerMs,
    );
    const departureMs = available >= length ? startMs : startMs + (length - available) / this.#bytesPerMs;
    // A packet that waited leaves the moment the bucket holds exactly its length.
    this.#tokens = Math.max(available, length) - length;
    this.#tokensAtMs = departureMs;
    return departureMs;
  }

  /** How long the newest packet offered so far still waits at `nowMs` before it leaves. */
  queueingDelayMs(nowMs: number): number {
    return Math.max(0, this.#tokensAtMs - nowMs);
  }
}
