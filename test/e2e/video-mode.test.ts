import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIREFOX, type FirefoxSession, launchFirefox } from '../../packages/kclient/test/support/firefox.ts';
import { buildBenchImage } from '../bench/experience/bench-image.ts';
import { containerPids, cpuSeconds } from '../bench/experience/process-cpu.ts';
import { launchChromium } from '../support/browser.ts';
import '../support/client-hook.ts';
import {
  type ContainerProcess,
  containerProcesses,
  type DesktopContainer,
  docker,
  startDesktop,
  userEnv,
  waitForStatus,
} from '../support/container.ts';
import { eventually } from '../support/eventually.ts';
import { artifactsDir, e2eDistro } from '../support/repo.ts';

/**
 * Video mode (docs/video-transport.md) in the bench image, whose `motion`
 * client draws a moving picture that carries its frame number as a row of
 * black and white blocks (test/fixtures/bench-image/motion.c, --counter).
 * The pages read that number back from what they show, so the test sees
 * real H.264 from the real encoder decoded by the browser's WebCodecs.
 */

const user = { name: 'vera', uid: 1600 };
const viewport = { width: 1280, height: 800 };
/** Where motion draws on the X screen; its counter blocks are 16 px in from the corner. */
const MOTION = { x: 0, y: 100, w: 640, h: 400 };
const COUNTER = { x: MOTION.x + 16, y: MOTION.y + 16, block: 32, blocks: 18 };
/** Where keypaint opens, clear of motion. */
const KEYPAINT = { x: 760, y: 120, w: 400, h: 300 };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The page's video hook (section 3 of the spec), as far as the test reads it. */
interface VideoHookView {
  mode: 'video' | 'vnc';
  auto: boolean;
  encoder: string;
  framesDecoded: number;
  framesDropped: number;
  lastFrameNumber: number | undefined;
  lastCaptureUs: number | undefined;
  bytes: number;
  openedAtMs: number | undefined;
  firstFrameAtMs: number | undefined;
  codec: string | undefined;
  fallbackReason: string | undefined;
}

/** A plain copy of `window.heliosClient.video` (its getters read in the page). */
function videoHook(page: Page): Promise<VideoHookView | undefined> {
  return page.evaluate(() => {
    const hook = (window.heliosClient as unknown as { video?: VideoHookView } | undefined)?.video;
    if (hook === undefined) return undefined;
    return {
      mode: hook.mode,
      auto: hook.auto,
      encoder: hook.encoder,
      framesDecoded: hook.framesDecoded,
      framesDropped: hook.framesDropped,
      lastFrameNumber: hook.lastFrameNumber,
      lastCaptureUs: hook.lastCaptureUs,
      bytes: hook.bytes,
      openedAtMs: hook.openedAtMs,
      firstFrameAtMs: hook.firstFrameAtMs,
      codec: hook.codec,
      fallbackReason: hook.fallbackReason,
    };
  });
}

/** What the counter blocks of a picture say: the start marker seen, and the number. */
interface CounterReading {
  readonly marker: boolean;
  readonly value: number;
}

/**
 * Reads the counter from the canvas `selector` (in its drawing-buffer
 * pixels, which are X screen pixels): each block's middle, its mean luma
 * against mid-grey, so the blur of lossy video does not matter. Runs in the
 * page (self-contained), in Chromium and in Firefox.
 */
function counterInCanvas({
  selector,
  counter,
}: {
  selector: string;
  counter: typeof COUNTER;
}): CounterReading | null {
  const canvas = document.querySelector(selector) as HTMLCanvasElement | null;
  const context = canvas?.getContext('2d');
  if (!canvas || !context || canvas.width < counter.x + counter.block * counter.blocks) return null;
  const width = counter.block * counter.blocks;
  const { data } = context.getImageData(counter.x, counter.y, width, counter.block);
  const bits: number[] = [];
  for (let block = 0; block < counter.blocks; block++) {
    let sum = 0;
    let n = 0;
    for (let y = 10; y < 22; y++) {
      for (let x = block * counter.block + 10; x < block * counter.block + 22; x++) {
        const i = (y * width + x) * 4;
        sum += 0.299 * (data[i] ?? 0) + 0.587 * (data[i + 1] ?? 0) + 0.114 * (data[i + 2] ?? 0);
        n += 1;
      }
    }
    bits.push(sum / n > 128 ? 1 : 0);
  }
  return {
    marker: bits[0] === 1 && bits[1] === 0,
    value: bits.slice(2).reduce((value, bit) => value * 2 + bit, 0),
  };
}

