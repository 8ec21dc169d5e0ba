/**
 * A TCP relay on 127.0.0.1 that makes a loopback connection feel like a WAN
 * link, for benchmarks that compare how a remote desktop feels on different
 * networks where netem is not available.
 *
 * The model, for each direction of the link independently:
 * - Latency: every byte travels half the RTT, so an empty link answers in one RTT.
 * - Bandwidth: a token bucket at `mbitPerSecond` with a burst of
 *   {@link LINK_BURST_BYTES}, shared by all connections through the link as a
 *   real bottleneck is. Sending faster than the link carries builds a standing
 *   queue; {@link ShapedLink.stats} reports its bytes and delay.
 * - Loss: each 1448-byte segment of a connection's byte stream is lost with
 *   probability `lossPercent / 100` (seeded) and arrives when TCP's recovery
 *   would bring it: one RTT after the third later segment left (fast
 *   retransmit, about one RTT late within a burst) when that ACK returns before
 *   the retransmission timer fires, otherwise one RTO, max(200 ms, 2 · RTT),
 *   after it first left. Every later byte of that connection and direction
 *   waits behind it (in-order delivery, head-of-line blocking).
 * - Set-up: a new connection's first bytes wait for the TCP handshake, so its
 *   first request is answered after two RTTs.
 * - Close: a FIN passes after every byte accepted before it; a reset drops
 *   what is queued and reaches the other side half an RTT later.
 *
 * The limits: it emulates the latency, bandwidth and loss-recovery delays a
 * TCP connection sees, not TCP itself. Congestion control (slow start, window
 * growth, halving after a loss) is not emulated, so a lossy bulk transfer
 * keeps the full link rate where real TCP would slow down; retransmissions are
 * never lost and do not queue at the bottleneck; the bottleneck queue never
 * overflows (the relay only bounds its memory, by pausing a sender whose
 * receiver does not read).
 *
 * @example
 * ```ts
 * const link = await startShapedLink({ target: { host: '127.0.0.1', port: gatewayPort }, ...LINK_PROFILES[1] });
 * await page.goto(link.url('/'));
 * console.log(link.stats().targetToClient.queueingDelayMs);
 * await link.close();
 * ```
 * @module
 */
import { connect, createServer, type Socket } from 'node:net';
import { DeliveryPlanner } from './delivery-planner.ts';
import { seededRandom, streamSeed } from './seeded-random.ts';
import { ShapedConnection } from './shaped-connection.ts';
import {
  LINK_BURST_BYTES,
  type ShapedLinkOptions,
  validatedShapedLinkOptions,
} from './shaped-link-options.ts';
import { type DirectionTotals, ShapedPipe } from './shaped-pipe.ts';
import { TokenBucket } from './token-bucket.ts';

export {
  LINK_BURST_BYTES,
  LINK_PROFILES,
  type LinkProfile,
  type ShapedLinkOptions,
} from './shaped-link-options.ts';

/** Traffic of one direction of the link, over all its connections. */
export interface ShapedDirectionStats {
  /** Bytes handed to the receiving side since the link started. */
  readonly deliveredBytes: number;
  /**
   * Bytes accepted from the sender that the receiver's socket has not taken yet: in flight, queued at the
   * bottleneck, waiting behind a loss, or delivered into a receiver that does not read.
   */
  readonly queuedBytes: number;
  /** How long the newest byte still waits at the bottleneck before it travels: the standing queue's delay. */
  readonly queueingDelayMs: number;
  /** Segments lost and recovered late since the link started. */
  readonly lostSegments: number;
}

/** A snapshot of the link's traffic. */
export interface ShapedLinkStats {
  /** Connections currently relayed. */
  readonly connections: number;
  readonly clientToTarget: ShapedDirectionStats;
  readonly targetToClient: ShapedDirectionStats;
}

