import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { canvasColours, launchChromium, waitForState } from './support/browser.ts';
import { type GatewayProcess, startGatewayProcess } from './support/gateway-process.ts';
import { type Nginx, startNginx } from './support/nginx.ts';
import { paintDesktop, startXvnc, type XvncServer } from './support/xvnc.ts';

let xvnc: XvncServer;
let gateway: GatewayProcess;
let nginx: Nginx;
let browser: Browser;

beforeAll(async () => {
  xvnc = await startXvnc('1024x768');
  await paintDesktop(xvnc);
  gateway = await startGatewayProcess(['--vnc', `unix:${xvnc.socket}`, '--prefix', '/apps/desk/']);
  const upstream = new URL(gateway.url);
  nginx = await startNginx('/apps/desk/', `http://127.0.0.1:${upstream.port}`);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await nginx?.stop();
  await gateway?.stop();
  await xvnc?.stop();
});

describe('behind nginx at a sub-path', () => {
  it('serves the page, its assets and the bridge, and shows the desktop', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    const failed: string[] = [];
    page.on('requestfailed', (request) =>
      failed.push(`${request.url()} ${request.method()} ${request.failure()?.errorText}`),
    );
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`http://127.0.0.1:${nginx.port}/apps/desk/`);
    await waitForState(page, 'connected');
    await expect.poll(() => canvasColours(page), { timeout: 15_000 }).toBeGreaterThan(8);
    expect(failed).toEqual([]);
    await page.close();
  });

  it('redirects the prefix without its slash, and answers probe and health', async () => {
    const response = await fetch(`http://127.0.0.1:${nginx.port}/apps/desk`, { redirect: 'manual' });
    // nginx itself may answer the missing slash first; either way the user lands on /apps/desk/.
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toMatch(/\/apps\/desk\/$/);
    expect((await fetch(`http://127.0.0.1:${nginx.port}/apps/desk/probe`)).status).toBe(200);
  });

  it('still refuses a cross-origin WebSocket through the proxy', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${nginx.port}/apps/desk/websockify`, ['binary'], {
        headers: { origin: 'https://evil.example' },
      });
      ws.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      ws.once('open', () => {
        ws.close();
        resolve(101);
      });
      ws.once('error', reject);
    });
    expect(status).toBe(403);
  });
});