function readCounter(page: Page, selector: string): Promise<CounterReading | null> {
  return page.evaluate(counterInCanvas, { selector, counter: COUNTER });
}

/**
 * The counter as the screen shows it: read from a screenshot of the page,
 * decoded in a blank scratch page (the client's CSP forbids data: fetches).
 */
async function readCounterOnScreen(browser: Browser, page: Page): Promise<CounterReading | null> {
  const png = await page.screenshot({
    clip: { x: COUNTER.x, y: COUNTER.y, width: COUNTER.block * COUNTER.blocks, height: COUNTER.block },
  });
  const scratch = await browser.newPage();
  try {
    return await scratch.evaluate(
      async ({ base64, counter }) => {
        const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
        const bitmap = await createImageBitmap(blob);
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
        context.drawImage(bitmap, 0, 0);
        const { data, width } = context.getImageData(0, 0, bitmap.width, bitmap.height);
        const bits: number[] = [];
        for (let block = 0; block < counter.blocks; block++) {
          const i = (16 * width + block * counter.block + 16) * 4;
          bits.push(
            0.299 * (data[i] ?? 0) + 0.587 * (data[i + 1] ?? 0) + 0.114 * (data[i + 2] ?? 0) > 128 ? 1 : 0,
          );
        }
        return {
          marker: bits[0] === 1 && bits[1] === 0,
          value: bits.slice(2).reduce((value, bit) => value * 2 + bit, 0),
        };
      },
      { base64: png.toString('base64'), counter: COUNTER },
    );
  } finally {
    await scratch.close();
  }
}

/** Distinct colours (4 bits a channel) in motion's area of the canvas `selector`. */
function coloursInMotionArea(page: Page, selector: string): Promise<number> {
  return page.evaluate(
    ({ selector, area }) => {
      const canvas = document.querySelector(selector) as HTMLCanvasElement | null;
      const context = canvas?.getContext('2d');
      if (!canvas || !context || canvas.width === 0) return 0;
      const { data } = context.getImageData(area.x, area.y, area.w, area.h);
      const colours = new Set<number>();
      for (let i = 0; i < data.length; i += 4 * 13) {
        colours.add(
          (((data[i] ?? 0) >> 4) << 8) | (((data[i + 1] ?? 0) >> 4) << 4) | ((data[i + 2] ?? 0) >> 4),
        );
      }
      return colours.size;
    },
    { selector, area: MOTION },
  );
}

/** Counter readings `every` ms, `count` times. */
async function counterSeries(page: Page, count: number, every: number): Promise<(CounterReading | null)[]> {
  const readings: (CounterReading | null)[] = [];
  for (let i = 0; i < count; i++) {
    readings.push(await readCounter(page, '#video-overlay'));
    await pause(every);
  }
  return readings;
}

/** Runs `command` detached as the desktop user on the session's display; output to `log` inside. */
async function runInDesktop(container: DesktopContainer, command: string, log: string): Promise<void> {
  await docker(
    'exec',
    '-d',
    '-u',
    String(user.uid),
    '-e',
    'DISPLAY=:1',
    container.name,
    'sh',
    '-c',
    `exec ${command} > ${log} 2>&1`,
  );
}

async function fileInContainer(container: DesktopContainer, file: string): Promise<string> {
  const { stdout } = await execa('docker', ['exec', container.name, 'cat', file], { reject: false });
  return stdout;
}

const isEncoder = (args: string) => /^(\S*\/)?helios-video-encoder(\s|$)/.test(args);

async function encoderProcesses(container: DesktopContainer): Promise<readonly ContainerProcess[]> {
  return (await containerProcesses(container)).rows.filter((row) => isEncoder(row.args));
}

/** Opens a page and waits until it is connected. */
async function openPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(url);
  await page.waitForFunction(() => window.heliosClient?.state === 'connected', undefined, {
    timeout: 60_000,
  });
  return page;
}

/**
 * A viewer without a browser: opens `{prefix}video`, counts what arrives
 * and reports it every 500 ms as a page does (so rate control sees a
 * healthy viewer).
 */
