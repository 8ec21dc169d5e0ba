import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './net.ts';
import { type ShapedLink, type ShapedLinkOptions, startShapedLink } from './shaped-link.ts';

const MiB = 1024 * 1024;
const cleanups: (() => Promise<unknown> | undefined)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A server on 127.0.0.1 that keeps half-open connections open, closed after the test. */
async function serve(onConnection: (socket: Socket) => void): Promise<number> {
  const sockets = new Set<Socket>();
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    onConnection(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  });
  return (server.address() as { port: number }).port;
}

const echo = (socket: Socket): void => {
  socket.pipe(socket);
};

/** A link in front of `port`, closed after the test. */
async function link(port: number, shape: Omit<ShapedLinkOptions, 'target'>): Promise<ShapedLink> {
  const started = await startShapedLink({ target: { host: '127.0.0.1', port }, ...shape });
  cleanups.push(() => started.close());
  return started;
}

async function dial(port: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true, noDelay: true });
  cleanups.push(() => void socket.destroy());
  await once(socket, 'connect');
  return socket;
}

/** Sends `data` and collects as many bytes back, noting the longest silence between two arrivals. */
async function exchange(
  socket: Socket,
  data: Buffer,
): Promise<{ received: Buffer; ms: number; longestStallMs: number }> {
  const chunks: Buffer[] = [];
  let received = 0;
  let longestStallMs = 0;
  let lastArrival: number | undefined;
  const startedMs = performance.now();
  const done = new Promise<void>((resolve) => {
    const onData = (chunk: Buffer): void => {
      const nowMs = performance.now();
      if (lastArrival !== undefined) longestStallMs = Math.max(longestStallMs, nowMs - lastArrival);
      lastArrival = nowMs;
      chunks.push(chunk);
      received += chunk.length;
      if (received >= data.length) {
        socket.off('data', onData);
        resolve();
      }
    };
    socket.on('data', onData);
  });
  socket.write(data);
  await done;
  return { received: Buffer.concat(chunks), ms: performance.now() - startedMs, longestStallMs };
}

