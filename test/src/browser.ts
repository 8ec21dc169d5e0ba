import { type Browser, chromium, type Page } from 'playwright-core';

/** Headless Debian Chromium, with nothing that reaches for the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.HELIOS_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
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
}

/** Samples the largest visible canvas of the page (noVNC's screen). */
export function canvasStats(page: Page): Promise<CanvasStats | null> {
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
    const dominant = Math.max(0, ...counts.values());
    return {
      width: canvas.width,
      height: canvas.height,
      distinctColours: counts.size,
      dominantShare: samples === 0 ? 1 : dominant / samples,
    };
  });
}

/**
 * Waits until the canvas shows a real desktop: many colours and no single
 * colour covering almost everything (an empty or black screen fails).
 */
export async function waitForDesktopFrame(page: Page, timeoutMs: number): Promise<CanvasStats> {
  const started = Date.now();
  let last: CanvasStats | null = null;
  while (Date.now() - started < timeoutMs) {
    last = await canvasStats(page);
    if (last && last.distinctColours >= 64 && last.dominantShare < 0.9) return last;
    await page.waitForTimeout(250);
  }
  throw new Error(`No desktop frame within ${timeoutMs} ms; last canvas: ${JSON.stringify(last)}`);
}