function plainViewer(url: string): { frames: number; keyframeFirst: boolean | undefined; close(): void } {
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  const viewer = {
    frames: 0,
    bytes: 0,
    keyframeFirst: undefined as boolean | undefined,
    close: () => socket.close(),
  };
  socket.addEventListener('message', (event) => {
    if (typeof event.data === 'string') return;
    const data = new Uint8Array(event.data as ArrayBuffer);
    viewer.keyframeFirst ??= data[0] === 1 && ((data[1] ?? 0) & 1) === 1;
    viewer.frames += 1;
    viewer.bytes += data.byteLength;
  });
  const reports = setInterval(() => {
    if (socket.readyState !== WebSocket.OPEN) return;
    socket.send(
      JSON.stringify({
        type: 'report',
        receivedBytes: viewer.bytes,
        decodedFrames: viewer.frames,
        decodeQueue: 0,
      }),
    );
  }, 500);
  socket.addEventListener('close', () => clearInterval(reports));
  return viewer;
}

/** CPU seconds the encoder used over `seconds`. */
async function encoderCpu(container: DesktopContainer, seconds: number): Promise<number> {
  const pids = await containerPids(container.name, isEncoder);
  const before = cpuSeconds(pids);
  await pause(seconds * 1000);
  return cpuSeconds(pids) - before;
}

