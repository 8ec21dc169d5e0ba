import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startGateway } from '../src/server/gateway.ts';
import { assertBuilt, CLIENT_DIR } from './support/gateway-process.ts';
import { connectRfb } from './support/rfb-client.ts';
import { recordKeyEvents, startXvnc, type XvncServer } from './support/xvnc.ts';

let xvnc: XvncServer;
let gateway: Awaited<ReturnType<typeof startGateway>>;
let wsUrl: string;
let httpUrl: string;
const dir = mkdtempSync(join(tmpdir(), 'kclient-bridge-'));
const activityFile = join(dir, 'activity');

beforeAll(async () => {
  assertBuilt();
  xvnc = await startXvnc('1024x768');
  gateway = await startGateway({
    vnc: `unix:${xvnc.socket}`,
    port: 0,
    host: '127.0.0.1',
    clientDir: CLIENT_DIR,
    activityFile,
    maxPayload: 64 * 1024,
    logLevel: 'silent',
  });
  httpUrl = gateway.address.url;
  wsUrl = `${httpUrl.replace('http', 'ws')}websockify`;
});

afterAll(async () => {
  await gateway?.close();
  await xvnc?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const mouse = async () => {
  const out = await xvnc.exec('xdotool', ['getmouselocation']);
  const match = /x:(\d+) y:(\d+)/.exec(out);
  return { x: Number(match?.[1]), y: Number(match?.[2]) };
};

/** Opens a raw WebSocket and resolves with its negotiated protocol (or the refusal status). */
function handshake(protocols: string[], headers: Record<string, string> = {}, path = 'websockify') {
  return new Promise<{ protocol?: string; status?: number }>((resolve, reject) => {
    const ws = new WebSocket(`${httpUrl.replace('http', 'ws')}${path}`, protocols, { headers });
    ws.once('open', () => {
      resolve({ protocol: ws.protocol });
      ws.close();
    });
    ws.once('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode });
      response.resume();
    });
    ws.once('error', reject);
  });
}

/** Sends a bare upgrade request and returns the Sec-WebSocket-Protocol the gateway chose. */
function rawUpgradeProtocol(offered: string) {
  return new Promise<string | undefined>((resolve, reject) => {
    const request = httpRequest(`${httpUrl}websockify`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        'sec-websocket-protocol': offered,
      },
    });
    request.once('upgrade', (response, socket) => {
      socket.destroy();
      resolve(response.headers['sec-websocket-protocol']);
    });
    request.once('error', reject);
    request.end();
  });
}

describe('WebSocket bridge (real Xvnc)', () => {
  it('answers with the binary subprotocol only when the client offered it', async () => {
    expect(await handshake(['binary'])).toEqual({ protocol: 'binary' });
    expect(await handshake([])).toEqual({ protocol: '' });
    // ws (like the RFC) fails a handshake without the protocol it asked for; what
    // matters is that the gateway does not answer with one the client never offered.
    expect(await rawUpgradeProtocol('base64')).toBeUndefined();
    expect(await rawUpgradeProtocol('binary, base64')).toBe('binary');
  });

  it('completes the RFB handshake and moves the X pointer', async () => {
    const client = await connectRfb(wsUrl);
    expect([client.width, client.height]).toEqual([1024, 768]);
    client.pointer(123, 45);
    await expect.poll(mouse, { timeout: 5000 }).toEqual({ x: 123, y: 45 });
    client.close();
  });

  it('bumps the activity file on input', async () => {
    rmSync(activityFile, { force: true });
    // The tracker writes at most once a second; let the previous test's bump age out.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const before = Date.now();
    const client = await connectRfb(wsUrl);
    client.pointer(10, 10);
    await expect.poll(() => existsSync(activityFile), { timeout: 5000 }).toBe(true);
    expect(statSync(activityFile).mtimeMs).toBeGreaterThanOrEqual(before - 1000);
    client.close();
  });

  it('view-only cannot type or move the pointer, checked on the X side', async () => {
    const xev = await recordKeyEvents(xvnc);
    try {
      const viewer = await connectRfb(`${httpUrl.replace('http', 'ws')}view-only/websockify`);
      viewer.key(0x61, true);
      viewer.key(0x61, false);
      viewer.pointer(5, 5);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(xev.events()).not.toMatch(/KeyPress/);
      expect(await mouse()).toEqual({ x: 700, y: 500 });
      expect(gateway.metrics.droppedMessages).toBeGreaterThanOrEqual(3);
      viewer.close();

      // The same input through a full-access bridge does arrive: the check can fail.
      const user = await connectRfb(wsUrl);
      user.key(0x61, true);
      user.key(0x61, false);
      await expect.poll(xev.events, { timeout: 5000 }).toMatch(/KeyPress event[\s\S]*keysym 0x61, a\)/);
      user.close();
    } finally {
      xev.stop();
    }
  });

  it('refuses a cross-origin upgrade with 403 and counts it', async () => {
    expect(await handshake(['binary'], { origin: 'http://evil.example' })).toEqual({ status: 403 });
    expect(await handshake(['binary'], { origin: httpUrl.slice(0, -1) })).toEqual({ protocol: 'binary' });
    expect(gateway.metrics.rejected.get('origin')).toBeGreaterThanOrEqual(1);
  });

  it('refuses upgrades on other paths with 404', async () => {
    expect(await handshake(['binary'], {}, 'nope')).toEqual({ status: 404 });
  });

  it('serves 20 concurrent viewers of one desktop', async () => {
    const clients = await Promise.all(Array.from({ length: 20 }, () => connectRfb(wsUrl)));
    expect(gateway.metrics.active.full).toBe(20);
    for (const client of clients) client.close();
    await Promise.all(clients.map((client) => client.closed()));
    await expect.poll(() => gateway.metrics.active.full, { timeout: 5000 }).toBe(0);
  });
});

describe('health', () => {
  it('is 200 when the VNC server accepts connections (no state file)', async () => {
    const response = await fetch(`${httpUrl.replace(/\/$/, '')}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ready: true, reason: 'VNC server accepts connections' });
    expect(gateway.metrics.connectionsTotal).toBeGreaterThan(0);
  });

  it('follows the ready flag of the state file, on /health and {prefix}probe', async () => {
    const stateFile = join(dir, 'state.json');
    const other = await startGateway({
      vnc: `unix:${xvnc.socket}`,
      port: 0,
      host: '127.0.0.1',
      clientDir: CLIENT_DIR,
      stateFile,
      prefix: '/desk/',
      logLevel: 'silent',
    });
    try {
      const base = `http://127.0.0.1:${other.address.port}`;
      expect((await fetch(`${base}/health`)).status).toBe(503);
      writeFileSync(stateFile, JSON.stringify({ version: 1, ready: false, services: {} }));
      expect((await fetch(`${base}/desk/probe`)).status).toBe(503);
      writeFileSync(stateFile, JSON.stringify({ version: 1, ready: true, updatedAt: 'x', services: {} }));
      expect((await fetch(`${base}/health`)).status).toBe(200);
      expect((await fetch(`${base}/desk/probe`)).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});
