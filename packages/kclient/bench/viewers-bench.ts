// Memory with 20 viewers of one desktop: helios-kclient and websockify in
// front of the same Xvnc, each viewer asking for screen updates while the
// desktop changes. Run: pnpm --filter @helios/kclient bench
import { fileURLToPath } from 'node:url';
import { connectRfb, type RfbTestClient } from '../test/support/rfb-client.ts';
import { paintDesktop, startXvnc } from '../test/support/xvnc.ts';
import { type BenchProcess, startProcess, waitForPort } from './processes.ts';

const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const BUNDLE = fileURLToPath(new URL('../dist/bundle/helios-kclient.mjs', import.meta.url));
const MiB = 1024 * 1024;

/** RFB FramebufferUpdateRequest for the viewer's whole screen (incremental or full). */
function updateRequest(viewer: RfbTestClient, incremental: boolean): Buffer {
  const { width, height } = viewer;
  return Buffer.from([
    3,
    incremental ? 1 : 0,
    0,
    0,
    0,
    0,
    width >> 8,
    width & 255,
    height >> 8,
    height & 255,
  ]);
}

async function watch(name: string, gateway: BenchProcess, url: string, wiggle: () => Promise<unknown>) {
  const idle = gateway.rssBytes();
  const viewers: RfbTestClient[] = [];
  // Viewers join a few at a time, as people do.
  for (let i = 0; i < VIEWERS; i += 4) {
    viewers.push(
      ...(await Promise.all(Array.from({ length: Math.min(4, VIEWERS - i) }, () => connectRfb(url)))),
    );
  }
  let bytes = 0;
  for (const viewer of viewers) {
    viewer.ws.on('message', (data: Buffer) => {
      bytes += data.length;
    });
    viewer.send(updateRequest(viewer, false));
  }
  const timer = setInterval(() => {
    for (const viewer of viewers) {
      viewer.send(updateRequest(viewer, true));
    }
  }, 50);
  let peak = 0;
  const cpu0 = gateway.cpuSeconds();
  const end = Date.now() + SECONDS * 1000;
  while (Date.now() < end) {
    await wiggle();
    peak = Math.max(peak, gateway.rssBytes());
  }
  const cpu = gateway.cpuSeconds() - cpu0;
  clearInterval(timer);
  for (const viewer of viewers) viewer.close();
  return { name, idle, peak, bytes, cpu };
}

async function main() {
  const xvnc = await startXvnc('1280x800');
  await paintDesktop(xvnc);
  const base = 47_000 + Math.floor(Math.random() * 1000) * 2;
  const helios = startProcess(
    process.execPath,
    [BUNDLE, '--vnc', `unix:${xvnc.socket}`, '--host', '127.0.0.1', '--port', String(base)],
    { HELIOS_LOG_LEVEL: 'error' },
  );
  const websockify = startProcess('/usr/bin/websockify', [
    '--unix-target',
    xvnc.socket,
    `127.0.0.1:${base + 1}`,
  ]);
  let x = 0;
  const wiggle = () => xvnc.exec('xdotool', ['mousemove', String(100 + (x++ % 50) * 10), '400']);
  try {
    await waitForPort(base);
    await waitForPort(base + 1);
    const rows = [
      await watch('helios-kclient', helios, `ws://127.0.0.1:${base}/websockify`, wiggle),
      await watch('websockify 0.10 (Debian)', websockify, `ws://127.0.0.1:${base + 1}/`, wiggle),
    ];
    const lines = [
      `${VIEWERS} viewers of one 1280x800 desktop for ${SECONDS} s (full update, then incremental every 50 ms)`,
      '',
      '| gateway | RSS idle MiB | RSS peak MiB | forwarded MiB | CPU s |',
      '| ------- | -----------: | -----------: | ------------: | ----: |',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${(r.idle / MiB).toFixed(1)} | ${(r.peak / MiB).toFixed(1)} | ${(r.bytes / MiB).toFixed(1)} | ${r.cpu.toFixed(2)} |`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await helios.stop();
    await websockify.stop();
    await xvnc.stop();
  }
}

await main();
