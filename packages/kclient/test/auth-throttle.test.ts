import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startGateway } from '../src/server/gateway.ts';
import { assertBuilt, CLIENT_DIR } from './support/gateway-process.ts';

let gateway: Awaited<ReturnType<typeof startGateway>> | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

const start = async (authMaxFailures: number) => {
  assertBuilt();
  gateway = await startGateway({
    // Nothing listens there: these tests never get past auth.
    vnc: 'tcp:127.0.0.1:1',
    port: 0,
    host: '127.0.0.1',
    clientDir: CLIENT_DIR,
    logLevel: 'silent',
    authToken: 'right',
    authMaxFailures,
  });
  return gateway.address.url;
};

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

/** The HTTP status a WebSocket upgrade gets (101 when accepted). */
function upgradeStatus(url: string, token: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}websockify`, ['binary'], bearer(token));
    socket.on('upgrade', (response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('error', () => {});
  });
}

describe('auth brute-force brake (HELIOS_AUTH_MAX_FAILURES)', () => {
  it('refuses a client with 429 after too many wrong tokens, even with the right one, pages and WebSocket alike', async () => {
    const url = await start(3);
    for (let i = 0; i < 3; i++) expect((await fetch(url, bearer('guess'))).status).toBe(401);
    const refused = await fetch(url, bearer('right'));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await upgradeStatus(url, 'right')).toBe(429);
    // Orchestrators keep probing health.
    expect((await fetch(new URL('/health', url))).status).toBe(503);
  });

  it('counts wrong WebSocket tokens too', async () => {
    const url = await start(2);
    expect(await upgradeStatus(url, 'guess')).toBe(401);
    expect(await upgradeStatus(url, 'guess')).toBe(401);
    expect((await fetch(url, bearer('right'))).status).toBe(429);
  });

  it('does not count requests without credentials (a browser asking for the challenge)', async () => {
    const url = await start(2);
    for (let i = 0; i < 5; i++) expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, bearer('right'))).status).toBe(200);
  });

  it('forgets the failures after a right answer, and is off with 0', async () => {
    const url = await start(2);
    expect((await fetch(url, bearer('guess'))).status).toBe(401);
    expect((await fetch(url, bearer('right'))).status).toBe(200);
    expect((await fetch(url, bearer('guess'))).status).toBe(401);
    expect((await fetch(url, bearer('right'))).status).toBe(200);
    await gateway?.close();
    const open = await start(0);
    for (let i = 0; i < 20; i++) expect((await fetch(open, bearer('guess'))).status).toBe(401);
    expect((await fetch(open, bearer('right'))).status).toBe(200);
  });
});
