import type { Socket } from 'node:net';
import type { Delivery, DeliveryPlanner } from './delivery-planner.ts';

/**
 * Where a pipe is in its life: `flowing` while its source sends, `draining`
 * after the source's FIN until every accepted byte is delivered, `finished`
 * once the FIN was passed on, `stopped` after a reset or the link's close.
 */
type PipeState = 'flowing' | 'draining' | 'finished' | 'stopped';

/** Counters one direction of a link adds to across all its connections. */
export interface DirectionTotals {
  deliveredBytes: number;
}

/** Bytes accepted from the source and not yet written to the destination, oldest first. */
class ByteQueue {
  #chunks: Buffer[] = [];
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  take(length: number): Buffer {
    const taken: Buffer[] = [];
    let missing = length;
    while (missing > 0) {
      const chunk = this.#chunks[0] as Buffer;
      if (chunk.length <= missing) {
        taken.push(chunk);
        this.#chunks.shift();
        missing -= chunk.length;
      } else {
        taken.push(chunk.subarray(0, missing));
        this.#chunks[0] = chunk.subarray(missing);
        missing = 0;
      }
    }
    this.#length -= length;
    return taken.length === 1 ? (taken[0] as Buffer) : Buffer.concat(taken);
  }

  clear(): void {
    this.#chunks = [];
    this.#length = 0;
  }
}

/**
 * One direction of one relayed connection: reads the source, holds each byte
 * until the {@link DeliveryPlanner} says it reaches the receiver, then writes
 * it to the destination, and passes the source's FIN on after the last byte.
 */
export class ShapedPipe {
  readonly #source: Socket;
  readonly #destination: Socket;
  readonly #planner: DeliveryPlanner;
  readonly #totals: DirectionTotals;
  readonly #maxQueuedBytes: number;
  readonly #bytes = new ByteQueue();
  #deliveries: Delivery[] = [];
  #state: PipeState = 'flowing';
  #timer: NodeJS.Timeout | undefined;
  #sourcePaused = false;

  constructor(
    source: Socket,
    destination: Socket,
    planner: DeliveryPlanner,
    totals: DirectionTotals,
    maxQueuedBytes: number,
  ) {
    this.#source = source;
    this.#destination = destination;
    this.#planner = planner;
    this.#totals = totals;
    this.#maxQueuedBytes = maxQueuedBytes;
    source.on('data', (chunk: Buffer) => this.#accept(chunk));
    source.on('end', () => this.#sourceEnded());
    destination.on('drain', () => this.#regulateSource());
  }

  /** Bytes accepted from the source that the destination's kernel has not taken yet (the link's queue and the socket's write buffer). */
  get queuedBytes(): number {
    return this.#bytes.length + this.#destination.writableLength;
  }

  /** Segments of this direction lost (and recovered) so far. */
  get lostSegments(): number {
    return this.#planner.lostSegments;
  }

  /** Drops everything queued and stops forwarding: the connection was reset or the link closed. */
  stop(): void {
    this.#state = 'stopped';
    clearTimeout(this.#timer);
    this.#bytes.clear();
    this.#deliveries = [];
  }

  #accept(chunk: Buffer): void {
    if (this.#state !== 'flowing') return;
    this.#bytes.push(chunk);
    this.#schedule(this.#planner.send(performance.now(), chunk.length));
    this.#deliverDue();
  }

  #schedule(deliveries: Delivery[]): void {
    // A loop, not push(...spread): a long recovery can release more deliveries than a call may take arguments.
    for (const delivery of deliveries) this.#deliveries.push(delivery);
  }

  #sourceEnded(): void {
    if (this.#state !== 'flowing') return;
    this.#state = 'draining';
    this.#deliverDue();
  }

  #deliverDue(): void {
    if (this.#state === 'stopped' || this.#state === 'finished') return;
    const nowMs = performance.now();
    this.#schedule(this.#planner.advance(nowMs));
    let due = 0;
    let count = 0;
    for (const delivery of this.#deliveries) {
      if (delivery.atMs > nowMs) break;
      due += delivery.length;
      count++;
    }
    if (count > 0) {
      this.#deliveries.splice(0, count);
      this.#destination.write(this.#bytes.take(due));
      this.#totals.deliveredBytes += due;
    }
    if (this.#state === 'draining' && this.#bytes.length === 0) {
      this.#state = 'finished';
      this.#destination.end();
    }
    this.#scheduleNextDelivery(nowMs);
    this.#regulateSource();
  }

  #scheduleNextDelivery(nowMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const nextMs = Math.min(
      this.#deliveries[0]?.atMs ?? Number.POSITIVE_INFINITY,
      this.#planner.nextDecisionMs ?? Number.POSITIVE_INFINITY,
    );
    if (nextMs === Number.POSITIVE_INFINITY) return;
    // Rounded up: a byte must never arrive before its time, a millisecond late is noise.
    this.#timer = setTimeout(() => this.#deliverDue(), Math.max(0, Math.ceil(nextMs - nowMs)));
  }

  /**
   * Pauses the source while more than the limit waits here or in the
   * destination's write buffer (a receiver that stops reading), and resumes it
   * at half the limit, so memory stays bounded and the sender feels the
   * backpressure as it would from a full TCP window.
   */
  #regulateSource(): void {
    if (this.#state === 'stopped') return;
    if (!this.#sourcePaused && this.queuedBytes > this.#maxQueuedBytes) {
      this.#sourcePaused = true;
      this.#source.pause();
    } else if (this.#sourcePaused && this.queuedBytes <= this.#maxQueuedBytes / 2) {
      this.#sourcePaused = false;
      this.#source.resume();
    }
  }
}
