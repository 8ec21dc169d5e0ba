import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startGateway } from '../src/server/gateway.ts';
import { assertBuilt, CLIENT_DIR } from './support/gateway-process.ts';

const MiB = 1024 * 1024;
const TOTAL = 48 * MiB;
const GREETING = Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([1, 1])]);

/** A stand-in VNC server: sends TOTAL pseudo-random bytes and closes, or counts what it receives. */
let source: Server;
let mode: 'blast' | 'sink' = 'blast';
let sunk: { bytes: number; hash: string } = { bytes: 0, hash: '' };
const pattern = Buffer.from(Array.from({ length: MiB }, (_, i) => (i * 2654435761) >>> 24));
/** Block `n` of the stream: no two blocks alike, so reordered or reused buffers change the hash. */
const block = (n: number) => {
  const out = Buffer.from(pattern);
  for (let offset = 0; offset < out.length; offset += 4096) out.writeUInt32BE(n, offset);
  return out;
};
const expectedHash = (() => {
  const hash = createHash('sha256');
  for (let n = 0; n < TOTAL / MiB; n++) hash.update(block(n));
  return hash.digest('hex');
})();
let gateway: Awaited<ReturnType<typeof startGateway>>;

beforeAll(async () => {
  assertBuilt();
  source = createServer((socket: Socket) => {
    socket.on('error', () => {});
    if (mode === 'sink') {
      const hash = createHash('sha256');
      let bytes = 0;
      socket.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        hash.update(chunk);
      });
      socket.on('end', () => {
        sunk = { bytes, hash: hash.digest('hex') };
        socket.end();
      });
      return;
    }
    socket.resume();
    let n = 0;
    const pump = () => {
      while (n < TOTAL / MiB) {
        if (!socket.write(block(n++))) return void socket.once('drain', pump);
      }
      socket.end();
    };
    pump();
  });
  await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve));
  const port = (source.address() as { port: number }).port;
  gateway = await startGateway({
    vnc: `tcp:127.0.0.1:${port}`,
    port: 0,
    host: '127.0.0.1',
    clientDir: CLIENT_DIR,
    logLevel: 'silent',
    maxPayload: 8 * MiB,
  });
});

afterAll(async () => {
  await gateway?.close();
  await new Promise((resolve) => source?.close(resolve));
});

/** A viewer that sends the greeting and hashes every byte it receives. */
async function hashingViewer() {
  const ws = new WebSocket(`ws://127.0.0.1:${gateway.address.port}/websockify`, ['binary']);
  const hash = createHash('sha256');
  let bytes = 0;
  ws.on('message', (data: Buffer) => {
    bytes += data.length;
    hash.update(data);
  });
  const closed = new Promise<number>((resolve) => ws.once('close', resolve));
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(GREETING);
  return { ws, closed, received: () => ({ bytes, hash: hash.digest('hex') }) };
}

describe('bridge streaming', () => {
  it('delivers every byte, in order, before closing when the server ends the stream', async () => {
    mode = 'blast';
    const viewer = await hashingViewer();
    // A viewer that stalls for a while: the gateway must pause the source, not buffer 48 MiB or stall.
    viewer.ws.pause();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(gateway.metrics.bytesToBrowser).toBeLessThan(TOTAL);
    viewer.ws.resume();
    expect(await viewer.closed).toBe(1000);
    expect(viewer.received()).toEqual({ bytes: TOTAL, hash: expectedHash });
  });

  it('keeps concurrent streams apart while they share read buffers', async () => {
    mode = 'blast';
    const download = async () => {
      const viewer = await hashingViewer();
      await viewer.closed;
      return viewer.received();
    };
    const results = await Promise.all([download(), download(), download()]);
    expect(results).toEqual(Array.from({ length: 3 }, () => ({ bytes: TOTAL, hash: expectedHash })));
  });

  it('delivers every byte the browser sent before the VNC side sees the end', async () => {
    mode = 'sink';
    sunk = { bytes: 0, hash: '' };
    const ws = new WebSocket(`ws://127.0.0.1:${gateway.address.port}/websockify`, ['binary']);
    await new Promise((resolve) => ws.once('open', resolve));
    const hash = createHash('sha256').update(GREETING);
    ws.send(GREETING);
    // After the greeting, 16 MiB of FramebufferUpdateRequests, in large messages.
    const request = Buffer.from([3, 1, 0, 0, 0, 0, 4, 0, 3, 0]);
    const message = Buffer.concat(Array.from({ length: (MiB / 10) | 0 }, () => request));
    for (let i = 0; i < 16; i++) {
      ws.send(message);
      hash.update(message);
    }
    ws.close();
    await expect.poll(() => sunk.bytes, { timeout: 10_000 }).toBe(GREETING.length + 16 * message.length);
    expect(sunk.hash).toBe(hash.digest('hex'));
  });
});
