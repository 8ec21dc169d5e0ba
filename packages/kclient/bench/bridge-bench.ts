// Bridge benchmark: Debian's websockify and helios-kclient side by side
// against the same loopback TCP source, with raw TCP as the ceiling and a
// bare Node TCP relay as the floor of any Node bridge.
// Run: pnpm --filter @helios/kclient bench   (after build; needs websockify)
//
// What it measures, per round and target (targets interleaved, starting
// with a different one each round, so drift on the machine hits all alike):
// - throughput: BENCH_BYTES from the source through the bridge to a client
//   that parses frames without copying (bench/raw-ws-client.ts);
// - CPU s/GiB: user+system CPU of the bridge process only (websockify: its
//   per-connection child, reaped into the parent's counters), read from /proc;
// - round trips: BENCH_PINGS sequential 6-byte PointerEvents through an echo.
// The source, each bridge and the client (this process) are separate
// processes. BENCH_PIN=1 pins bridges to CPU 1 and source and client to
// CPU 0. BENCH_BASELINE=/path/to/older/helios-kclient.mjs adds a row.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { roundTrips, type Target, tcpTarget, throughput, wsTarget } from './bridge-measure.ts';
import { type BenchProcess, startProcess, waitForPort } from './processes.ts';

const MiB = 1024 * 1024;
const TOTAL = Number(process.env.BENCH_BYTES ?? 256 * MiB);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PINGS = Number(process.env.BENCH_PINGS ?? 1000);
const PIN = process.env.BENCH_PIN === '1';
const BASELINE = process.env.BENCH_BASELINE;
const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const WEBSOCKIFY = '/usr/bin/websockify';
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

interface Samples {
  mibps: number[];
  lost: number[];
  cpu: number[];
  median: number[];
  p99: number[];
}

