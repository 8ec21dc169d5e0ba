import { launchChromium } from '@helios/test-kit/chromium';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { countCanvasColours } from './page-probes.ts';

/** The offline headless Chromium the suites share. */
export { launchChromium };

/**
 * One Chromium for the enclosing describe block; `open` loads a connected
 * Helios page in a window of its own. Every page a test opened is closed
 * after it, even when it failed, so no page outlives its test (a leftover
 * one would own the screen size in the next).
 */
export function useChromiumPages(): { open(url: string, width: number, height: number): Promise<Page> } {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async open(url, width, height) {
      if (browser === undefined) throw new Error('useChromiumPages: used before its beforeAll ran');
      const context = await browser.newContext({ viewport: { width, height } });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(url);
      await waitForState(page, 'connected');
      return page;
    },
  };
}

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
