import type { TokenBucket } from './token-bucket.ts';

/** Payload bytes of one TCP segment on a 1500-byte Ethernet path with timestamps. */
export const SEGMENT_BYTES = 1448;

/** Duplicate ACKs that make a TCP sender retransmit before its timer fires. */
const DUPLICATE_ACKS_FOR_FAST_RETRANSMIT = 3;

/** The next `length` bytes of a direction, due at the receiver at `atMs`. */
export interface Delivery {
  readonly length: number;
  readonly atMs: number;
}

/** The link and loss parameters a {@link DeliveryPlanner} works with. */
export interface DeliveryPlannerOptions {
  /** Round-trip time of the empty link; every byte travels half of it. */
  readonly rttMs: number;
  /** Probability in [0, 1] that a segment is lost and has to be retransmitted. */
  readonly lossProbability: number;
  /** Uniform numbers in [0, 1) that decide which segments are lost. */
  readonly random: () => number;
  /** The bottleneck this direction shares with the link's other connections. */
  readonly bucket: TokenBucket;
  /**
   * No byte of this direction leaves before this time: the connection's TCP
   * handshake is still under way.
   * @default 0
   */
  readonly opensAtMs?: number;
}

/** TCP's retransmission timeout for a path with this RTT (RFC 6298 with a steady RTT: RTT + 4 · RTT/4, at least 200 ms as in Linux). */
export function retransmitTimeoutMs(rttMs: number): number {
  return Math.max(200, rttMs + 4 * (rttMs / 4));
}

/** A piece of a segment that has left the bottleneck but not yet been handed to the receiver. */
interface Packet {
  readonly length: number;
  readonly departureMs: number;
  readonly lost: boolean;
  /** When the packet (or its retransmission) reaches the receiver; undefined while a lost one waits for recovery. */
  arrivalMs: number | undefined;
  /** Packets after a lost one that reached the receiver and so sent a duplicate ACK back. */
  duplicateAcks: number;
}

/**
 * Plans when each byte of one direction of one TCP connection reaches the
 * receiver: the bottleneck's departure time, half the RTT of travel, and for a
 * lost segment the delay of TCP's recovery, with every later byte waiting
 * behind it because TCP delivers in order (head-of-line blocking).
 *
 * A lost segment is recovered by fast retransmit when three later packets of
 * the direction leave early enough for their duplicate ACKs to return before
 * the retransmission timer fires; it then arrives one RTT after the third of
 * them left. Otherwise the timer fires and it arrives one RTO after it first
 * left. Retransmissions are never lost and do not queue at the bottleneck.
 *
 * Pure: time is passed in and loss comes from the injected `random`. Loss is
 * decided per 1448-byte segment of the byte stream, not per write, so a seed
 * loses the same bytes however the sender's writes happen to be split.
 */
export class DeliveryPlanner {
  readonly #oneWayMs: number;
  readonly #rttMs: number;
  readonly #rtoMs: number;
  readonly #lossProbability: number;
  readonly #random: () => number;
  readonly #bucket: TokenBucket;
  readonly #opensAtMs: number;
  #streamOffset = 0;
  #segmentLost = false;
  /** Packets not yet handed out as deliveries, in stream order; `#head` skips those already handed out. */
  #inFlight: Packet[] = [];
  #head = 0;
  /** Lost packets still waiting for recovery, oldest first. */
  #unrecovered: Packet[] = [];
  #lastArrivalMs = Number.NEGATIVE_INFINITY;
  #lostSegments = 0;

  constructor(options: DeliveryPlannerOptions) {
    this.#rttMs = options.rttMs;
    this.#oneWayMs = options.rttMs / 2;
    this.#rtoMs = retransmitTimeoutMs(options.rttMs);
    this.#lossProbability = options.lossProbability;
    this.#random = options.random;
    this.#bucket = options.bucket;
    this.#opensAtMs = options.opensAtMs ?? 0;
  }

  /** Segments lost so far (each one recovered by a retransmission). */
  get lostSegments(): number {
    return this.#lostSegments;
  }

