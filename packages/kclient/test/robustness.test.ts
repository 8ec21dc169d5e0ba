import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startGateway } from '../src/server/gateway.ts';
import { assertBuilt, CLIENT_DIR } from './support/gateway-process.ts';
import { connectRfb } from './support/rfb-client.ts';
import { startXvnc, type XvncServer } from './support/xvnc.ts';

let xvnc: XvncServer;
let gateway: Awaited<ReturnType<typeof startGateway>>;
let port: number;

beforeAll(async () => {
  assertBuilt();
  xvnc = await startXvnc('800x600');
  gateway = await startGateway({
    vnc: `unix:${xvnc.socket}`,
    port: 0,
    host: '127.0.0.1',
    clientDir: CLIENT_DIR,
    maxPayload: 64 * 1024,
    logLevel: 'silent',
  });
  port = gateway.address.port;
});

afterAll(async () => {
  await gateway?.close();
  await xvnc?.stop();
});

/** Sends raw bytes to the gateway and returns everything it answers until it closes. */
function raw(bytes: string | Buffer, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.write(bytes);
    setTimeout(() => socket.destroy(), timeoutMs).unref();
  });
}

const status = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);

const closeCode = (ws: WebSocket) =>
  new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

async function healthy() {
  return (await fetch(`http://127.0.0.1:${port}/health`)).status;
}

describe('gateway robustness', () => {
  it.each([
    '/../../../../etc/passwd',
    '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/..%2f..%2f..%2fetc%2fpasswd',
    '/view-only/../../../etc/passwd',
    '/view-only/%2e%2e%2f%2e%2e%2fpackage.json',
    '//etc/passwd',
    '/%00index.html',
    '/..\\..\\etc\\passwd',
    '/app.js/../../../../etc/passwd',
  ])('answers the path traversal attempt %s with 4xx and no file', async (path) => {
    const answer = await raw(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    expect([400, 403, 404]).toContain(status(answer));
    expect(answer).not.toMatch(/root:|"name"/);
  });

  it('closes a text frame with 1003', async () => {
    const client = await connectRfb(`ws://127.0.0.1:${port}/websockify`);
    const closed = closeCode(client.ws);
    client.ws.send('hello');
    expect(await closed).toBe(1003);
  });

  it('closes an oversized message with 1009', async () => {
    const client = await connectRfb(`ws://127.0.0.1:${port}/websockify`);
    const closed = closeCode(client.ws);
    client.send(Buffer.alloc(64 * 1024 + 1));
    expect(await closed).toBe(1009);
  });

  it('closes a view-only connection that sends garbage with 1008', async () => {
    const client = await connectRfb(`ws://127.0.0.1:${port}/view-only/websockify`);
    const closed = closeCode(client.ws);
    client.send(Buffer.from([99, 1, 2, 3]));
    expect(await closed).toBe(1008);
  });

  it('survives random binary frames, random raw bytes and broken upgrades', async () => {
    for (let i = 0; i < 10; i++) {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/websockify`, ['binary']);
      await new Promise((resolve) => ws.once('open', resolve));
      const closed = closeCode(ws);
      for (let j = 0; j < 20; j++) ws.send(randomBytes(1 + Math.floor(Math.random() * 4000)));
      ws.close();
      await closed;
    }
    // Not WebSocket framing at all after a valid upgrade (client frames must be masked).
    const key = randomBytes(16).toString('base64');
    const upgrade =
      `GET /websockify HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
      `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${key}\r\n\r\n`;
    expect(status(await raw(Buffer.concat([Buffer.from(upgrade), randomBytes(5000)])))).toBe(101);
    // Upgrades missing their key or version, and plain noise.
    expect(
      status(
        await raw('GET /websockify HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n'),
      ),
    ).toBe(400);
    await raw(randomBytes(3000));
    // A frame header that announces 2^63 bytes.
    await raw(
      Buffer.concat([
        Buffer.from(upgrade),
        Buffer.from([0x82, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4]),
      ]),
    );
    expect(await healthy()).toBe(200);
    const client = await connectRfb(`ws://127.0.0.1:${port}/websockify`);
    expect(client.width).toBe(800);
    client.close();
  });

  it('stays well after 1,000 WebSocket connections opened and dropped: no leaked sockets, a viewer still gets a desktop', {
    timeout: 120_000,
  }, async () => {
    const openFds = () => readdirSync('/proc/self/fd').length;
    const before = openFds();
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(
        Array.from(
          { length: 50 },
          () =>
            new Promise<void>((resolve) => {
              const ws = new WebSocket(`ws://127.0.0.1:${port}/websockify`, ['binary']);
              const drop = () => {
                ws.terminate();
                resolve();
              };
              ws.once('open', drop);
              ws.once('unexpected-response', drop);
              ws.once('error', drop);
            }),
        ),
      );
    }
    await expect.poll(() => gateway.metrics.active.full, { timeout: 20_000 }).toBe(0);
    await expect.poll(openFds, { timeout: 20_000 }).toBeLessThanOrEqual(before + 10);
    expect(await healthy()).toBe(200);
    const viewer = await connectRfb(`ws://127.0.0.1:${port}/websockify`);
    expect(viewer.width).toBe(800);
    viewer.close();
  });

  it('drops a slowloris client that never finishes its headers, and serves others meanwhile', {
    timeout: 30_000,
  }, async () => {
    const slow = Array.from({ length: 50 }, () => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.on('error', () => {});
      socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      const drip = setInterval(() => socket.write(`X-Slow-${Math.random()}: 1\r\n`), 1000);
      const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
      return { socket, drip, closed };
    });
    const started = Date.now();
    try {
      expect(await healthy()).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
      const closedAt = await Promise.all(slow.map((s) => s.closed));
      // Headers must be complete within 10 s (checked every second).
      expect(Math.max(...closedAt) - started).toBeLessThan(15_000);
    } finally {
      for (const s of slow) {
        clearInterval(s.drip);
        s.socket.destroy();
      }
    }
  });
});
