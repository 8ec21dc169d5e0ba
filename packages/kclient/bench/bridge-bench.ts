// Bridge benchmark: Debian's websockify and helios-kclient side by side
// against the same loopback TCP source, with raw TCP as the ceiling.
// Run: pnpm --filter @helios/kclient bench   (after build; needs websockify)
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type BenchProcess, startProcess, waitForPort } from './processes.ts';
import { openRawWs } from './raw-ws-client.ts';

const MiB = 1024 * 1024;
const TOTAL = Number(process.env.BENCH_BYTES ?? 256 * MiB);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PINGS = Number(process.env.BENCH_PINGS ?? 3000);
const BUNDLE = fileURLToPath(new URL('../dist/bundle/helios-kclient.mjs', import.meta.url));
const WEBSOCKIFY = '/usr/bin/websockify';

/** Fake RFB greeting so kclient's input filter reaches the message phase, as with a real viewer. */
const GREETING = Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([1, 1])]);
/** A PointerEvent: what a user's input looks like on the wire. */
const POINTER = Buffer.from([5, 0, 0, 10, 0, 20]);

interface Target {
  readonly name: string;
  /** Opens a stream to the blast or echo side. */
  open(kind: 'blast' | 'echo'): Promise<Stream>;
  readonly process?: { blast: BenchProcess; echo: BenchProcess };
}

interface Stream {
  send(bytes: Buffer): void;
  onData(listener: (slice: Buffer) => void): void;
  received(): number;
  readonly closed: Promise<void>;
  close(): void;
}

function tcpTarget(ports: { blast: number; echo: number }): Target {
  return {
    name: 'raw TCP (ceiling)',
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

function wsTarget(
  name: string,
  ports: { blast: number; echo: number },
  path: string,
  processes: Target['process'],
): Target {
  return {
    name,
    process: processes,
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

async function throughput(target: Target) {
  const before = target.process?.blast.cpuSeconds() ?? 0;
  const stream = await target.open('blast');
  const start = process.hrtime.bigint();
  stream.send(GREETING);
  await stream.closed;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  // websockify reaps its per-connection child a moment after the close.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const cpu = (target.process?.blast.cpuSeconds() ?? 0) - before;
  return {
    mibps: stream.received() / MiB / seconds,
    lost: TOTAL - stream.received(),
    cpuPerGiB: cpu / (stream.received() / (1024 * MiB)),
  };
}

async function roundTrips(target: Target) {
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
  for (let i = 0; i < PINGS + 200; i++) {
    const start = process.hrtime.bigint();
    await exchange(POINTER);
    if (i >= 200) samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  stream.close();
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? Number.NaN;
  return { median: at(0.5), p99: at(0.99) };
}

async function main() {
  for (const path of [BUNDLE, WEBSOCKIFY]) {
    if (!existsSync(path)) throw new Error(`${path} missing (build kclient; apt-get install websockify)`);
  }
  const source = startProcess(process.execPath, [
    fileURLToPath(new URL('./tcp-source.ts', import.meta.url)),
    String(TOTAL),
  ]);
  const ports = await new Promise<{ blast: number; echo: number }>((resolve) => {
    source.child.stdout?.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString())));
  });
  const base = 43_000 + Math.floor(Math.random() * 1000) * 4;
  const wsPorts = { blast: base, echo: base + 1 };
  const kcPorts = { blast: base + 2, echo: base + 3 };
  const websockify = {
    blast: startProcess(WEBSOCKIFY, [`127.0.0.1:${wsPorts.blast}`, `127.0.0.1:${ports.blast}`]),
    echo: startProcess(WEBSOCKIFY, [`127.0.0.1:${wsPorts.echo}`, `127.0.0.1:${ports.echo}`]),
  };
  const kclient = (port: number, target: number) =>
    startProcess(
      process.execPath,
      [BUNDLE, '--vnc', `tcp:127.0.0.1:${target}`, '--host', '127.0.0.1', '--port', String(port)],
      {
        HELIOS_LOG_LEVEL: 'error',
      },
    );
  const helios = { blast: kclient(kcPorts.blast, ports.blast), echo: kclient(kcPorts.echo, ports.echo) };
  try {
    await Promise.all(
      [...Object.values(wsPorts), ...Object.values(kcPorts)].map((port) => waitForPort(port)),
    );
    const targets = [
      tcpTarget(ports),
      wsTarget('websockify 0.10 (Debian)', wsPorts, '/', websockify),
      wsTarget('helios-kclient', kcPorts, '/websockify', helios),
    ];
    const results = new Map<
      string,
      { mibps: number[]; lost: number[]; cpu: number[]; median: number; p99: number }
    >();
    for (const target of targets)
      results.set(target.name, { mibps: [], lost: [], cpu: [], median: 0, p99: 0 });
    // Interleave rounds so drift on the machine hits every target alike.
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of targets) {
        const result = await throughput(target);
        const entry = results.get(target.name);
        entry?.mibps.push(result.mibps);
        entry?.lost.push(result.lost);
        entry?.cpu.push(result.cpuPerGiB);
      }
    }
    for (const target of targets) {
      const rtt = await roundTrips(target);
      Object.assign(results.get(target.name) ?? {}, rtt);
    }
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
    const rows = targets.map((target) => {
      const r = results.get(target.name);
      if (r === undefined) throw new Error('unreachable');
      return {
        name: target.name,
        mibps: median(r.mibps),
        median: r.median,
        p99: r.p99,
        cpu: target.process === undefined ? undefined : median(r.cpu),
        lost: r.lost.reduce((a, b) => a + b, 0),
      };
    });
    const [raw, ws, kc] = rows;
    if (raw === undefined || ws === undefined || kc === undefined) throw new Error('unreachable');
    const lines = [
      `Bridge benchmark: ${TOTAL / MiB} MiB x ${ROUNDS} rounds, ${PINGS} round trips of a 6-byte PointerEvent, loopback, ${process.version}`,
      '',
      '| path | throughput MiB/s | RTT median µs | RTT p99 µs | CPU s/GiB (bridge) | bytes lost |',
      '| ---- | ---------------: | ------------: | ---------: | -----------------: | ---------: |',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${r.mibps.toFixed(0)} | ${r.median.toFixed(0)} | ${r.p99.toFixed(0)} | ${r.cpu === undefined ? '—' : r.cpu.toFixed(2)} | ${r.lost} |`,
      ),
      '',
      `kclient vs websockify: throughput ${(kc.mibps / ws.mibps).toFixed(2)}x (goal >= 1.2x), ` +
        `RTT median ${(kc.median / ws.median).toFixed(2)}x (goal <= 0.33x), p99 ${(kc.p99 / ws.p99).toFixed(2)}x (goal <= 0.5x), ` +
        `CPU/GiB ${kc.cpu !== undefined && ws.cpu !== undefined ? (kc.cpu / ws.cpu).toFixed(2) : '?'}x`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await Promise.all([source, ...Object.values(websockify), ...Object.values(helios)].map((p) => p.stop()));
  }
}

await main();
