import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { startHeartbeat } from './websocket-heartbeat.ts';

// A real server and client on loopback: the client either answers pings (a
// live browser) or not (a laptop that went to sleep without closing).
const servers: WebSocketServer[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function connectedPair(autoPong: boolean) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, { autoPong });
  await new Promise((resolve) => client.once('open', resolve));
  return { serverSide: await accepted, client };
}

describe('startHeartbeat', () => {
  it('cuts a peer that stopped answering pings within two periods, saying so first', async () => {
    const { serverSide, client } = await connectedPair(false);
    let silent = 0;
    startHeartbeat(serverSide, 50, () => silent++);
    const started = Date.now();
    await new Promise((resolve) => client.once('close', resolve));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(silent).toBe(1);
  });

  it('keeps a peer that answers, and stops pinging once stopped', async () => {
    const { serverSide, client } = await connectedPair(true);
    let pings = 0;
    client.on('ping', () => pings++);
    const stop = startHeartbeat(serverSide, 30, () => {
      throw new Error('a live peer was taken for a silent one');
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(client.readyState).toBe(WebSocket.OPEN);
    expect(pings).toBeGreaterThanOrEqual(3);
    stop();
    const seen = pings;
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(pings).toBe(seen);
    client.close();
  });

  it('does nothing with a period of 0', async () => {
    const { serverSide, client } = await connectedPair(false);
    startHeartbeat(serverSide, 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.readyState).toBe(WebSocket.OPEN);
    client.close();
  });
});