/** A running link; see {@link startShapedLink}. */
export interface ShapedLink {
  /** The port on 127.0.0.1 that clients connect to instead of the target's. */
  readonly port: number;
  /** `http://127.0.0.1:<port><path>`, the target's URL as seen through the link. */
  url(path?: string): string;
  stats(): ShapedLinkStats;
  /** Stops accepting, closes every relayed connection at once (both sides get a FIN) and resolves once all are closed. */
  close(): Promise<void>;
}

type Direction = 'clientToTarget' | 'targetToClient';

/**
 * Starts a link on 127.0.0.1 (a free port) that relays every connection to
 * `options.target` through the emulated network described in this module.
 */
export async function startShapedLink(options: ShapedLinkOptions): Promise<ShapedLink> {
  const { target, rttMs, mbitPerSecond, lossPercent, seed, maxQueuedBytes } =
    validatedShapedLinkOptions(options);
  const bucket = { bytesPerMs: (mbitPerSecond * 1e6) / 8 / 1000, burstBytes: LINK_BURST_BYTES };
  const buckets = { clientToTarget: new TokenBucket(bucket), targetToClient: new TokenBucket(bucket) };
  const totals: Record<Direction, DirectionTotals> = {
    clientToTarget: { deliveredBytes: 0 },
    targetToClient: { deliveredBytes: 0 },
  };
  const lostByClosedConnections: Record<Direction, number> = { clientToTarget: 0, targetToClient: 0 };
  const connections = new Set<ShapedConnection>();
  let accepted = 0;

  const server = createServer({ allowHalfOpen: true });
  server.on('connection', (client: Socket) => {
    const acceptedMs = performance.now();
    const index = accepted++;
    const pipe = (
      direction: Direction,
      source: Socket,
      destination: Socket,
      opensAtMs: number,
    ): ShapedPipe => {
      const planner = new DeliveryPlanner({
        rttMs,
        lossProbability: lossPercent / 100,
        random: seededRandom(streamSeed(seed, 2 * index + (direction === 'clientToTarget' ? 0 : 1))),
        bucket: buckets[direction],
        opensAtMs,
      });
      return new ShapedPipe(source, destination, planner, totals[direction], maxQueuedBytes);
    };
    const upstream = connect({ host: target.host, port: target.port, allowHalfOpen: true, noDelay: true });
    client.setNoDelay(true);
    const connection = new ShapedConnection({
      client,
      target: upstream,
      // The client may send once the SYN-ACK came back (one RTT); the server once the SYN arrived (half of one).
      clientToTarget: pipe('clientToTarget', client, upstream, acceptedMs + rttMs),
      targetToClient: pipe('targetToClient', upstream, client, acceptedMs + rttMs / 2),
      oneWayMs: rttMs / 2,
      onClosed: (closed) => {
        connections.delete(closed);
        lostByClosedConnections.clientToTarget += closed.clientToTarget.lostSegments;
        lostByClosedConnections.targetToClient += closed.targetToClient.lostSegments;
      },
    });
    connections.add(connection);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address !== 'object')
    throw new Error('shaped link: the listener has no port');

  const directionStats = (direction: Direction): ShapedDirectionStats => {
    let queuedBytes = 0;
    let lostSegments = lostByClosedConnections[direction];
    for (const connection of connections) {
      queuedBytes += connection[direction].queuedBytes;
      lostSegments += connection[direction].lostSegments;
    }
    return {
      deliveredBytes: totals[direction].deliveredBytes,
      queuedBytes,
      queueingDelayMs: buckets[direction].queueingDelayMs(performance.now()),
      lostSegments,
    };
  };

  return {
    port: address.port,
    url: (path = '/') => `http://127.0.0.1:${address.port}${path}`,
    stats: () => ({
      connections: connections.size,
      clientToTarget: directionStats('clientToTarget'),
      targetToClient: directionStats('targetToClient'),
    }),
    close: async () => {
      const listenerClosed = new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      const connectionsClosed = [...connections].map((connection) => connection.closed);
      for (const connection of connections) connection.destroy();
      await Promise.all([listenerClosed, ...connectionsClosed]);
    },
  };
}