async function main() {
  for (const path of [join(DIST, 'bundle/helios-kclient.mjs'), WEBSOCKIFY, ...(BASELINE ? [BASELINE] : [])]) {
    if (!existsSync(path)) throw new Error(`${path} missing (build kclient; apt-get install websockify)`);
  }
  // A copy, so a rebuild of dist/ during the run cannot change what is measured.
  const copy = mkdtempSync(join(tmpdir(), 'kclient-bench-'));
  cpSync(join(DIST, 'bundle'), join(copy, 'bundle'), { recursive: true });
  cpSync(join(DIST, 'client'), join(copy, 'client'), { recursive: true });
  if (PIN) execFileSync('taskset', ['-cp', '0', String(process.pid)], { stdio: 'ignore' });
  const pinned = (cpu: number, command: string, args: string[], env?: NodeJS.ProcessEnv) =>
    PIN
      ? startProcess('taskset', ['-c', String(cpu), command, ...args], env)
      : startProcess(command, args, env);

  const source = pinned(0, process.execPath, [here('./tcp-source.ts'), String(TOTAL)]);
  const ports = await new Promise<{ blast: number; echo: number }>((resolve) => {
    source.child.stdout?.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString())));
  });
  let nextPort = 43_000 + Math.floor(Math.random() * 500) * 10;
  const started: BenchProcess[] = [source];
  /** Starts one bridge process per source port; `listen` is the port it listens on. */
  const bridge = (start: (listen: number, target: number) => BenchProcess) => {
    const listen = { blast: nextPort++, echo: nextPort++ };
    const pair = { blast: start(listen.blast, ports.blast), echo: start(listen.echo, ports.echo) };
    started.push(pair.blast, pair.echo);
    return { listen, pair };
  };
  const kclient = (bundle: string) =>
    bridge((listen, target) =>
      pinned(
        1,
        process.execPath,
        [
          bundle,
          ...['--vnc', `tcp:127.0.0.1:${target}`, '--host', '127.0.0.1', '--port', String(listen)],
          ...['--client-dir', join(copy, 'client')],
        ],
        { HELIOS_LOG_LEVEL: 'error' },
      ),
    );
  const relay = bridge((listen, target) =>
    pinned(1, process.execPath, [here('./tcp-relay.ts'), String(listen), String(target)]),
  );
  const websockify = bridge((listen, target) =>
    pinned(1, WEBSOCKIFY, [`127.0.0.1:${listen}`, `127.0.0.1:${target}`]),
  );
  const helios = kclient(join(copy, 'bundle/helios-kclient.mjs'));
  const baseline = BASELINE === undefined ? undefined : kclient(BASELINE);
  try {
    const all = [relay, websockify, helios, ...(baseline ? [baseline] : [])];
    await Promise.all(all.flatMap((b) => [waitForPort(b.listen.blast), waitForPort(b.listen.echo)]));
    const targets: Target[] = [
      tcpTarget('raw TCP (ceiling)', ports),
      tcpTarget('bare Node TCP relay (floor)', relay.listen, relay.pair),
      wsTarget('websockify 0.10 (Debian)', websockify.listen, '/', websockify.pair),
      wsTarget('helios-kclient', helios.listen, '/websockify', helios.pair),
      ...(baseline
        ? [wsTarget('helios-kclient (baseline)', baseline.listen, '/websockify', baseline.pair)]
        : []),
    ];
    const samples = new Map<Target, Samples>(
      targets.map((t) => [t, { mibps: [], lost: [], cpu: [], median: [], p99: [] }]),
    );
    for (let round = 0; round < ROUNDS; round++) {
      const order = [...targets.slice(round % targets.length), ...targets.slice(0, round % targets.length)];
      for (const target of order) {
        const s = samples.get(target) as Samples;
        const t = await throughput(target, TOTAL);
        s.mibps.push(t.mibps);
        s.lost.push(t.lost);
        s.cpu.push(t.cpuPerGiB);
      }
      for (const target of order) {
        const s = samples.get(target) as Samples;
        const r = await roundTrips(target, PINGS);
        s.median.push(r.median);
        s.p99.push(r.p99);
      }
      process.stderr.write(`round ${round + 1}/${ROUNDS} done\n`);
    }
    process.stdout.write(report(targets, samples));
  } finally {
    await Promise.all(started.map((p) => p.stop()));
    rmSync(copy, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** `median (min–max)` with `digits` decimals. */
const spread = (values: number[], digits = 0) =>
  values.some(Number.isNaN)
    ? '—'
    : `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

function report(targets: Target[], samples: Map<Target, Samples>): string {
  const of = (name: string) => samples.get(targets.find((t) => t.name === name) as Target) as Samples;
  const ws = of('websockify 0.10 (Debian)');
  const kc = of('helios-kclient');
  const ratio = (a: number[], b: number[]) => (median(a) / median(b)).toFixed(2);
  const cpu = cpus();
  return [
    `Bridge benchmark: ${TOTAL / MiB} MiB x ${ROUNDS} rounds, ${PINGS} round trips per round, loopback, ` +
      `Node ${process.version}, ${cpu.length} x ${cpu[0]?.model ?? '?'}, load ${loadavg()[0]?.toFixed(2)} at the end, ` +
      `${PIN ? 'bridges pinned to CPU 1, source and client to CPU 0' : 'not pinned'}`,
    'Cells: median of the rounds (min–max).',
    '',
    '| path | throughput MiB/s | RTT median µs | RTT p99 µs | CPU s/GiB (bridge) | bytes lost |',
    '| ---- | ---------------: | ------------: | ---------: | -----------------: | ---------: |',
    ...targets.map((t) => {
      const s = samples.get(t) as Samples;
      const lost = s.lost.reduce((a, b) => a + b, 0);
      return `| ${t.name} | ${spread(s.mibps)} | ${spread(s.median)} | ${spread(s.p99)} | ${spread(s.cpu, 2)} | ${lost} |`;
    }),
    '',
    `kclient vs websockify: throughput ${ratio(kc.mibps, ws.mibps)}x (goal >= 1.2x), ` +
      `RTT median ${ratio(kc.median, ws.median)}x (goal <= 0.33x), p99 ${ratio(kc.p99, ws.p99)}x (goal <= 0.5x), ` +
      `CPU/GiB ${ratio(kc.cpu, ws.cpu)}x`,
    '',
  ].join('\n');
}

await main();
