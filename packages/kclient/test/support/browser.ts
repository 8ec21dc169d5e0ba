import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/** Launches the machine's real headless Chromium; fails loudly when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
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

/** Waits until the page's client reports `state`. */
export async function waitForState(page: Page, state: string, timeout = 20_000): Promise<void> {
  await page.waitForFunction((expected) => window.heliosClient?.state === expected, state, { timeout });
}

/** Distinct colours (quantised to 4 bits a channel) on the visible noVNC canvas. */
export function canvasColours(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.querySelector('#screen canvas') as HTMLCanvasElement | null;
    if (canvas === null || canvas.width === 0) return 0;
    const context = canvas.getContext('2d');
    if (context === null) return 0;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 7) {
      colours.add(
        (((data[i] ?? 0) >> 4) << 8) | (((data[i + 1] ?? 0) >> 4) << 4) | ((data[i + 2] ?? 0) >> 4),
      );
    }
    return colours.size;
  });
}

declare global {
  interface Window {
    heliosClient?: { state: string; viewOnly: boolean; rfb: unknown; remoteClipboard: string };
  }
}
