import type { Page } from 'playwright-core';
import { countCanvasColours } from './page-probes.ts';

/** The offline headless Chromium the suites share. */
export { launchChromium } from '@helios/test-kit/chromium';

/** Waits until the page's client reports `state`. */
export async function waitForState(page: Page, state: string, timeout = 20_000): Promise<void> {
  await page.waitForFunction((expected) => window.heliosClient?.state === expected, state, { timeout });
}

/** Distinct colours (quantised to 4 bits a channel) on the visible noVNC canvas. */
export function canvasColours(page: Page): Promise<number> {
  return page.evaluate(countCanvasColours);
}

declare global {
  interface Window {
    heliosClient?: { state: string; viewOnly: boolean; rfb: unknown; remoteClipboard: string };
  }
}
