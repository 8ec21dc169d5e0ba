/**
 * The soak's viewers: each one connects, waits for a picture, stays a
 * seeded random 10–30 s, closes and connects again until the soak ends.
 * One is Helios' page in Chromium (audio on, the microphone on); the others
 * are raw RFB viewers over the gateway's WebSocket (rfb-viewer.ts).
 */
import type { Browser, Page } from 'playwright-core';
import { fakeMicrophone, readAudio } from '../../support/audio-probe.ts';
import { waitForDesktopFrame } from '../../support/browser.ts';
import '../../support/client-hook.ts';
import { connectRfbViewer, type RfbViewer } from './rfb-viewer.ts';

/** Shortest and longest stay of a viewer between reconnects (issue 18: every 10–30 s). */
export const MIN_STAY_MS = 10_000;
export const MAX_STAY_MS = 30_000;

/** A stay of 10–30 s from a uniform number in [0, 1). */
export const stayMs = (uniform: number) => MIN_STAY_MS + Math.round(uniform * (MAX_STAY_MS - MIN_STAY_MS));

/** One connection of one viewer, from connect to close. */
export interface ViewerSession {
  readonly viewer: string;
  readonly kind: 'chromium' | 'rfb';
  /** ms since the soak started. */
  readonly startedMs: number;
  /** Planned stay. */
  readonly stayMs: number;
  /** RFB viewers: framebuffer updates received (the page instead waits for a desktop frame or fails). */
  readonly updates: number | undefined;
  /** Connected and got a picture; else what went wrong. */
  readonly failure: string | undefined;
  /** Chromium only: the page's audio and microphone states once on (or what they were when given up). */
  readonly audio?: string;
  readonly mic?: string;
}

/** Lets waits end early when the soak stops. */
export class SoakClock {
  readonly #startedMs = Date.now();
  #stopped = false;
  readonly #wakers = new Set<() => void>();

  get elapsedMs(): number {
    return Date.now() - this.#startedMs;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Waits `ms`, or less when the soak stops first. */
  sleep(ms: number): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wakers.add(done);
    });
  }

  /** Waits until `elapsedMs` since the start. */
  sleepUntil(elapsedMs: number): Promise<void> {
    return this.sleep(Math.max(0, elapsedMs - this.elapsedMs));
  }

  stop(): void {
    this.#stopped = true;
    for (const wake of [...this.#wakers]) wake();
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message.split('\n')[0] : String(error));

/** The RFB viewer `name`: connects to `url` again and again; `current()` is the open one, if any. */
export function rfbViewerLoop(
  name: string,
  url: string,
  random: () => number,
  clock: SoakClock,
  sessions: ViewerSession[],
): { readonly done: Promise<void>; current(): RfbViewer | undefined } {
  let open: RfbViewer | undefined;
  const done = (async () => {
    while (!clock.stopped) {
      const startedMs = clock.elapsedMs;
      const stay = stayMs(random());
      let viewer: RfbViewer | undefined;
      let failure: string | undefined;
      try {
        viewer = await connectRfbViewer(url);
        await viewer.waitForUpdates(1, 15_000);
        open = viewer;
        await clock.sleep(stay - (clock.elapsedMs - startedMs));
      } catch (error) {
        failure = message(error);
      }
      open = undefined;
      sessions.push({
        viewer: name,
        kind: 'rfb',
        startedMs,
        stayMs: stay,
        updates: viewer?.updates() ?? 0,
        failure,
      });
      await viewer?.close();
      if (failure !== undefined) await clock.sleep(1_000);
    }
  })();
  return { done, current: () => open };
}

/** One visit of Helios' page: connected, a desktop frame, audio on, the microphone on. */
async function visit(page: Page, url: string): Promise<{ audio: string; mic: string }> {
  await page.goto(url);
  await page.waitForFunction(() => window.heliosClient?.state === 'connected', undefined, {
    timeout: 30_000,
  });
  await waitForDesktopFrame(page, 30_000);
  const until = async (read: () => Promise<string>, want: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    let last = await read();
    while (last !== want && Date.now() < deadline) {
      await page.waitForTimeout(200);
      last = await read();
    }
    return last;
  };
  const audio = await until(() => readAudio(page, (hook) => hook.state), 'on', 15_000);
  await readAudio(page, (hook) => hook.setMic(true));
  const mic = await until(() => readAudio(page, (hook) => hook.mic), 'on', 10_000);
  if (audio !== 'on' || mic !== 'on') throw new Error(`audio ${audio}, microphone ${mic} (expected both on)`);
  return { audio, mic };
}

/** The Chromium viewer: Helios' page with audio and a fake 440 Hz microphone, revisited every 10–30 s. */
export function chromiumViewerLoop(
  browser: Browser,
  url: string,
  random: () => number,
  clock: SoakClock,
  sessions: ViewerSession[],
): Promise<void> {
  return (async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await fakeMicrophone(page, 440);
    try {
      while (!clock.stopped) {
        const startedMs = clock.elapsedMs;
        const stay = stayMs(random());
        let failure: string | undefined;
        let states: { audio: string; mic: string } | undefined;
        try {
          states = await visit(page, url);
          await clock.sleep(stay - (clock.elapsedMs - startedMs));
        } catch (error) {
          failure = message(error);
        }
        sessions.push({
          viewer: 'chromium',
          kind: 'chromium',
          startedMs,
          stayMs: stay,
          updates: undefined,
          failure,
          ...states,
        });
        // Leaving the page closes its bridge, audio and microphone sockets.
        await page.goto('about:blank').catch(() => {});
      }
    } finally {
      await page.close();
    }
  })();
}
