import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, waitForDesktopFrame } from '../support/browser.ts';
import '../support/client-hook.ts';
import { type DesktopContainer, docker, startDesktop, userEnv, waitForStatus } from '../support/container.ts';
import { e2eImage } from '../support/repo.ts';

const user = { name: 'lena', uid: 1321, gid: 1321 };

/** Size of the X screen inside the container, as xdpyinfo reports it. */
async function xScreenSize(container: DesktopContainer): Promise<string> {
  const info = await docker(
    'exec',
    '-u',
    String(user.uid),
    container.name,
    'sh',
    '-c',
    'DISPLAY=:1 xdpyinfo | grep dimensions',
  );
  return info.match(/(\d+x\d+) pixels/)?.[1] ?? info;
}

/** Whether the page shows the desktop scaled into its window (another viewer owns the size). */
function scaled(page: Page): Promise<boolean> {
  return page.evaluate(() => (window.heliosClient.rfb as { scaleViewport: boolean }).scaleViewport);
}

describe(`several viewers, one desktop in ${e2eImage}`, () => {
  let container: DesktopContainer;
  let browser: Browser;

  beforeAll(async () => {
    container = await startDesktop(e2eImage, userEnv(user));
    browser = await launchChromium();
    await waitForStatus(container, '/health', 200, 60_000);
  });

  afterAll(async () => {
    await browser?.close();
    await container?.remove();
  });

  async function openPage(width: number, height: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(container.url);
    await waitForDesktopFrame(page, 30_000);
    return page;
  }

  it("a second viewer with another window size leaves the first viewer's screen size alone, and gets its own when the first leaves", async () => {
    const first = await openPage(1280, 800);
    await expect.poll(() => xScreenSize(container), { timeout: 10_000 }).toBe('1280x800');
    const second = await openPage(1024, 768);
    await expect.poll(() => scaled(second), { timeout: 10_000 }).toBe(true);
    expect(await xScreenSize(container)).toBe('1280x800');
    await first.context().close();
    await expect.poll(() => xScreenSize(container), { timeout: 5_000 }).toBe('1024x768');
    await expect.poll(() => scaled(second), { timeout: 5_000 }).toBe(false);
    await second.context().close();
  });
});
