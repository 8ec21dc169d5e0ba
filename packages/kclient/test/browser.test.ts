import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canvasColours, launchChromium, waitForState } from './support/browser.ts';
import { type GatewayProcess, startGatewayProcess } from './support/gateway-process.ts';
import { paintDesktop, startXvnc, type XvncServer } from './support/xvnc.ts';

let xvnc: XvncServer;
let gateway: GatewayProcess;
let browser: Browser;

beforeAll(async () => {
  xvnc = await startXvnc('1024x768');
  await paintDesktop(xvnc);
  gateway = await startGatewayProcess(['--vnc', `unix:${xvnc.socket}`, '--title', 'Test <Desk>']);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  await xvnc?.stop();
});

async function openPage(width: number, height: number, path = ''): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(gateway.url).origin,
  });
  const page = await context.newPage();
  await page.goto(new URL(path, gateway.url).href);
  return page;
}

describe('browser client (real Chromium, real Xvnc)', () => {
  it('shows the desktop: a frame with many distinct colours', async () => {
    const page = await openPage(900, 700);
    await waitForState(page, 'connected');
    await expect.poll(() => canvasColours(page), { timeout: 15_000 }).toBeGreaterThan(8);
    expect(await page.title()).toBe('Test <Desk>');
    await page.close();
  });

  it('resizes the X screen to the browser window, and again when the window changes', async () => {
    const page = await openPage(800, 600);
    await waitForState(page, 'connected');
    await expect.poll(() => xvnc.screenSize(), { timeout: 15_000 }).toEqual({ width: 800, height: 600 });
    await page.setViewportSize({ width: 1000, height: 700 });
    await expect.poll(() => xvnc.screenSize(), { timeout: 15_000 }).toEqual({ width: 1000, height: 700 });
    await page.close();
  });

  it('shows the state and reconnects by itself after the connection drops', async () => {
    const page = await openPage(640, 480);
    await waitForState(page, 'connected');
    expect(await page.locator('#status').getAttribute('data-state')).toBe('connected');
    // Closing the client's socket under it looks like a network drop.
    await page.evaluate(() =>
      (window.heliosClient as { rfb: { _sock: { close(): void } } }).rfb._sock.close(),
    );
    await waitForState(page, 'disconnected', 5000);
    expect(await page.locator('#status').textContent()).toMatch(/Disconnected — retrying/);
    await waitForState(page, 'connected', 10_000);
    await page.close();
  });

  it('copies the desktop clipboard into the browser clipboard', async () => {
    const page = await openPage(640, 480);
    await waitForState(page, 'connected');
    // xclip stays behind to serve the selection: its output must not hold exec's pipe.
    await xvnc.exec('sh', ['-c', 'printf "from X 42" | xclip -selection clipboard -i >/dev/null 2>&1']);
    await expect
      .poll(() => page.evaluate(() => window.heliosClient?.remoteClipboard), { timeout: 10_000 })
      .toBe('from X 42');
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 5000 })
      .toBe('from X 42');
    await page.close();
  });

  it('sends the browser clipboard to the desktop', async () => {
    const page = await openPage(640, 480);
    await waitForState(page, 'connected');
    // Like a person, paste once the desktop is on screen: by the first frame the
    // server has announced its UTF-8 (extended) clipboard; before it, noVNC
    // can only send Latin-1 and '✓' would arrive as '?'.
    await expect.poll(() => canvasColours(page), { timeout: 10_000 }).toBeGreaterThan(1);
    await page.evaluate(() => navigator.clipboard.writeText('from the browser ✓'));
    await page.evaluate(() =>
      (window.heliosClient as unknown as { pushClipboard(): Promise<void> }).pushClipboard(),
    );
    await expect
      .poll(() => xvnc.exec('xclip', ['-selection', 'clipboard', '-o']), { timeout: 10_000 })
      .toBe('from the browser ✓');
    await page.close();
  });

  it('serves a view-only page whose input never reaches the desktop', async () => {
    const page = await openPage(640, 480, 'view-only/');
    await waitForState(page, 'connected');
    expect(await page.evaluate(() => window.heliosClient?.viewOnly)).toBe(true);
    const before = await xvnc.screenSize();
    await page.mouse.move(300, 200);
    await page.mouse.down();
    await page.mouse.up();
    await page.keyboard.type('hello');
    await page.setViewportSize({ width: 500, height: 400 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await xvnc.screenSize()).toEqual(before);
    await page.close();
  });
});
