import type { Page } from 'playwright-core';
import { type ProbeFlip, type ProbeRecord, takeProbe, watchPixel } from './page-probe.ts';

/** A rectangle of the remote screen, in framebuffer pixels. */
export interface Region {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** The whole screen below XFCE's top panel (its clock must not count as a reaction). */
export const BELOW_PANEL: Region = Object.freeze({ x: 0, y: 40, w: 100_000, h: 100_000 });

const intersects = (a: Region, b: Region) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One key of a key-to-photon series, in the page's wall-clock milliseconds. */
export interface KeyReaction {
  /** When the page saw the keydown. */
  readonly keydownAt: number;
  /** When noVNC drew the first frame that changed the watched region. */
  readonly drawnAt: number;
}

/**
 * Key to photon: presses `keys` one at a time (trusted CDP key events) and,
 * for each, the time from the page's keydown to the first frame noVNC draws
 * that changes `region`, after `settleMs` without a change there since the
 * previous key. Keys are spaced by a random 80–200 ms more so they do not
 * lock onto any frame timer. With `pixel` (a point of `region` whose colour
 * every key changes, as keypaint's), a video frame counts only when it
 * changed the colour there: video frames cover the whole screen, so during
 * a flood the next one after a key need not carry the key's picture.
 */
export async function keyToPhoton(
  page: Page,
  keys: readonly string[],
  region: Region,
  settleMs = 150,
  pixel?: { readonly x: number; readonly y: number },
): Promise<KeyReaction[]> {
  const reactions: KeyReaction[] = [];
  if (pixel !== undefined) {
    await watchPixel(page, pixel);
    await pause(200);
  }
  await takeProbe(page);
  for (const key of keys) {
    const before = pixel === undefined ? undefined : await watchPixel(page, pixel);
    await page.keyboard.press(key);
    const reaction = await page
      .waitForFunction(
        ({ r, before }) => {
          const probe = window.__benchProbe;
          const pressed = probe?.keys.at(-1);
          if (probe === undefined || pressed === undefined) return undefined;
          // Colours far apart (keypaint's magenta and green), not equal: H.264 shifts them a little.
          const recoloured = (rgb: number) =>
            before === null ||
            Math.abs((rgb >> 16) - (before >> 16)) +
              Math.abs(((rgb >> 8) & 255) - ((before >> 8) & 255)) +
              Math.abs((rgb & 255) - (before & 255)) >
              150;
          const frame = probe.flips.find(
            (f) =>
              f.t > pressed.t &&
              f.x < r.x + r.w &&
              r.x < f.x + f.w &&
              f.y < r.y + r.h &&
              r.y < f.y + f.h &&
              (f.rgb === undefined || recoloured(f.rgb)),
          );
          return frame === undefined ? undefined : { keydownAt: pressed.t, drawnAt: frame.t };
        },
        { r: region, before: before ?? null },
        { polling: 5, timeout: 5_000 },
      )
      .then((handle) => handle.jsonValue() as Promise<KeyReaction>);
    reactions.push(reaction);
    // Let every frame of this key arrive (an update can come in several, and
    // TigerVNC's lossless refresh follows), so none is taken for the next
    // key's reaction: `settleMs` of quiet, longer on a slow or lossy link.
    // Video frames that carry a colour are judged by it and need no quiet.
    await untilQuiet(page, region, settleMs, pixel !== undefined);
    await pause(80 + Math.random() * 120);
  }
  if (pixel !== undefined) await watchPixel(page, undefined);
  return reactions;
}

/** Milliseconds from keydown to drawn frame of each reaction. */
export const latenciesOf = (reactions: readonly KeyReaction[]) =>
  reactions.map((r) => r.drawnAt - r.keydownAt);

/** Where one key's time went, from the page's and keypaint's own timestamps. */
export interface KeyBreakdown {
  /** keydown in the page -> keypaint reads the KeyPress (page, link, gateway, Xvnc input). */
  readonly input: number;
  /** KeyPress read -> repaint done in the X server (the application). */
  readonly app: number;
  /** Repaint done -> noVNC drew it (Xvnc's update timing, encoding, link, gateway, decode, paint). */
  readonly output: number;
}

/**
 * Pairs a key series with keypaint's log (`press <us>` / `painted <us>`,
 * CLOCK_REALTIME on the same machine as the page's clock), key by key.
 */
export function breakdown(reactions: readonly KeyReaction[], keypaintLog: string): KeyBreakdown[] {
  const presses = [...keypaintLog.matchAll(/^press (\d+)/gm)].map((m) => Number(m[1]) / 1000);
  const paints = [...keypaintLog.matchAll(/^painted (\d+)/gm)].map((m) => Number(m[1]) / 1000);
  return reactions.flatMap((reaction, i) => {
    const press = presses[i];
    const painted = paints[i];
    if (press === undefined || painted === undefined) return [];
    return [{ input: press - reaction.keydownAt, app: painted - press, output: reaction.drawnAt - painted }];
  });
}

/** Waits until no frame has changed `region` for `quietMs`, and clears the probe. */
async function untilQuiet(page: Page, region: Region, quietMs: number, skipColoured = false): Promise<void> {
  let last = performance.now();
  const deadline = last + 10_000;
  const counts = (f: ProbeFlip) => intersects(f, region) && !(skipColoured && f.rgb !== undefined);
  while (performance.now() - last < quietMs && performance.now() < deadline) {
    await pause(quietMs / 3);
    if ((await takeProbe(page)).flips.some(counts)) last = performance.now();
  }
}

/** What a viewer page saw of a stretch of motion. */
export interface MotionSample {
  /** Frames drawn that changed `region`, per second. */
  readonly framesPerSecond: number;
  /** Bytes per second received on the VNC and video WebSockets. */
  readonly bytesPerSecond: number;
  /** Video mode: ms from capture to paint of each frame drawn; empty otherwise. */
  readonly captureToPaint: readonly number[];
  /** The JPEG quality (0–9) the page's noVNC asked for at the end, if it says. */
  readonly quality: number | undefined;
  /** Helios' page: why it asked for that quality (`sharp`, `motion`, `queue`). */
  readonly qualityReason: string | undefined;
}

/** Watches the page for `seconds` and counts frames drawn into `region` and bytes received. */
export async function watchMotion(page: Page, seconds: number, region: Region): Promise<MotionSample> {
  const before = await takeProbe(page);
  const started = performance.now();
  await pause(seconds * 1000);
  const after = await takeProbe(page);
  const elapsed = (performance.now() - started) / 1000;
  return {
    framesPerSecond: after.flips.filter((f) => intersects(f, region)).length / elapsed,
    bytesPerSecond:
      (after.vncBytesIn + after.videoBytesIn - before.vncBytesIn - before.videoBytesIn) / elapsed,
    captureToPaint: after.captureToPaint,
    ...(await rfbQuality(page).then(({ level, reason }) => ({ quality: level, qualityReason: reason }))),
  };
}

/**
 * noVNC's `qualityLevel` in Helios' page (heliosClient.rfb) or the plain page
 * (window.rfb), with Helios' reason for it (`heliosClient.quality.reason`).
 */
async function rfbQuality(page: Page): Promise<{ level?: number; reason?: string }> {
  return page.evaluate(() => {
    const w = window as unknown as {
      heliosClient?: { rfb?: { qualityLevel: number }; quality?: { reason: string } };
      rfb?: { qualityLevel: number };
    };
    return { level: (w.heliosClient?.rfb ?? w.rfb)?.qualityLevel, reason: w.heliosClient?.quality?.reason };
  });
}

/**
 * Drain: presses `key` (Ctrl+C to stop a flood) and returns how long frames
 * that change `region` keep arriving after it: the time from the keydown to
 * the last such frame before `quietMs` without any, and the VNC messages
 * that arrived meanwhile (what the drain cost on the wire).
 */
export async function drainAfter(
  page: Page,
  key: string,
  region: Region,
  quietMs = 1000,
): Promise<{
  readonly pressedAt: number;
  readonly drainMs: number;
  readonly frames: readonly number[];
  readonly arrivals: readonly { t: number; bytes: number }[];
  /** FramebufferUpdateRequests the page sent until the screen settled. */
  readonly updateRequests: number;
}> {
  const before = await takeProbe(page);
  await page.keyboard.press(key);
  const first = await takeProbe(page);
  const pressedAt = first.keys.at(-1)?.t;
  if (pressedAt === undefined) throw new Error(`the page saw no keydown for ${key}`);
  const frames = new Set<number>();
  const arrivals: { t: number; bytes: number }[] = [];
  const note = (record: ProbeRecord) => {
    for (const f of record.flips) if (f.t > pressedAt && intersects(f, region)) frames.add(f.t);
    arrivals.push(...record.vncArrivals.filter((a) => a.t > pressedAt));
  };
  note(first);
  const deadline = performance.now() + 30_000;
  for (;;) {
    await pause(quietMs / 4);
    note(await takeProbe(page));
    const last = Math.max(pressedAt, ...frames);
    const now = await page.evaluate(() => performance.timeOrigin + performance.now());
    if (now - last >= quietMs) {
      const drainArrivals = arrivals.filter((a) => a.t <= last);
      const updateRequests = (await takeProbe(page)).updateRequests - before.updateRequests;
      return {
        pressedAt,
        drainMs: last - pressedAt,
        frames: [...frames].sort((a, b) => a - b),
        arrivals: drainArrivals,
        updateRequests,
      };
    }
    if (performance.now() > deadline) throw new Error('the screen did not settle within 30 s');
  }
}

/**
 * When the page showed the terminal's last picture: the first frame at or
 * after the X side's last drawing (`xLastAt`, wall-clock ms) carries it; what
 * follows is TigerVNC refreshing, losslessly, areas it sent as JPEG (it waits
 * 50 ms after the last change, then sends them in pieces sized by bandwidth
 * times the time to the next frame). Without a frame after it (clocks a
 * millisecond apart), the last frame. In ms after `pressedAt`.
 */
export function lastPictureMs(frames: readonly number[], pressedAt: number, xLastAt: number): number {
  const carrying = frames.find((t) => t >= xLastAt) ?? frames.at(-1) ?? pressedAt;
  return carrying - pressedAt;
}

/** Types `text` into the page as trusted key events and presses Enter. */
export async function typeLine(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 15 });
  await page.keyboard.press('Enter');
}

/** Percentile `p` (0..1) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
}
