import { freePort } from '@helios/test-kit/net';
import { LINK_PROFILES, startShapedLink } from '@helios/test-kit/shaped-link';
import { execa } from 'execa';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchChromium, waitForDesktopFrame } from '../../support/browser.ts';
import { type DesktopContainer, docker, startDesktop, waitForStatus } from '../../support/container.ts';
import { buildBenchImage } from './bench-image.ts';
import { hookFlips, installProbe, type Stack, takeProbe } from './page-probe.ts';
import { type PlainStack, startPlainStack } from './plain-stack.ts';
import { containerPids, cpuSeconds, treeCpuSeconds } from './process-cpu.ts';
import {
  BELOW_PANEL,
  breakdown,
  drainAfter,
  type KeyBreakdown,
  keyToPhoton,
  lastPictureMs,
  latenciesOf,
  type Region,
  typeLine,
  watchMotion,
} from './workloads.ts';
import {
  applyXvncSettings,
  TIGERVNC_DEFAULTS,
  withOverrides,
  xvncCommandLine,
  xvncSettingsOf,
} from './xvnc-settings.ts';

/** How much to measure. */
export interface ExperienceOptions {
  readonly distro: string;
  /** Interleaved rounds; medians are taken over them. */
  readonly rounds: number;
  /** Keys per key-to-photon series. */
  readonly keys: number;
  /** Seconds each motion workload is watched. */
  readonly seconds: number;
  /** Link names to measure (`loopback` and the names of {@link LINK_PROFILES}). */
  readonly links: readonly string[];
  /** `NAME=VALUE,…` Xvnc settings for the Helios rounds over Helios' own (experiments). */
  readonly xvncOverrides?: string;
  /** Stacks to measure. @default {@link STACKS} */
  readonly stacks?: readonly Stack[];
}

/** Helios' page over RFB, the same page in video mode (`?mode=video`), and plain noVNC + websockify. */
export const STACKS: readonly Stack[] = Object.freeze(['helios', 'video', 'plain']);

/** Stacks measured only when asked for (HELIOS_BENCH_STACKS): `?mode=auto`, `?quality=9`. */
export const OPTIONAL_STACKS: readonly Stack[] = Object.freeze(['auto', 'sharp']);

/** One stack on one link in one round: the figures the table is made of. */
export interface StackFigures {
  readonly stack: Stack;
  readonly link: string;
  /** Xvnc's frame settings while this stack was measured. */
  readonly xvnc: Readonly<Record<string, string>>;
  /** Key to photon into keypaint (the streaming path alone), ms per key. */
  readonly keyMinimal: readonly number[];
  /** Where keypaint's key-to-photon time went, per key. */
  readonly breakdownMinimal: readonly KeyBreakdown[];
  /** Key to photon into xfce4-terminal, ms per key. */
  readonly keyTerminal: readonly number[];
  /** Key to photon into keypaint while a terminal floods beside it, ms per key. */
  readonly keyDuringFlood: readonly number[];
  readonly flood: Workload;
  /** ms the screen kept changing in the page after Ctrl+C stopped the flood. */
  readonly drainMs: number;
  /** ms the X side (the terminal) kept drawing after that Ctrl+C: the application's own share. */
  readonly drainXMs: number;
  /** ms until the page showed the terminal's last picture; the rest of the drain is TigerVNC's lossless refresh. */
  readonly drainPictureMs: number;
  /** Bytes the page received after the terminal's last picture until the drain ended: the lossless refresh. */
  readonly drainRefreshBytes: number;
  /** …in this many WebSocket messages. */
  readonly drainRefreshMessages: number;
  /** FramebufferUpdateRequests the page sent during the drain (Helios' page pulling the refresh). */
  readonly drainUpdateRequests: number;
  /** …and over the whole measurement (the connection's start excluded, the half second after the motion included). */
  readonly updateRequestsTotal: number;
  readonly motion: Workload;
}

