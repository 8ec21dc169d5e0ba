import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canvasColours, type FirefoxSession, launchFirefox, waitForState } from './support/firefox.ts';
import { browserWindow, SYSTEM_ACCESS_ARGS } from './support/firefox-browser-window.ts';
import { inputProcessor, type ProcessorKey } from './support/firefox-input-processor.ts';
import { type GatewayProcess, startGatewayProcess } from './support/gateway-process.ts';
import { paintDesktop, recordKeyEvents, startXvnc, type XvncServer } from './support/xvnc.ts';

let xvnc: XvncServer;
let gateway: GatewayProcess;
let firefox: FirefoxSession;

beforeAll(async () => {
  xvnc = await startXvnc('1024x768');
  await paintDesktop(xvnc);
  gateway = await startGatewayProcess(['--vnc', `unix:${xvnc.socket}`, '--title', 'Test <Desk>']);
  // System access: the tests press keys and read the clipboard as Firefox itself does.
  firefox = await launchFirefox(undefined, {}, SYSTEM_ACCESS_ARGS);
});

afterAll(async () => {
  await firefox?.close();
  await gateway?.stop();
  await xvnc?.stop();
});

describe('browser client (real Firefox ESR over WebDriver BiDi, real Xvnc)', () => {
  it('connects and shows the desktop: a frame with many distinct colours', async () => {
    const page = await firefox.open(gateway.url, 900, 700);
    await waitForState(page, 'connected');
    await expect.poll(() => canvasColours(page), { timeout: 15_000 }).toBeGreaterThan(8);
    expect(await page.title()).toBe('Test <Desk>');
    await page.close();
  });

  it('resizes the X screen to the browser window, and again when the window changes', async () => {
    const page = await firefox.open(gateway.url, 800, 600);
    await waitForState(page, 'connected');
    await expect.poll(() => xvnc.screenSize(), { timeout: 15_000 }).toEqual({ width: 800, height: 600 });
    await page.setViewport({ width: 1000, height: 700 });
    await expect.poll(() => xvnc.screenSize(), { timeout: 15_000 }).toEqual({ width: 1000, height: 700 });
    await page.close();
  });

  // Firefox answers a page's clipboard read with a "Paste" menu under the
  // pointer that takes the keyboard; the page once read on every focus, and
  // the first keys a user typed after clicking in went to that menu.
  it('types the keys a user presses right after clicking into the page', async () => {
    const page = await firefox.open(gateway.url, 1024, 768);
    await waitForState(page, 'connected');
    const xev = await recordKeyEvents(xvnc);
    try {
      await page.mouse.click(700, 500);
      const press = await inputProcessor(page);
      const keys: ProcessorKey[] = [
        { key: 'h', code: 'KeyH', keyCode: 72 },
        { key: 'i', code: 'KeyI', keyCode: 73 },
      ];
      await press(
        keys.flatMap((key) => [
          { type: 'keydown' as const, key },
          { type: 'keyup' as const, key },
        ]),
      );
      await expect
        .poll(
          () =>
            [...xev.events().matchAll(/KeyPress event[\s\S]*?keysym 0x[0-9a-f]+, (\w+)\)/g)].map((m) => m[1]),
          {
            timeout: 10_000,
          },
        )
        .toEqual(['h', 'i']);
    } finally {
      xev.stop();
      await page.close();
    }
  });

  it("copies the desktop clipboard into Firefox's clipboard", async () => {
    const page = await firefox.open(gateway.url, 800, 600);
    await waitForState(page, 'connected');
    await page.mouse.click(400, 300);
    // xclip stays behind to serve the selection: its output must not hold exec's pipe.
    await xvnc.exec('sh', [
      '-c',
      'printf "from X in Firefox" | xclip -selection clipboard -i >/dev/null 2>&1',
    ]);
    await expect
      .poll(() => page.evaluate(() => window.heliosClient?.remoteClipboard), { timeout: 10_000 })
      .toBe('from X in Firefox');
    // Read as Firefox itself (a page's read would open Firefox's Paste menu).
    const inBrowserWindow = await browserWindow(page);
    await expect
      .poll(() => inBrowserWindow(() => navigator.clipboard.readText()), { timeout: 5000 })
      .toBe('from X in Firefox');
    await page.close();
  });

  it('sends nothing beyond loopback', () => {
    expect(firefox.strayRequests()).toEqual([]);
  });
});
