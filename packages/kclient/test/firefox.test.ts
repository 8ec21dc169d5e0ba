import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canvasColours, type FirefoxSession, launchFirefox, waitForState } from './support/firefox.ts';
import { type GatewayProcess, startGatewayProcess } from './support/gateway-process.ts';
import { paintDesktop, startXvnc, type XvncServer } from './support/xvnc.ts';

let xvnc: XvncServer;
let gateway: GatewayProcess;
let firefox: FirefoxSession;

beforeAll(async () => {
  xvnc = await startXvnc('1024x768');
  await paintDesktop(xvnc);
  gateway = await startGatewayProcess(['--vnc', `unix:${xvnc.socket}`, '--title', 'Test <Desk>']);
  firefox = await launchFirefox();
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

  it('sends nothing beyond loopback', () => {
    expect(firefox.strayRequests()).toEqual([]);
  });
});