/** Frame rate, bandwidth and CPU under one workload. */
interface Workload {
  /** Frames the page drew that changed the screen, per second. */
  readonly pageFps: number;
  /** Frames the X side produced per second (damage notifications, or the motion client's own rate). */
  readonly xFps: number;
  /** Bytes per second the page received (the VNC socket, plus the video socket in video mode). */
  readonly bytesPerSecond: number;
  /** Video mode: ms from the encoder's capture to the frame drawn in the page, per frame. */
  readonly captureToPaint: readonly number[];
  /** The JPEG quality (0–9) the page asked of Xvnc during the workload, if it says. */
  readonly quality: number | undefined;
  /** Helios' page: why it asked for that quality (`sharp`, `motion`, `queue`). */
  readonly qualityReason: string | undefined;
  /** CPU seconds per minute of the workload; `encoder` is the video encoder (0 without one). */
  readonly cpu: {
    readonly xvnc: number;
    readonly bridge: number;
    readonly page: number;
    readonly encoder: number;
  };
}

const USER = { name: 'bench', uid: 1500 };
const FULL_SCREEN: Region = { x: 0, y: 0, w: 100_000, h: 100_000 };
/** Where keypaint opens: clear of the panel, away from the terminal's prompt line. */
export const KEYPAINT: Region = { x: 760, y: 420, w: 400, h: 300 };
/** A pixel of keypaint's window, whose colour every key toggles (magenta, green). */
const KEYPAINT_CENTRE = { x: KEYPAINT.x + KEYPAINT.w / 2, y: KEYPAINT.y + KEYPAINT.h / 2 };
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs as the desktop user on the container's display, detached; output goes to `log` inside. */
async function runInDesktop(container: DesktopContainer, command: string, log = '/dev/null'): Promise<void> {
  await docker(
    'exec',
    '-d',
    '-u',
    String(USER.uid),
    '-e',
    'DISPLAY=:1',
    '-e',
    `HOME=/home/${USER.name}`,
    container.name,
    'sh',
    '-c',
    `exec ${command} > ${log} 2>&1`,
  );
}

async function killInDesktop(container: DesktopContainer, pattern: string): Promise<void> {
  await execa('docker', ['exec', container.name, 'pkill', '-f', pattern], { reject: false });
}

/** Waits until `file` in the container has a line matching `pattern`. */
async function waitForLine(container: DesktopContainer, file: string, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { stdout } = await execa('docker', ['exec', container.name, 'cat', file], { reject: false });
    if (pattern.test(stdout)) return;
    await pause(100);
  }
  throw new Error(`${file} in the container never showed ${pattern}`);
}

/** One DevTools session per page: Performance metrics count from when it was enabled. */
const cdpSessions = new WeakMap<Page, CDPSession>();

/** CPU seconds so far of Xvnc, the bridge (gateway or websockify), the video encoder and the page's main thread. */
async function cpuNow(container: DesktopContainer, stack: Stack, plain: PlainStack, page: Page) {
  const xvnc = cpuSeconds(await containerPids(container.name, (args) => /^(\S*\/)?Xvnc /.test(args)));
  const bridge =
    stack === 'plain'
      ? treeCpuSeconds(plain.pid)
      : cpuSeconds(await containerPids(container.name, (args) => args.includes('helios-kclient')));
  const encoder = cpuSeconds(
    await containerPids(container.name, (args) => args.includes('helios-video-encoder')),
  );
  let cdp = cdpSessions.get(page);
  if (cdp === undefined) {
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    cdpSessions.set(page, cdp);
  }
  const { metrics } = await cdp.send('Performance.getMetrics');
  const pageSeconds = metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? Number.NaN;
  return { xvnc, bridge, encoder, page: pageSeconds, at: performance.now() };
}

type CpuSnapshot = Awaited<ReturnType<typeof cpuNow>>;
const perMinute = (before: CpuSnapshot, after: CpuSnapshot) => {
  const minutes = (after.at - before.at) / 60_000;
  return {
    xvnc: (after.xvnc - before.xvnc) / minutes,
    bridge: (after.bridge - before.bridge) / minutes,
    page: (after.page - before.page) / minutes,
    encoder: (after.encoder - before.encoder) / minutes,
  };
};

