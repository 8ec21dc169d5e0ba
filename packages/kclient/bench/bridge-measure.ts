// What one benchmark round measures on one target: a bulk download
// (throughput, bytes lost, CPU of the bridge process) and small round trips.
import { connect } from 'node:net';
import type { BenchProcess } from './processes.ts';
import { openRawWs } from './raw-ws-client.ts';

const MiB = 1024 * 1024;

/** Fake RFB greeting so kclient's input filter reaches the message phase, as with a real viewer. */
const GREETING = Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([1, 1])]);
/** A PointerEvent: what a user's input looks like on the wire. */
const POINTER = Buffer.from([5, 0, 0, 10, 0, 20]);
/** Round trips before sampling starts (JIT, TCP slow start). */
const WARMUP = 100;

/** One path through which the client reaches the source's blast and echo ports. */
export interface Target {
  readonly name: string;
  open(kind: 'blast' | 'echo'): Promise<Stream>;
  /** The bridge process whose CPU is charged to this target (none for raw TCP). */
  readonly bridge?: { readonly blast: BenchProcess; readonly echo: BenchProcess };
}

interface Stream {
  send(bytes: Buffer): void;
  onData(listener: (slice: Buffer) => void): void;
  received(): number;
  readonly closed: Promise<void>;
  close(): void;
}

/** A plain TCP client to `ports` (the source itself, or a TCP relay in front of it). */
export function tcpTarget(
  name: string,
  ports: { blast: number; echo: number },
  bridge?: Target['bridge'],
): Target {
  return {
    name,
    ...(bridge === undefined ? {} : { bridge }),
    open: (kind) =>
      new Promise((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port: ports[kind], noDelay: true });
        let received = 0;
        let listener: ((slice: Buffer) => void) | undefined;
        const closed = new Promise<void>((done) => socket.once('close', () => done()));
        socket.on('data', (chunk: Buffer) => {
          received += chunk.length;
          listener?.(chunk);
        });
        socket.once('error', reject);
        socket.once('connect', () =>
          resolve({
            send: (bytes) => socket.write(bytes),
            onData: (next) => {
              listener = next;
            },
            received: () => received,
            closed,
            close: () => socket.end(),
          }),
        );
      }),
  };
}

/** A WebSocket bridge at `ws://127.0.0.1:PORT/path`. */
export function wsTarget(
  name: string,
  ports: { blast: number; echo: number },
  path: string,
  bridge: Target['bridge'],
): Target {
  return {
    name,
    ...(bridge === undefined ? {} : { bridge }),
    async open(kind) {
      const ws = await openRawWs('127.0.0.1', ports[kind], path);
      return {
        send: (bytes) => ws.send(bytes),
        onData: (next) => ws.onPayload(next),
        received: ws.received,
        closed: ws.closed,
        close: () => ws.socket.end(),
      };
    },
  };
}

/** Downloads everything the blast port sends; CPU is the bridge process's own. */
export async function throughput(target: Target, total: number) {
  const before = target.bridge?.blast.cpuSeconds() ?? 0;
  const stream = await target.open('blast');
  const start = process.hrtime.bigint();
  stream.send(GREETING);
  await stream.closed;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  // websockify reaps its per-connection child a moment after the close; its
  // CPU only shows in the parent's counters then.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const cpu = (target.bridge?.blast.cpuSeconds() ?? Number.NaN) - before;
  return {
    mibps: stream.received() / MiB / seconds,
    lost: total - stream.received(),
    cpuPerGiB: cpu / (stream.received() / (1024 * MiB)),
  };
}

/** Median and p99 of `pings` sequential PointerEvent round trips through the echo port, in µs. */
export async function roundTrips(target: Target, pings: number) {
  const stream = await target.open('echo');
  let waiting: (() => void) | undefined;
  let pending = 0;
  stream.onData((slice) => {
    pending -= slice.length;
    if (pending <= 0) waiting?.();
  });
  const exchange = (bytes: Buffer) =>
    new Promise<void>((resolve) => {
      pending += bytes.length;
      waiting = resolve;
      stream.send(bytes);
    });
  await exchange(GREETING);
  const samples: number[] = [];
  for (let i = 0; i < pings + WARMUP; i++) {
    const start = process.hrtime.bigint();
    await exchange(POINTER);
    if (i >= WARMUP) samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  stream.close();
  await stream.closed;
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? Number.NaN;
  return { median: at(0.5), p99: at(0.99) };
}