describe(`video mode in the bench image of ${e2eDistro}`, () => {
  let container: DesktopContainer;
  let browser: Browser;
  let page: Page;
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    const image = await buildBenchImage(e2eDistro);
    container = await startDesktop(image, userEnv(user));
    browser = await launchChromium();
    await waitForStatus(container, '/health', 200, 60_000);
    page = await openPage(browser, `${container.url}?mode=video`);
    // The screen follows the page (1280x800) before motion sizes itself.
    await eventually(
      () => videoHook(page),
      (hook) => (hook?.framesDecoded ?? 0) > 0,
      30_000,
    );
    await runInDesktop(
      container,
      `motion --counter 30 ${MOTION.x} ${MOTION.y} ${MOTION.w} ${MOTION.h}`,
      '/tmp/motion.log',
    );
  });

  afterAll(async () => {
    mkdirSync(artifactsDir, { recursive: true });
    writeFileSync(
      join(artifactsDir, `video-mode-${e2eDistro}.json`),
      `${JSON.stringify(figures, null, 2)}\n`,
    );
    await browser?.close();
    await container?.remove();
  });

  it('decodes the moving picture in Chromium: the counter drawn on the desktop counts up on the video canvas and on screen, not on the quieted noVNC canvas', async () => {
    const start = await eventually(
      () => readCounter(page, '#video-overlay'),
      (reading) => reading?.marker === true && reading.value > 0,
      20_000,
    );
    expect(start).toMatchObject({ marker: true });
    const before = await videoHook(page);
    const startedAt = Date.now();
    const readings = await counterSeries(page, 30, 100);
    const after = await videoHook(page);
    const seconds = (Date.now() - startedAt) / 1000;

    expect(after).toMatchObject({ mode: 'video', encoder: 'running', fallbackReason: undefined });
    expect(after?.codec).toMatch(/^avc1\.[0-9A-F]{6}$/);
    expect(readings.every((reading) => reading?.marker === true)).toBe(true);
    const values = readings.map((reading) => reading?.value ?? -1);
    // The number only grows (motion started at 0 and stays far from 65536 here)...
    expect(values.every((value, i) => i === 0 || value >= (values[i - 1] ?? 0))).toBe(true);
    // ...and changes many times in three seconds of 30 fps motion.
    expect(new Set(values).size).toBeGreaterThanOrEqual(10);

    // What the user sees is that picture: the screenshot carries a counter too.
    const onScreen = await readCounterOnScreen(browser, page);
    expect(onScreen?.marker).toBe(true);
    // noVNC's canvas underneath gets no pixels (the RFB stream is quieted): no picture there.
    expect(await readCounter(page, '#screen canvas')).not.toMatchObject({ marker: true });
    expect(await coloursInMotionArea(page, '#screen canvas')).toBeLessThanOrEqual(2);
    expect(await coloursInMotionArea(page, '#video-overlay')).toBeGreaterThan(50);

    const decodedFps = ((after?.framesDecoded ?? 0) - (before?.framesDecoded ?? 0)) / seconds;
    figures.decodedFps = Math.round(decodedFps * 10) / 10;
    figures.counterStepsPerSecond = Math.round(((values.at(-1) ?? 0) - (values[0] ?? 0)) / seconds);
    figures.kbitPerSecond = Math.round((((after?.bytes ?? 0) - (before?.bytes ?? 0)) * 8) / seconds / 1000);
    figures.framesDropped = after?.framesDropped;
    figures.codec = after?.codec;
    expect(decodedFps).toBeGreaterThan(1);
  });

  it('shows a second page that joins mid-stream a picture within a second', async () => {
    const second = await openPage(browser, `${container.url}?mode=video`);
    try {
      const hook = await eventually(
        () => videoHook(second),
        (h) => h?.firstFrameAtMs !== undefined,
        10_000,
      );
      expect(hook?.mode).toBe('video');
      const joinMs = (hook?.firstFrameAtMs ?? Number.NaN) - (hook?.openedAtMs ?? Number.NaN);
      figures.joinToFirstFrameMs = Math.round(joinMs);
      figures.pageStartToFirstFrameMs = Math.round(hook?.firstFrameAtMs ?? Number.NaN);
      expect(joinMs).toBeGreaterThanOrEqual(0);
      expect(joinMs).toBeLessThan(1_000);
      const reading = await eventually(
        () => readCounter(second, '#video-overlay'),
        (r) => r?.marker === true,
        5_000,
      );
      expect(reading?.marker).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('serves ten viewers from one encoder whose CPU does not grow with them', async () => {
    await eventually(
      () => encoderProcesses(container),
      (rows) => rows.length === 1,
      10_000,
    );
    const oneViewer = await encoderCpu(container, 10);
    const videoUrl = new URL('video', container.url).href.replace(/^http/, 'ws');
    const others = Array.from({ length: 9 }, () => plainViewer(videoUrl));
    try {
      await eventually(
        () => others.map((viewer) => viewer.frames),
        (frames) => frames.every((n) => n > 0),
        15_000,
      );
      const metrics = await (await fetch(new URL('metrics', container.url))).text();
      expect(metrics).toMatch(/^helios_video_viewers(\{[^}]*\})? 10$/m);
      const tenViewers = await encoderCpu(container, 10);
      const encoders = await encoderProcesses(container);
      figures.encoderCpuSecondsPer10s = { oneViewer, tenViewers };
      expect(encoders).toHaveLength(1);
      expect(others.every((viewer) => viewer.keyframeFirst === true)).toBe(true);
      expect(oneViewer).toBeGreaterThan(0);
      // One shared encoder: ten viewers cost it about what one does, nowhere near ten times.
      expect(tenViewers).toBeLessThan(oneViewer * 3);
    } finally {
      for (const viewer of others) viewer.close();
    }
  });

  it('gives a view-only page video while its keys stay away from the desktop', async () => {
    await runInDesktop(
      container,
      `keypaint ${KEYPAINT.x} ${KEYPAINT.y} ${KEYPAINT.w} ${KEYPAINT.h}`,
      '/tmp/keypaint.log',
    );
    await eventually(
      () => fileInContainer(container, '/tmp/keypaint.log'),
      (log) => /^ready /m.test(log),
      10_000,
    );
    const viewOnly = await openPage(browser, `${container.url}view-only/?mode=video`);
    try {
      expect(await viewOnly.evaluate(() => window.heliosClient.viewOnly)).toBe(true);
      const hook = await eventually(
        () => videoHook(viewOnly),
        (h) => (h?.framesDecoded ?? 0) > 5,
        10_000,
      );
      expect(hook?.mode).toBe('video');
      expect(await readCounter(viewOnly, '#video-overlay')).toMatchObject({ marker: true });

      await viewOnly.mouse.click(KEYPAINT.x + 50, KEYPAINT.y + 50);
      for (const key of ['a', 'b', 'c', 'Enter']) await viewOnly.keyboard.press(key);
      await pause(1_500);
      expect(await fileInContainer(container, '/tmp/keypaint.log')).not.toMatch(/^press /m);

      // The same keys from the full page arrive: the check above can see keys.
      await page.bringToFront();
      await page.keyboard.press('a');
      const log = await eventually(
        () => fileInContainer(container, '/tmp/keypaint.log'),
        (text) => /^press /m.test(text),
        10_000,
      );
      expect(log).toMatch(/^press /m);
    } finally {
      await viewOnly.close();
    }
  });

  it('keeps VNC by default; the toolbar switch turns video on, is remembered, and ?mode=vnc wins over it', async () => {
    const context = await browser.newContext({ viewport });
    try {
      const plain = await context.newPage();
      await plain.goto(container.url);
      await plain.waitForFunction(() => window.heliosClient?.state === 'connected', undefined, {
        timeout: 60_000,
      });
      expect(await videoHook(plain)).toMatchObject({ mode: 'vnc', fallbackReason: undefined });
      expect(await plain.locator('#video-overlay').count()).toBe(0);
      // VNC mode: noVNC's own canvas shows the moving picture and its counter.
      await expect
        .poll(() => readCounter(plain, '#screen canvas'), { timeout: 15_000 })
        .toMatchObject({ marker: true });

      await plain.click('#toolbar-toggle');
      await plain.click('#video-mode');
      await expect
        .poll(() => readCounter(plain, '#video-overlay'), { timeout: 15_000 })
        .toMatchObject({ marker: true });
      expect(await videoHook(plain)).toMatchObject({ mode: 'video' });

      await plain.reload();
      await expect
        .poll(async () => (await videoHook(plain))?.framesDecoded ?? 0, { timeout: 15_000 })
        .toBeGreaterThan(0);
      expect(await videoHook(plain)).toMatchObject({ mode: 'video' });

      await plain.goto(`${container.url}?mode=vnc`);
      await plain.waitForFunction(() => window.heliosClient?.state === 'connected', undefined, {
        timeout: 60_000,
      });
      expect(await videoHook(plain)).toMatchObject({ mode: 'vnc', framesDecoded: 0 });
      await expect
        .poll(() => readCounter(plain, '#screen canvas'), { timeout: 15_000 })
        .toMatchObject({ marker: true });
    } finally {
      await context.close();
    }
  });

  it('Firefox ESR with ?mode=video shows the desktop: by video when it decodes H.264, else by VNC with the reason', {
    timeout: 180_000,
  }, async () => {
    let firefox: FirefoxSession | undefined;
    try {
      firefox = await launchFirefox();
      const ff = await firefox.open(`${container.url}?mode=video`, viewport.width, viewport.height);
      await ff.waitForFunction(() => window.heliosClient?.state === 'connected', { timeout: 60_000 });
      const hook = async () =>
        ff.evaluate(() => {
          const video = (window.heliosClient as unknown as { video: VideoHookView }).video;
          return {
            mode: video.mode,
            framesDecoded: video.framesDecoded,
            fallbackReason: video.fallbackReason,
          };
        });
      // A decoder failure may still turn video into VNC: wait for frames or a fallback.
      const deadline = Date.now() + 30_000;
      let seen = await hook();
      while (Date.now() < deadline && seen.mode === 'video' && seen.framesDecoded < 10) {
        await pause(250);
        seen = await hook();
      }
      figures.firefox = seen;
      const colours = (selector: string) =>
        ff.evaluate((s) => {
          const canvas = document.querySelector(s) as HTMLCanvasElement | null;
          const context = canvas?.getContext('2d');
          if (!canvas || !context || canvas.width === 0) return 0;
          const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
          const set = new Set<number>();
          for (let i = 0; i < data.length; i += 4 * 7) {
            set.add(
              (((data[i] ?? 0) >> 4) << 8) | (((data[i + 1] ?? 0) >> 4) << 4) | ((data[i + 2] ?? 0) >> 4),
            );
          }
          return set.size;
        }, selector);
      if (seen.mode === 'video') {
        expect(seen.framesDecoded).toBeGreaterThanOrEqual(10);
        expect(seen.fallbackReason).toBeUndefined();
        await expect.poll(() => colours('#video-overlay'), { timeout: 15_000 }).toBeGreaterThan(50);
        // The moving picture itself, decoded by Firefox: its counter counts up.
        const read = () => ff.evaluate(counterInCanvas, { selector: '#video-overlay', counter: COUNTER });
        const first = await read();
        await pause(1_000);
        const second = await read();
        expect(first?.marker && second?.marker).toBe(true);
        expect(second?.value ?? 0).toBeGreaterThan(first?.value ?? Number.POSITIVE_INFINITY);
      } else {
        expect(seen.fallbackReason).toMatch(
          /^(no-video-decoder|h264-unsupported|codec-unsupported|decoder-failing): /,
        );
        await expect.poll(() => colours('#screen canvas'), { timeout: 15_000 }).toBeGreaterThan(50);
      }
      expect(firefox.strayRequests()).toEqual([]);
    } finally {
      await firefox?.close();
    }
  });

  it('Firefox ESR without WebCodecs (as older ESRs ship) stays on VNC, says why, and shows the desktop', {
    timeout: 120_000,
  }, async () => {
    let firefox: FirefoxSession | undefined;
    try {
      firefox = await launchFirefox(FIREFOX, { 'dom.media.webcodecs.enabled': false });
      const ff = await firefox.open(`${container.url}?mode=video`, viewport.width, viewport.height);
      await ff.waitForFunction(() => window.heliosClient?.state === 'connected', { timeout: 60_000 });
      const seen = await ff.evaluate(() => {
        const video = (window.heliosClient as unknown as { video: VideoHookView }).video;
        return { mode: video.mode, fallbackReason: video.fallbackReason, decoder: typeof VideoDecoder };
      });
      expect(seen.decoder).toBe('undefined');
      expect(seen.mode).toBe('vnc');
      expect(seen.fallbackReason).toMatch(/^no-video-decoder: /);
      // The reason is on screen too, in the toolbar.
      expect(await ff.$eval('#video-fallback', (node) => node.textContent ?? '')).toContain(
        seen.fallbackReason?.split(': ')[1] ?? 'missing',
      );
      // RFB carries the picture, unquieted: the moving picture's counter counts up on noVNC's canvas.
      const read = () => ff.evaluate(counterInCanvas, { selector: '#screen canvas', counter: COUNTER });
      await expect.poll(async () => (await read())?.marker, { timeout: 15_000 }).toBe(true);
      const first = await read();
      await pause(1_000);
      const second = await read();
      expect(second?.value ?? 0).toBeGreaterThan(first?.value ?? Number.POSITIVE_INFINITY);
      expect(firefox.strayRequests()).toEqual([]);
    } finally {
      await firefox?.close();
    }
  });
  it('?mode=auto shows RFB, switches to video while the picture moves and back to RFB, whole, once it stops', {
    timeout: 90_000,
  }, async () => {
    const auto = await openPage(browser, `${container.url}?mode=auto`);
    try {
      // motion runs (beforeAll): about a second of RFB at megabytes a second starts video.
      const moving = await eventually(
        () => videoHook(auto),
        (hook) => hook?.mode === 'video' && (hook?.framesDecoded ?? 0) > 10,
        20_000,
      );
      expect(moving).toMatchObject({ auto: true, mode: 'video', fallbackReason: undefined });
      await expect
        .poll(async () => (await readCounter(auto, '#video-overlay'))?.marker, { timeout: 10_000 })
        .toBe(true);
      // The bridge of this page is quiet now: its noVNC canvas stops following the counter.
      const quietBefore = await readCounter(auto, '#screen canvas');
      await pause(1_000);
      expect(await readCounter(auto, '#screen canvas')).toEqual(quietBefore);

      await docker('exec', container.name, 'pkill', '-x', 'motion');
      const still = await eventually(
        () => videoHook(auto),
        (hook) => hook?.mode === 'vnc',
        20_000,
      );
      expect(still).toMatchObject({ auto: true, mode: 'vnc' });
      // Back on RFB the gateway asked for the whole picture: the desktop where motion was is
      // painted again on noVNC's canvas (the panel, the wallpaper), not left as it froze.
      await expect
        .poll(() => coloursInMotionArea(auto, '#screen canvas'), { timeout: 10_000 })
        .toBeGreaterThan(2);
      expect(await auto.$('#video-overlay')).toBeNull();
    } finally {
      await auto.close();
      await runInDesktop(
        container,
        `motion --counter 30 ${MOTION.x} ${MOTION.y} ${MOTION.w} ${MOTION.h}`,
        '/tmp/motion.log',
      );
    }
  });
});
