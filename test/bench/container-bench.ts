/**
 * Container benchmark: start to /health 200, restart after a crash, docker
 * stop, memory with one viewer, RSS of helios-init. Prints a Markdown table
 * (the figures in packages/init/README.md come from here).
 * Run: pnpm --filter @helios/e2e bench   (builds the image first if needed)
 */
import { launchChromium, waitForDesktopFrame } from '../support/browser.ts';
import { docker, startDesktop, waitForStatus } from '../support/container.ts';
import { e2eImage } from '../support/repo.ts';

const runs = Number(process.env.HELIOS_BENCH_RUNS ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function untilStatus(url: string, status: number, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const response = await fetch(url).catch(() => null);
    if (response?.status === status) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms`);
}

function parseMiB(text: string): number {
  const match = text.match(/([\d.]+)\s*(KiB|MiB|GiB)/);
  if (!match) throw new Error(`cannot read a size from "${text}"`);
  const factor = { KiB: 1 / 1024, MiB: 1, GiB: 1024 }[match[2] as 'KiB' | 'MiB' | 'GiB'];
  return Number(match[1]) * factor;
}

const startMs: number[] = [];
const stopMs: number[] = [];
const xvncRestartMs: number[] = [];
const kclientRestartMs: number[] = [];
let memoryMiB = 0;
let initRssMiB = 0;

for (let run = 0; run < runs; run += 1) {
  const started = performance.now();
  const container = await startDesktop(e2eImage, { USER: 'bench', UID: '1000' });
  try {
    await waitForStatus(container, '/health', 200, 60_000);
    startMs.push(performance.now() - started);

    // Memory first, on a fresh desktop: the crash tests below restart services.
    if (run === 0) {
      const browser = await launchChromium();
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(container.url);
      await waitForDesktopFrame(page, 30_000);
      await page.waitForTimeout(10_000);
      memoryMiB = parseMiB(await docker('stats', '--no-stream', '--format', '{{.MemUsage}}', container.name));
      const status = await docker('exec', container.name, 'grep', 'VmRSS', '/proc/1/status');
      initRssMiB = parseMiB(status.replace('kB', 'KiB'));
      await browser.close();
    }

    await docker('exec', container.name, 'pkill', '-KILL', '-x', 'Xvnc');
    const crashed = performance.now();
    await untilStatus(`${container.url}health`, 503, 10_000).catch(() => 0);
    await untilStatus(`${container.url}health`, 200, 30_000);
    xvncRestartMs.push(performance.now() - crashed);

    await docker('exec', container.name, 'pkill', '-KILL', '-f', 'helios-kclient.mjs');
    const killed = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await untilStatus(`${container.url}health`, 200, 30_000);
    kclientRestartMs.push(performance.now() - killed);

    const stopping = performance.now();
    await docker('stop', container.name);
    stopMs.push(performance.now() - stopping);
  } finally {
    await container.remove();
  }
}

const row = (name: string, value: string) => `| ${name} | ${value} |`;
console.log(`\nContainer figures for ${e2eImage} (median of ${runs} runs, 2 cores):\n`);
console.log('| figure | value |\n| --- | --- |');
console.log(row('docker run to /health 200', `${median(startMs).toFixed(0)} ms`));
console.log(
  row('kill -9 Xvnc to /health 200 again (desktop back)', `${median(xvncRestartMs).toFixed(0)} ms`),
);
console.log(row('kill -9 gateway to /health 200 again', `${median(kclientRestartMs).toFixed(0)} ms`));
console.log(row('docker stop', `${median(stopMs).toFixed(0)} ms`));
console.log(row('memory of the idle container, one viewer (docker stats)', `${memoryMiB.toFixed(0)} MiB`));
console.log(row('RSS of helios-init (PID 1)', `${initRssMiB.toFixed(0)} MiB`));
