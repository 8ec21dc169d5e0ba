/**
 * A raw RFB viewer over the gateway's WebSocket (Node's own WebSocket): the
 * RFB 3.8 handshake with security None, then it asks for the whole screen
 * and, after each update, for the next one, as noVNC does. It decodes no
 * pixels (see rfb-update-reader.ts); it only counts updates.
 */
import { setEncodings } from '../../../packages/kclient/test/support/rfb-client.ts';
import { RfbUpdateReader, SOAK_VIEWER_ENCODINGS } from './rfb-update-reader.ts';

export interface RfbViewer {
  /** Complete framebuffer updates received. */
  updates(): number;
  /** Resolves once `count` updates have arrived; rejects after `timeoutMs` or when the socket closes first. */
  waitForUpdates(count: number, timeoutMs: number): Promise<void>;
  /** A pointer move (no buttons): input, so the gateway marks activity for the idle watch. */
  pointer(x: number, y: number): void;
  /** Closes the socket and resolves once it is closed. */
  close(): Promise<void>;
}

/** Reads exact byte counts from the handshake's messages. */
class HandshakeBytes {
  #buffer = Buffer.alloc(0);
  #wake: (() => void) | undefined;
  #closed = false;

  push(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    this.#wake?.();
  }

  end(): void {
    this.#closed = true;
    this.#wake?.();
  }

  /** Whatever arrived beyond what the handshake read. */
  rest(): Buffer {
    return this.#buffer;
  }

  async read(n: number, deadline: number): Promise<Buffer> {
    while (this.#buffer.length < n) {
      if (this.#closed) throw new Error(`the socket closed during the RFB handshake (wanted ${n} bytes)`);
      if (Date.now() > deadline) throw new Error(`RFB handshake: timed out waiting for ${n} bytes`);
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        setTimeout(resolve, 100);
      });
    }
    const out = this.#buffer.subarray(0, n);
    this.#buffer = this.#buffer.subarray(n);
    return out;
  }
}

function updateRequest(incremental: boolean, width: number, height: number): Buffer {
  const message = Buffer.alloc(10);
  message[0] = 3;
  message[1] = incremental ? 1 : 0;
  message.writeUInt16BE(width, 6);
  message.writeUInt16BE(height, 8);
  return message;
}

/** Opens `url` (the gateway's `websockify` route) and completes the handshake within `timeoutMs`. */
export async function connectRfbViewer(url: string, timeoutMs = 15_000): Promise<RfbViewer> {
  const deadline = Date.now() + timeoutMs;
  const socket = new WebSocket(url, ['binary']);
  socket.binaryType = 'arraybuffer';
  const handshake = new HandshakeBytes();
  let width = 0;
  let height = 0;
  let reader: RfbUpdateReader | undefined;
  let readerError: Error | undefined;
  const waiters = new Set<() => void>();
  const closed = new Promise<void>((resolve) =>
    socket.addEventListener('close', () => {
      handshake.end();
      for (const wake of waiters) wake();
      resolve();
    }),
  );
  socket.addEventListener('message', (event: MessageEvent) => {
    const chunk = Buffer.from(event.data as ArrayBuffer);
    if (reader === undefined) {
      handshake.push(chunk);
      return;
    }
    try {
      if (reader.push(chunk) > 0) {
        socket.send(updateRequest(true, width, height));
        for (const wake of waiters) wake();
      }
    } catch (error) {
      readerError = error as Error;
      socket.close();
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`WebSocket to ${url} failed to open`)), {
      once: true,
    });
  });

  try {
    const version = (await handshake.read(12, deadline)).toString('latin1');
    if (!version.startsWith('RFB 003.')) throw new Error(`not RFB: ${JSON.stringify(version)}`);
    socket.send(Buffer.from('RFB 003.008\n'));
    const count = (await handshake.read(1, deadline))[0] ?? 0;
    if (count === 0) {
      const length = (await handshake.read(4, deadline)).readUInt32BE(0);
      throw new Error(`server refused: ${(await handshake.read(length, deadline)).toString()}`);
    }
    if (!(await handshake.read(count, deadline)).includes(1)) throw new Error('no security type None');
    socket.send(Buffer.from([1]));
    if ((await handshake.read(4, deadline)).readUInt32BE(0) !== 0) throw new Error('security None failed');
    socket.send(Buffer.from([1])); // ClientInit: shared
    const init = await handshake.read(24, deadline);
    width = init.readUInt16BE(0);
    height = init.readUInt16BE(2);
    await handshake.read(init.readUInt32BE(20), deadline);
    reader = new RfbUpdateReader(init[4] ?? 32);
    const early = handshake.rest();
    if (early.length > 0) reader.push(early);
    socket.send(setEncodings(SOAK_VIEWER_ENCODINGS));
    socket.send(updateRequest(false, width, height));
  } catch (error) {
    socket.close();
    throw error;
  }

  const current = reader;
  return {
    updates: () => current.updates,
    async waitForUpdates(count, waitMs) {
      const until = Date.now() + waitMs;
      while (current.updates < count) {
        if (readerError) throw readerError;
        if (socket.readyState >= WebSocket.CLOSING) throw new Error('the socket closed before the update');
        if (Date.now() > until) throw new Error(`no framebuffer update within ${waitMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.add(resolve);
          setTimeout(resolve, 200);
        }).finally(() => waiters.clear());
      }
    },
    pointer(x, y) {
      const message = Buffer.alloc(6);
      message[0] = 5;
      message.writeUInt16BE(x, 2);
      message.writeUInt16BE(y, 4);
      if (socket.readyState === WebSocket.OPEN) socket.send(message);
    },
    async close() {
      socket.close();
      await closed;
    },
  };
}