describe('startShapedLink', () => {
  it('answers an echo one RTT later, plus one RTT for the handshake of a new connection', async () => {
    const shaped = await link(await serve(echo), { rttMs: 60, mbitPerSecond: 100 });
    const socket = await dial(shaped.port);
    const first = await exchange(socket, Buffer.from('hello'));
    // The handshake's RTT counts from the link's accept, which the client's own 'connect' may trail by a few ms.
    expect(first.ms).toBeGreaterThanOrEqual(120 - 10);
    expect(first.ms).toBeLessThan(120 + 40);
    for (let ping = 0; ping < 5; ping++) {
      const { ms, received } = await exchange(socket, Buffer.from(`ping ${ping}`));
      expect(received.toString()).toBe(`ping ${ping}`);
      expect(ms).toBeGreaterThanOrEqual(60);
      expect(ms).toBeLessThan(60 + 40);
    }
  });

  it('carries 1 MiB through 10 Mbit/s in about 0.84 s and reports the standing queue meanwhile', async () => {
    const shaped = await link(await serve(echo), { rttMs: 20, mbitPerSecond: 10 });
    const socket = await dial(shaped.port);
    await exchange(socket, Buffer.from('warm-up'));
    const data = randomBytes(MiB);
    const transfer = exchange(socket, data);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const during = shaped.stats().clientToTarget;
    expect(during.queueingDelayMs).toBeGreaterThan(500);
    expect(during.queuedBytes).toBeGreaterThan(MiB / 2);
    const { ms, received } = await transfer;
    expect(received.equals(data)).toBe(true);
    // Both directions carry the MiB, one right behind the other.
    expect(ms).toBeGreaterThan(700);
    expect(ms).toBeLessThan(1300);
    expect(shaped.stats().clientToTarget.deliveredBytes).toBe(MiB + 7);
    expect(shaped.stats().targetToClient.queuedBytes).toBe(0);
  });

  describe('with loss', () => {
    const transfer = async (lossPercent: number) => {
      const shaped = await link(await serve(echo), { rttMs: 100, mbitPerSecond: 20, lossPercent, seed: 7 });
      const socket = await dial(shaped.port);
      await exchange(socket, Buffer.from('warm-up'));
      const data = randomBytes(MiB);
      const result = await exchange(socket, data);
      const { clientToTarget, targetToClient } = shaped.stats();
      return { ...result, data, lostSegments: clientToTarget.lostSegments + targetToClient.lostSegments };
    };

    it('delivers every byte in order, stalls a receiver for an RTT per loss and takes longer', async () => {
      const lossless = await transfer(0);
      expect(lossless.received.equals(lossless.data)).toBe(true);
      expect(lossless.lostSegments).toBe(0);
      expect(lossless.longestStallMs).toBeLessThan(75);
      for (const lossPercent of [1, 20]) {
        const lossy = await transfer(lossPercent);
        expect(lossy.received.equals(lossy.data)).toBe(true);
        expect(lossy.lostSegments).toBeGreaterThan(0);
        expect(lossy.longestStallMs).toBeGreaterThanOrEqual(75);
        // An echo stalled upstream leaves the downstream link idle, so the stalls add up.
        expect(lossy.ms).toBeGreaterThan(lossless.ms + 50);
      }
    }, 10_000);
  });

  it("passes the client's FIN on after its queued data, and the answer and FIN that follow", async () => {
    const port = await serve((socket) => {
      let received = 0;
      socket.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      socket.on('end', () => socket.end(`got ${received}`));
    });
    const shaped = await link(port, { rttMs: 20, mbitPerSecond: 10 });
    const socket = await dial(shaped.port);
    socket.end(randomBytes(200_000));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    await once(socket, 'end');
    expect(Buffer.concat(chunks).toString()).toBe('got 200000');
    await expect.poll(() => shaped.stats().connections).toBe(0);
  });

  it("passes the target's FIN on after its queued data, and the client can still answer", async () => {
    const data = randomBytes(200_000);
    let answer: Promise<string> | undefined;
    const port = await serve((socket) => {
      socket.end(data);
      answer = new Promise((resolve) => {
        const chunks: Buffer[] = [];
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.on('end', () => resolve(Buffer.concat(chunks).toString()));
      });
    });
    const shaped = await link(port, { rttMs: 20, mbitPerSecond: 10 });
    const socket = await dial(shaped.port);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    await once(socket, 'end');
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    socket.end('thanks');
    expect(await answer).toBe('thanks');
  });

  it('resets the other side when either side resets', async () => {
    const targets: Socket[] = [];
    const shaped = await link(await serve((socket) => targets.push(socket)), {
      rttMs: 20,
      mbitPerSecond: 10,
    });

    const resetByClient = await dial(shaped.port);
    await expect.poll(() => targets.length).toBe(1);
    const targetSawReset = once(targets[0] as Socket, 'error');
    resetByClient.resetAndDestroy();
    expect(((await targetSawReset)[0] as NodeJS.ErrnoException).code).toBe('ECONNRESET');

    const resetByTarget = await dial(shaped.port);
    await expect.poll(() => targets.length).toBe(2);
    const clientSawReset = once(resetByTarget, 'error');
    (targets[1] as Socket).resetAndDestroy();
    expect(((await clientSawReset)[0] as NodeJS.ErrnoException).code).toBe('ECONNRESET');
  });

  it('resets the client when the target refuses the connection', async () => {
    const shaped = await link(await freePort(), { rttMs: 20, mbitPerSecond: 10 });
    const socket = await dial(shaped.port);
    expect(((await once(socket, 'error'))[0] as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    await expect.poll(() => shaped.stats().connections).toBe(0);
  });

  it('ends every connection on both sides when the link closes, and accepts no more', async () => {
    const targets: Socket[] = [];
    const shaped = await startShapedLink({
      target: { host: '127.0.0.1', port: await serve((socket) => targets.push(socket)) },
      rttMs: 20,
      mbitPerSecond: 10,
    });
    const clients = await Promise.all([dial(shaped.port), dial(shaped.port), dial(shaped.port)]);
    await expect.poll(() => shaped.stats().connections).toBe(3);
    await expect.poll(() => targets.length).toBe(3);
    // Both sides keep half-open connections, so the FIN shows as 'end' rather than 'close'.
    const ended = [...clients, ...targets].map((socket) => once(socket, 'end'));
    await shaped.close();
    await Promise.all(ended);
    expect(shaped.stats().connections).toBe(0);
    const refused = connect({ host: '127.0.0.1', port: shaped.port });
    expect(((await once(refused, 'error'))[0] as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('pauses the sender instead of buffering when the receiver stops reading', async () => {
    const targets: Socket[] = [];
    const port = await serve((socket) => {
      socket.pause();
      targets.push(socket);
    });
    const shaped = await link(port, { rttMs: 0, mbitPerSecond: 1000, maxQueuedBytes: MiB });
    const socket = await dial(shaped.port);
    const data = randomBytes(64 * MiB);
    socket.write(data);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(shaped.stats().clientToTarget.queuedBytes).toBeLessThanOrEqual(MiB + 256 * 1024);
    expect(socket.writableLength).toBeGreaterThan(0);

    const target = targets[0] as Socket;
    let received = 0;
    target.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    target.resume();
    await expect.poll(() => received, { timeout: 5000 }).toBe(data.length);
  }, 10_000);
});
