/**
 * Per-viewer bandwidth estimate and the encoder's bit-rate cap
 * (docs/video-transport.md §2, "Rate control"). Pure: the caller passes the
 * time and the reports; nothing here sends or waits.
 */

/** Bounds and start of the encoder's cap, in kbit/s. */
export interface RateLimits {
  /** Lowest cap the gateway asks for. @default 500 */
  readonly minKbps: number;
  /** Highest cap; also the encoder's `--max-bitrate`. @default 20000 */
  readonly maxKbps: number;
  /** Cap of a new viewer, and of the encoder before anyone reported. @default 4000 */
  readonly startKbps: number;
}

/** The limits of the spec. */
export const DEFAULT_RATE_LIMITS: RateLimits = Object.freeze({
  minKbps: 500,
  maxKbps: 20_000,
  startKbps: 4000,
});

/** A queue holding more than this much of the current bit rate is congestion. */
const QUEUE_LIMIT_MS = 250;
/** Calm time after which a viewer's target is raised. */
const RAISE_AFTER_MS = 2000;
const LOWER_FACTOR = 0.8;
const RAISE_FACTOR = 1.1;

/**
 * What the gateway knows about one viewer's link: bytes sent, bytes the page
 * says it received, and the target bit rate they imply.
 *
 * A queue (bytes in flight above ~250 ms of the current bit rate) seen on two
 * reports in a row lowers the target to 0.8 × the delivery rate measured
 * between them; one report alone may just catch a keyframe on its way, and
 * on an idle desktop the delivery rate is the (tiny) offered rate, not the
 * link's. Two seconds without a queue raise the target by 10 %.
 */
export class ViewerRate {
  readonly #limits: RateLimits;
  #sent = 0;
  #target: number;
  #last: { readonly at: number; readonly received: number } | undefined;
  #queued = false;
  #calmSince: number | undefined;

  constructor(limits: RateLimits = DEFAULT_RATE_LIMITS) {
    this.#limits = limits;
    this.#target = limits.startKbps;
  }

  /** Target bit rate of this viewer, kbit/s. */
  get targetKbps(): number {
    return this.#target;
  }

  /** Bytes handed to this viewer's socket so far. */
  get sentBytes(): number {
    return this.#sent;
  }

  /** Counts a message handed to the socket. */
  noteSent(bytes: number): void {
    this.#sent += bytes;
  }

  /**
   * Takes one report of cumulative bytes received at `now` (ms), with the
   * encoder's current cap; returns the new target.
   */
  report(now: number, receivedBytes: number, currentKbps: number): number {
    const last = this.#last;
    // A count going backwards (a page that restarted its counter) starts over.
    if (last === undefined || receivedBytes < last.received) {
      this.#last = { at: now, received: receivedBytes };
      this.#calmSince ??= now;
      return this.#target;
    }
    const inFlight = Math.max(0, this.#sent - receivedBytes);
    const queueMs = (inFlight * 8) / Math.max(1, currentKbps);
    const elapsed = now - last.at;
    const deliveryKbps = elapsed > 0 ? ((receivedBytes - last.received) * 8) / elapsed : undefined;
    this.#last = { at: now, received: receivedBytes };
    if (queueMs > QUEUE_LIMIT_MS) {
      if (this.#queued && deliveryKbps !== undefined) {
        this.#target = Math.min(this.#target, this.#clamp(LOWER_FACTOR * deliveryKbps));
      }
      this.#queued = true;
      this.#calmSince = now;
      return this.#target;
    }
    this.#queued = false;
    const calmSince = this.#calmSince ?? now;
    if (now - calmSince >= RAISE_AFTER_MS) {
      this.#target = this.#clamp(this.#target * RAISE_FACTOR);
      this.#calmSince = now;
    }
    return this.#target;
  }

  #clamp(kbps: number): number {
    return Math.round(Math.min(this.#limits.maxKbps, Math.max(this.#limits.minKbps, kbps)));
  }
}

/** The encoder's cap: the lowest target of all viewers, within the limits. */
export function encoderCapKbps(targets: Iterable<number>, limits: RateLimits = DEFAULT_RATE_LIMITS): number {
  let lowest = Number.POSITIVE_INFINITY;
  for (const target of targets) lowest = Math.min(lowest, target);
  if (lowest === Number.POSITIVE_INFINITY) return limits.startKbps;
  return Math.round(Math.min(limits.maxKbps, Math.max(limits.minKbps, lowest)));
}