/** Average damage notifications per second that damagecount logged between two wall-clock times. */
async function xSideFps(container: DesktopContainer, fromMs: number, toMs: number): Promise<number> {
  const { stdout } = await execa('docker', ['exec', container.name, 'cat', '/tmp/damage.log'], {
    reject: false,
  });
  const counts = stdout
    .split('\n')
    .map((line) => line.match(/^damage (\d+) (\d+)/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .filter((m) => Number(m[1]) / 1000 > fromMs && Number(m[1]) / 1000 <= toMs + 1000)
    .map((m) => Number(m[2]));
  return counts.length === 0 ? Number.NaN : counts.reduce((a, b) => a + b, 0) / counts.length;
}

/**
 * Wall-clock ms of the last drawing damagecount saw. It reports once a second,
 * so this first waits for a report that comes after the drawing stopped.
 */
async function lastDamageMs(container: DesktopContainer): Promise<number> {
  await pause(1200);
  const { stdout } = await execa('docker', ['exec', container.name, 'cat', '/tmp/damage.log']);
  const last = stdout
    .trim()
    .split('\n')
    .at(-1)
    ?.match(/^damage \d+ \d+ (\d+)$/);
  if (!last)
    throw new Error(`damagecount wrote no "damage <us> <count> <last-us>" line: ${stdout.slice(-200)}`);
  return Number(last[1]) / 1000;
}

/** Opens the stack's page (through `link` when given) and waits for the desktop. */
async function openViewer(browser: Browser, url: string, stack: Stack): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await installProbe(page);
  await page.goto(url);
  // Functions, not strings: Helios' CSP forbids evaluating strings in the page.
  await page.waitForFunction(
    (which) => {
      const w = window as unknown as { heliosClient?: { state: string }; plainConnected?: boolean };
      return which === 'plain' ? w.plainConnected === true : w.heliosClient?.state === 'connected';
    },
    stack,
    { timeout: 60_000 },
  );
  if (stack === 'video') await waitForVideo(page);
  else await waitForDesktopFrame(page, 60_000);
  await hookFlips(page, stack);
  return page;
}

/** Waits for the first decoded video frame; a page that fell back to VNC is an error here. */
async function waitForVideo(page: Page): Promise<void> {
  const state = await page
    .waitForFunction(
      () => {
        const video = (
          window as unknown as {
            heliosClient?: { video?: { mode: string; framesDecoded: number; fallbackReason?: string } };
          }
        ).heliosClient?.video;
        if (video?.fallbackReason !== undefined) return `fell back to VNC: ${video.fallbackReason}`;
        return video?.mode === 'video' && video.framesDecoded > 0 ? 'video' : undefined;
      },
      undefined,
      { timeout: 60_000 },
    )
    .then((handle) => handle.jsonValue());
  if (state !== 'video') throw new Error(`the video page shows no video: ${state}`);
}

/** Every workload on one open viewer page. */
async function measureViewer(
  page: Page,
  container: DesktopContainer,
  plain: PlainStack,
  stack: Stack,
  options: ExperienceOptions,
  settleMs: number,
): Promise<Omit<StackFigures, 'stack' | 'link' | 'xvnc'>> {
  const keys = Array.from({ length: options.keys }, (_, i) => LETTERS[i % LETTERS.length] as string);
  // noVNC's own requests of the connection's start are not counted.
  const requestsAtStart = (await takeProbe(page)).updateRequests;

  // 1. The streaming path alone: keypaint repaints on each key and does nothing else.
  await runInDesktop(
    container,
    `keypaint ${KEYPAINT.x} ${KEYPAINT.y} ${KEYPAINT.w} ${KEYPAINT.h}`,
    '/tmp/keypaint.log',
  );
  await waitForLine(container, '/tmp/keypaint.log', /^ready /m);
  const minimal = await keyToPhoton(page, keys, KEYPAINT, settleMs, KEYPAINT_CENTRE);
  await killInDesktop(container, 'keypaint');
  const keypaintLog = (await execa('docker', ['exec', container.name, 'cat', '/tmp/keypaint.log'])).stdout;
  const keyMinimal = latenciesOf(minimal);
  const breakdownMinimal = breakdown(minimal, keypaintLog);

  // 2. A terminal: the same path plus the terminal's own work.
  await runInDesktop(container, 'xfce4-terminal --disable-server --maximize');
  await pause(2000);
  await page.mouse.click(640, 400);
  const keyTerminal = latenciesOf(await keyToPhoton(page, keys, BELOW_PANEL, settleMs));
  for (const _ of keys) await page.keyboard.press('Backspace');

  // 3. Flood: frames, bytes and CPU while seq scrolls the terminal; then drain after Ctrl+C.
  await runInDesktop(container, 'damagecount', '/tmp/damage.log');
  await typeLine(page, 'seq 1 999999999');
  await pause(1000);
  const floodStart = Date.now();
  const cpuBefore = await cpuNow(container, stack, plain, page);
  const floodSample = await watchMotion(page, options.seconds, BELOW_PANEL);
  const cpuAfter = await cpuNow(container, stack, plain, page);
  const flood: Workload = {
    pageFps: floodSample.framesPerSecond,
    xFps: await xSideFps(container, floodStart, Date.now()),
    bytesPerSecond: floodSample.bytesPerSecond,
    captureToPaint: floodSample.captureToPaint,
    quality: floodSample.quality,
    qualityReason: floodSample.qualityReason,
    cpu: perMinute(cpuBefore, cpuAfter),
  };
  const { pressedAt, drainMs, frames, arrivals, updateRequests } = await drainAfter(
    page,
    'Control+c',
    BELOW_PANEL,
  );
  const xLastAt = await lastDamageMs(container);
  const drainXMs = xLastAt - pressedAt;
  const drainPictureMs = lastPictureMs(frames, pressedAt, xLastAt);
  const refresh = arrivals.filter((a) => a.t > pressedAt + drainPictureMs);
  const drainRefreshBytes = refresh.reduce((sum, a) => sum + a.bytes, 0);

  // 4. Typing into a second window while the terminal floods: no standing queue may build up.
  await typeLine(page, 'seq 1 999999999');
  await runInDesktop(
    container,
    `keypaint ${KEYPAINT.x} ${KEYPAINT.y} ${KEYPAINT.w} ${KEYPAINT.h}`,
    '/tmp/keypaint.log',
  );
  await waitForLine(container, '/tmp/keypaint.log', /^ready /m);
  await pause(1000);
  const keyDuringFlood = latenciesOf(
    await keyToPhoton(
      page,
      keys.slice(0, Math.max(5, Math.floor(keys.length / 3))),
      KEYPAINT,
      settleMs,
      KEYPAINT_CENTRE,
    ),
  );
  await killInDesktop(container, 'keypaint');
  await killInDesktop(container, 'seq 1 999999999');
  await killInDesktop(container, 'damagecount');
  await killInDesktop(container, 'xfce4-terminal');
  await pause(1000);

  // 5. Full-screen motion: a photo-like picture at 30 fps.
  await runInDesktop(container, 'motion 30 0 0 1280 800', '/tmp/motion.log');
  await pause(1000);
  const motionBefore = await cpuNow(container, stack, plain, page);
  const motionSample = await watchMotion(page, options.seconds, FULL_SCREEN);
  const motionAfter = await cpuNow(container, stack, plain, page);
  await killInDesktop(container, 'motion 30');
  const motion: Workload = {
    pageFps: motionSample.framesPerSecond,
    xFps: 30,
    bytesPerSecond: motionSample.bytesPerSecond,
    captureToPaint: motionSample.captureToPaint,
    quality: motionSample.quality,
    qualityReason: motionSample.qualityReason,
    cpu: perMinute(motionBefore, motionAfter),
  };
  await pause(500);
  // The pull after lossy motion comes once the motion stopped.
  const updateRequestsTotal = (await takeProbe(page)).updateRequests - requestsAtStart;
  return {
    updateRequestsTotal,
    keyMinimal,
    breakdownMinimal,
    keyTerminal,
    keyDuringFlood,
    flood,
    drainMs,
    drainXMs,
    drainPictureMs,
    drainRefreshBytes,
    drainRefreshMessages: refresh.length,
    drainUpdateRequests: updateRequests,
    motion,
  };
}

/**
 * The experience benchmark: a bench image (Helios plus keypaint, motion and
 * damagecount), one container, and for each round, link and stack (Helios'
 * page through the gateway, over RFB and in video mode; Debian noVNC 1.3 +
 * websockify on the same Xvnc socket) every workload in real Chromium. Each
 * round starts with another stack.
 */
export async function runExperience(
  options: ExperienceOptions,
  progress: (line: string) => void = () => {},
): Promise<StackFigures[]> {
  const tag = await buildBenchImage(options.distro);
  const container = await startDesktop(tag, { USER: USER.name, UID: String(USER.uid), HELIOS_AUDIO: '0' });
  let plain: PlainStack | undefined;
  let browser: Browser | undefined;
  try {
    await waitForStatus(container, '/health', 200, 60_000);
    const pid = await docker('inspect', '--format', '{{.State.Pid}}', container.name);
    plain = await startPlainStack(`/proc/${pid}/root/run/user/${USER.uid}/vnc.sock`, await freePort());
    browser = await launchChromium();
    const heliosXvnc = withOverrides(
      xvncSettingsOf(await xvncCommandLine(container.name)),
      options.xvncOverrides,
    );
    const xvncOf = {
      helios: heliosXvnc,
      video: heliosXvnc,
      auto: heliosXvnc,
      sharp: heliosXvnc,
      plain: TIGERVNC_DEFAULTS,
    };
    const measured = options.stacks ?? STACKS;
    progress(`Xvnc settings: Helios ${JSON.stringify(xvncOf.helios)}, plain ${JSON.stringify(xvncOf.plain)}`);
    const results: StackFigures[] = [];
    for (let round = 0; round < options.rounds; round++) {
      for (const link of options.links) {
        const first = round % measured.length;
        const stacks = [...measured.slice(first), ...measured.slice(0, first)];
        for (const stack of stacks) {
          const port = stack === 'plain' ? plain.port : container.port;
          const profile = LINK_PROFILES.find((p) => p.name === link);
          const shaped =
            profile === undefined
              ? undefined
              : await startShapedLink({ target: { host: '127.0.0.1', port }, ...profile });
          const base = `http://127.0.0.1:${shaped?.port ?? port}`;
          const url = {
            helios: `${base}/`,
            video: `${base}/?mode=video`,
            auto: `${base}/?mode=auto`,
            sharp: `${base}/?quality=9`,
            plain: `${base}/helios-bench-plain.html`,
          }[stack];
          progress(`round ${round + 1}/${options.rounds}, ${link}, ${stack}`);
          await applyXvncSettings(container.name, USER.uid, xvncOf[stack]);
          const page = await openViewer(browser, url, stack);
          try {
            // A late piece of one key's picture must not pass for the next key's: on a
            // link, wait out three round trips too (a lost segment is resent after ≥ 200 ms).
            const settleMs = 150 + 3 * (profile?.rttMs ?? 0);
            const figures = await measureViewer(page, container, plain, stack, options, settleMs);
            results.push({ stack, link, xvnc: xvncOf[stack], ...figures });
          } finally {
            await page.close();
            await shaped?.close();
          }
        }
      }
    }
    return results;
  } finally {
    await browser?.close();
    await plain?.stop();
    await container.remove();
  }
}