  /**
   * When {@link advance} must next be called: the time a waiting lost segment
   * can no longer be fast-retransmitted, or undefined when none waits.
   */
  get nextDecisionMs(): number | undefined {
    const oldest = this.#unrecovered[0];
    return oldest === undefined ? undefined : oldest.departureMs + this.#rtoMs - this.#rttMs;
  }

  /** Offers the next `length` bytes at `nowMs`; returns the deliveries whose time is now known. */
  send(nowMs: number, length: number): Delivery[] {
    let remaining = length;
    while (remaining > 0) {
      const intoSegment = this.#streamOffset % SEGMENT_BYTES;
      if (intoSegment === 0) {
        this.#segmentLost = this.#lossProbability > 0 && this.#random() < this.#lossProbability;
        if (this.#segmentLost) this.#lostSegments++;
      }
      // A write that ends inside a segment leaves as a short packet (no Nagle on
      // interactive links); the rest of that segment shares its fate.
      const packetLength = Math.min(remaining, SEGMENT_BYTES - intoSegment);
      this.#transmit(this.#bucket.depart(nowMs, packetLength), packetLength);
      this.#streamOffset += packetLength;
      remaining -= packetLength;
    }
    return this.advance(nowMs);
  }

  /** Recovers by timeout the lost segments whose fast-retransmit chance passed by `nowMs`; returns the deliveries now known. */
  advance(nowMs: number): Delivery[] {
    while (this.#unrecovered[0] !== undefined && (this.nextDecisionMs ?? Number.POSITIVE_INFINITY) <= nowMs) {
      this.#recoverOldestByTimeout();
    }
    return this.#release();
  }

  #transmit(departureMs: number, length: number): void {
    const packet: Packet = {
      length,
      departureMs,
      lost: this.#segmentLost,
      arrivalMs: this.#segmentLost ? undefined : this.#arrivalOf(departureMs),
      duplicateAcks: 0,
    };
    // Departures never decrease, so once this packet's ACK would return too
    // late for the oldest waiting loss, every later packet's would too.
    while (
      this.#unrecovered[0] !== undefined &&
      departureMs + this.#rttMs >= this.#unrecovered[0].departureMs + this.#rtoMs
    ) {
      this.#recoverOldestByTimeout();
    }
    if (!packet.lost) {
      for (const waiting of this.#unrecovered) waiting.duplicateAcks++;
      while (
        this.#unrecovered[0] !== undefined &&
        this.#unrecovered[0].duplicateAcks >= DUPLICATE_ACKS_FOR_FAST_RETRANSMIT
      ) {
        const recovered = this.#unrecovered.shift() as Packet;
        recovered.arrivalMs = this.#arrivalOf(departureMs + this.#rttMs);
      }
    }
    if (packet.lost) this.#unrecovered.push(packet);
    this.#inFlight.push(packet);
  }

  #recoverOldestByTimeout(): void {
    const lost = this.#unrecovered.shift() as Packet;
    lost.arrivalMs = this.#arrivalOf(lost.departureMs + this.#rtoMs);
  }

  #arrivalOf(sentMs: number): number {
    return Math.max(sentMs, this.#opensAtMs) + this.#oneWayMs;
  }

  #release(): Delivery[] {
    const deliveries: { length: number; atMs: number }[] = [];
    for (
      let packet = this.#inFlight[this.#head];
      packet?.arrivalMs !== undefined;
      packet = this.#inFlight[this.#head]
    ) {
      // In-order delivery: nothing overtakes a segment still being recovered.
      this.#lastArrivalMs = Math.max(this.#lastArrivalMs, packet.arrivalMs);
      const previous = deliveries.at(-1);
      if (previous?.atMs === this.#lastArrivalMs) previous.length += packet.length;
      else deliveries.push({ length: packet.length, atMs: this.#lastArrivalMs });
      this.#head++;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#inFlight.length) {
      this.#inFlight = this.#inFlight.slice(this.#head);
      this.#head = 0;
    }
    return deliveries;
  }
}
