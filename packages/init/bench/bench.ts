/**
 * Measures helios-init itself: its resident memory while it supervises the
 * real desktop, and how long a crashed service takes to be running and ready
 * again. Run as root after a build: `pnpm --filter @helios/init bench`.
 * Figures go into the README by hand; nothing here asserts.
 */
import { readFileSync } from 'node:fs';
import {
  baseEnv,
  createSandbox,
  FIXTURES,
  requireBinaries,
  startInit,
  testConfig,
} from '../test/support/harness.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);

function rssKiB(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+([0-9]+)/m)?.[1]);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Kills `service` ROUNDS times; returns ms from SIGKILL to ready again. */
async function restartLatency(
  init: ReturnType<typeof startInit>,
  service: string,
  readyTimeoutMs: number,
): Promise<number[]> {
  const latencies: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const before = await init.waitForState(
      (s) => s.ready && s.services[service]?.state === 'ready',
      readyTimeoutMs,
    );
    const restarts = before.services[service]?.restarts ?? 0;
    const hostPid = await init.hostPidOf(before.services[service]?.pid as number);
    const started = performance.now();
    process.kill(hostPid, 'SIGKILL');
    await init.waitForState(
      (s) => s.services[service]?.state === 'ready' && s.services[service]?.restarts === restarts + 1,
      readyTimeoutMs,
    );
    latencies.push(performance.now() - started);
    // Past the stable uptime is not needed: the backoff is what is being measured.
    await sleep(200);
  }
  return latencies;
}

function report(label: string, values: number[]): void {
  const fmt = (n: number) => n.toFixed(0);
  console.log(
    `${label}: median ${fmt(percentile(values, 50))} ms, p90 ${fmt(percentile(values, 90))} ms (n=${values.length})`,
  );
}

async function main(): Promise<void> {
  requireBinaries(['unshare', 'setpriv', 'useradd', 'Xvnc', 'xfce4-session', 'pulseaudio']);

  // 1. A trivial table: the supervisor's own overhead.
  {
    const sandbox = createSandbox();
    sandbox.write(
      'etc/helios/init.json',
      JSON.stringify({
        ...JSON.parse(
          testConfig({ sleeper: { command: ['sleep', '100000'], runAs: 'root', gatesReady: true } }),
        ),
        restart: { initialDelayMs: 0, stableAfterMs: 0, maxFailures: 1000 },
      }),
    );
    const init = startInit(sandbox, baseEnv());
    await init.waitForState((s) => s.ready);
    await sleep(1000);
    console.log(
      `RSS of helios-init, one trivial service: ${(rssKiB(await init.hostPid()) / 1024).toFixed(1)} MiB`,
    );
    report(
      'restart latency, trivial service, zero backoff (kill -> ready)',
      await restartLatency(init, 'sleeper', 5000),
    );
    init.kill();
    await init.exited;
    sandbox.remove();
  }

  // 2. The real desktop with the default backoff (first restart after 100 ms).
  {
    const sandbox = createSandbox();
    sandbox.write(
      'etc/helios/init.json',
      JSON.stringify({
        services: { kclient: { command: [process.execPath, `${FIXTURES}/fake-kclient.mjs`] } },
        restart: { stableAfterMs: 0, maxFailures: 1000 },
      }),
    );
    const init = startInit(sandbox, baseEnv({ HTTP_PORT: '39123' }));
    const t0 = performance.now();
    await init.waitForState((s) => s.ready, 30_000);
    console.log(
      `boot to ready (hooks none, user new, Xvnc + XFCE + pulse): ${(performance.now() - t0).toFixed(0)} ms`,
    );
    await sleep(3000);
    const pid = await init.hostPid();
    console.log(`RSS of helios-init supervising the desktop: ${(rssKiB(pid) / 1024).toFixed(1)} MiB`);
    report(
      'restart latency, Xvnc (kill -> X answers + RFB greets), default backoff',
      await restartLatency(init, 'xvnc', 30_000),
    );
    report(
      'restart latency, kclient stand-in (kill -> port accepts), default backoff',
      await restartLatency(init, 'kclient', 30_000),
    );
    console.log(`RSS of helios-init after ${ROUNDS * 2} restarts: ${(rssKiB(pid) / 1024).toFixed(1)} MiB`);
    const stopStarted = performance.now();
    await init.signal('SIGTERM');
    await init.exited;
    console.log(
      `SIGTERM to exit with the desktop running: ${(performance.now() - stopStarted).toFixed(0)} ms`,
    );
    sandbox.remove();
  }
}

await main();
