/**
 * The arm64 smoke test, on demand (too slow for CI): builds bookworm for
 * arm64 under qemu (`helios build bookworm --arch arm64`), runs it, waits for
 * /health 200 and for real Chromium (the host's, amd64) to show an XFCE frame
 * from it. Prints the times: build, `docker run` to /health 200, to the first
 * desktop frame. Exits 1 when a step fails.
 *
 * Run: pnpm --filter @helios/e2e smoke:arm64
 *   HELIOS_SMOKE_SKIP_BUILD=1           use the helios:bookworm-arm64 already built
 *   HELIOS_SMOKE_HEALTH_TIMEOUT_MS=900000   HELIOS_SMOKE_FRAME_TIMEOUT_MS=600000
 * Needs qemu-aarch64 registered with binfmt_misc (scripts/ensure-binfmt-arm64.sh).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@helios/test-kit/net';
import { execa } from 'execa';
import { launchChromium, waitForDesktopFrame } from '../support/browser.ts';
import { artifactsDir, repoRoot } from '../support/repo.ts';

const image = 'helios:bookworm-arm64';
const env = process.env;
const healthTimeoutMs = Number(env.HELIOS_SMOKE_HEALTH_TIMEOUT_MS ?? 15 * 60_000);
const frameTimeoutMs = Number(env.HELIOS_SMOKE_FRAME_TIMEOUT_MS ?? 10 * 60_000);

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function untilHealthy(url: string, container: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const response = await fetch(url).catch(() => null);
    if (response?.status === 200) return;
    const state = await execa('docker', ['inspect', '--format', '{{.State.Running}}', container], {
      reject: false,
    });
    if (state.stdout.trim() !== 'true') throw new Error(`${container} stopped before /health answered 200`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`${url} did not answer 200 within ${seconds(timeoutMs)}`);
}

const times: [string, string][] = [];

if (env.HELIOS_SMOKE_SKIP_BUILD === '1') {
  times.push(['build', 'skipped (HELIOS_SMOKE_SKIP_BUILD=1)']);
} else {
  const started = performance.now();
  await execa(
    'node',
    [join(repoRoot, 'packages/build/dist/cli.js'), 'build', 'bookworm', '--arch', 'arm64'],
    {
      stdio: 'inherit',
    },
  );
  times.push(['build (`helios build bookworm --arch arm64`)', seconds(performance.now() - started)]);
}

const architecture = (await execa('docker', ['image', 'inspect', '--format', '{{.Architecture}}', image]))
  .stdout;
if (architecture.trim() !== 'arm64') throw new Error(`${image} is labelled ${architecture}, not arm64`);

const port = await freePort();
const container = `arm-smoke-${port}`;
const url = `http://127.0.0.1:${port}/`;
let failed = false;
const browser = await launchChromium();
try {
  const started = performance.now();
  await execa('docker', [
    'run',
    '--detach',
    '--name',
    container,
    '--network',
    'host',
    '--platform',
    'linux/arm64',
    '--shm-size',
    '512m',
    '--env',
    'USER=smoke',
    '--env',
    'UID=1000',
    '--env',
    `HTTP_PORT=${port}`,
    '--env',
    'HTTPS_PORT=off',
    image,
  ]);
  await untilHealthy(`${url}health`, container, healthTimeoutMs);
  times.push(['`docker run` → /health 200', seconds(performance.now() - started)]);

  const machine = (await execa('docker', ['exec', container, 'uname', '-m'])).stdout.trim();
  times.push(['`uname -m` in the container', machine]);

  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const opened = performance.now();
  await page.goto(url);
  mkdirSync(artifactsDir, { recursive: true });
  const stats = await waitForDesktopFrame(page, frameTimeoutMs, 1000).finally(() =>
    page.screenshot({ path: join(artifactsDir, 'desktop-bookworm-arm64.png') }),
  );
  times.push(['page opened → first desktop frame', seconds(performance.now() - opened)]);
  times.push(['`docker run` → first desktop frame', seconds(performance.now() - started)]);
  times.push(['desktop frame', `${stats.width}×${stats.height}, ${stats.distinctColours} colours`]);
} catch (error) {
  failed = true;
  const logs = await execa('docker', ['logs', '--tail', '40', container], { all: true, reject: false });
  console.error(`arm64 smoke failed: ${error instanceof Error ? error.message : String(error)}\n${logs.all}`);
} finally {
  await browser.close();
  await execa('docker', ['rm', '--force', container], { reject: false });
}

console.log(['', '| arm64 smoke (qemu on this host) | value |', '| --- | --- |'].join('\n'));
for (const [what, value] of times) console.log(`| ${what} | ${value} |`);
process.exitCode = failed ? 1 : 0;
