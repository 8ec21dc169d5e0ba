import {
  audioChromiumArgs,
  chromiumPath,
  launchChromium as launchOfflineChromium,
  offlineChromiumArgs,
} from '@helios/test-kit/chromium';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * Headless Debian Chromium, with nothing that reaches for the network; with
 * `audio`, allowed to play and record. `loopbackNames` resolve to 127.0.0.1
 * (`--host-resolver-rules`), so a test can open a desktop by a name that is
 * not localhost: a page there is not a secure context, as on a LAN.
 */
export function launchChromium(
  options: { audio?: boolean; env?: NodeJS.ProcessEnv; loopbackNames?: readonly string[] } = {},
): Promise<Browser> {
  const { loopbackNames = [], ...rest } = options;
  if (loopbackNames.length === 0) return launchOfflineChromium(rest);
  const rules = loopbackNames.map((name) => `MAP ${name} 127.0.0.1`).join(', ');
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      ...offlineChromiumArgs,
      ...(options.audio ? audioChromiumArgs : []),
      `--host-resolver-rules=${rules}`,
    ],
    ...(options.env ? { env: options.env } : {}),
  });
}

/** What the visible desktop canvas shows. */
export interface CanvasStats {
  readonly width: number;
  readonly height: number;
  /** Number of distinct colours (sampled on a grid). */
  readonly distinctColours: number;
  /** Share of the most common colour among the samples, 0..1. */
  readonly dominantShare: number;
  /**
   * Share of the top 16 rows (where XFCE draws its panel) in their own most
   * common colour, 0..1; 0 when that colour is the background's (the most
   * common colour of the middle third of the screen, where nothing but
   * wallpaper is drawn). A drawn panel is one colour apart from the wallpaper.
   */
  readonly topStripPanelShare: number;
}

/** Samples the largest visible canvas of the page (noVNC's screen). */
function canvasStats(page: Page): Promise<CanvasStats | null> {
  return page.evaluate(() => {
    const canvases = [...document.querySelectorAll('canvas')].filter((c) => c.width > 0 && c.height > 0);
    const canvas = canvases.sort((a, b) => b.width * b.height - a.width * a.height)[0];
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return null;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const counts = new Map<number, number>();
    let samples = 0;
    for (let y = 0; y < canvas.height; y += 4) {
      for (let x = 0; x < canvas.width; x += 4) {
        const i = (y * canvas.width + x) * 4;
        const key = ((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0);
        counts.set(key, (counts.get(key) ?? 0) + 1);
        samples += 1;
      }
    }
    let dominant = 0;
    for (const count of counts.values()) dominant = Math.max(dominant, count);
    // The background: a gradient wallpaper (Ubuntu's) has no colour that
    // dominates the screen, and the panel's colour may then be the most common.
    const middle = new Map<number, number>();
    for (let y = Math.floor(canvas.height / 3); y < (2 * canvas.height) / 3; y += 4) {
      for (let x = 0; x < canvas.width; x += 4) {
        const i = (y * canvas.width + x) * 4;
        const key = ((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0);
        middle.set(key, (middle.get(key) ?? 0) + 1);
      }
    }
    let backgroundKey = 0;
    let backgroundCount = 0;
    for (const [key, count] of middle) {
      if (count > backgroundCount) [backgroundKey, backgroundCount] = [key, count];
    }
    const strip = new Map<number, number>();
    let stripSamples = 0;
    for (let y = 0; y < Math.min(16, canvas.height); y += 2) {
      for (let x = 0; x < canvas.width; x += 4) {
        const i = (y * canvas.width + x) * 4;
        const key = ((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0);
        strip.set(key, (strip.get(key) ?? 0) + 1);
        stripSamples += 1;
      }
    }
    let panelKey = 0;
    let panelCount = 0;
    for (const [key, count] of strip) {
      if (count > panelCount) [panelKey, panelCount] = [key, count];
    }
    return {
      width: canvas.width,
      height: canvas.height,
      distinctColours: counts.size,
      dominantShare: samples === 0 ? 1 : dominant / samples,
      topStripPanelShare: stripSamples === 0 || panelKey === backgroundKey ? 0 : panelCount / stripSamples,
    };
  });
}

/**
 * Whether the canvas shows a real XFCE desktop: icons and text give many
 * colours, the background does not cover everything, and the top rows are
 * mostly one colour that is not the wallpaper's (the panel). An empty, black
 * or single-colour canvas (X up, no desktop) fails all three.
 */
function looksLikeDesktop(stats: CanvasStats): boolean {
  return stats.distinctColours >= 64 && stats.dominantShare < 0.98 && stats.topStripPanelShare >= 0.5;
}

/** Waits until {@link looksLikeDesktop} holds for the canvas, looking every `pollMs`. */
export async function waitForDesktopFrame(page: Page, timeoutMs: number, pollMs = 250): Promise<CanvasStats> {
  const started = Date.now();
  let last: CanvasStats | null = null;
  while (Date.now() - started < timeoutMs) {
    last = await canvasStats(page);
    if (last && looksLikeDesktop(last)) return last;
    await page.waitForTimeout(pollMs);
  }
  throw new Error(`No desktop frame within ${timeoutMs} ms; last canvas: ${JSON.stringify(last)}`);
}
