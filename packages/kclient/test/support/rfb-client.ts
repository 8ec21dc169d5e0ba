import WebSocket from 'ws';

/** A minimal RFB viewer over the gateway's WebSocket, for tests. */
export interface RfbTestClient {
  readonly ws: WebSocket;
  /** Framebuffer size from ServerInit. */
  readonly width: number;
  readonly height: number;
  send(bytes: Buffer): void;
  key(keysym: number, down: boolean): void;
  pointer(x: number, y: number, buttons?: number): void;
  /** Resolves when the server closed or the socket ended. */
  closed(): Promise<number>;
  close(): void;
}

/** A SetEncodings message announcing `encodings` (RFB numbers: 0 raw, -308 ExtendedDesktopSize …). */
export function setEncodings(encodings: readonly number[]): Buffer {
  const message = Buffer.alloc(4 + 4 * encodings.length);
  message[0] = 2;
  message.writeUInt16BE(encodings.length, 2);
  encodings.forEach((encoding, i) => {
    message.writeInt32BE(encoding, 4 + 4 * i);
  });
  return message;
}

/** Opens `url`, does the RFB 3.8 handshake with security None, reads ServerInit. */
export async function connectRfb(
  url: string,
  options: {
    headers?: Record<string, string>;
    protocols?: string[];
    tls?: { rejectUnauthorized: boolean };
  } = {},
): Promise<RfbTestClient> {
  const ws = new WebSocket(url, options.protocols ?? ['binary'], {
    headers: options.headers,
    ...options.tls,
  });
  const reader = new ByteReader(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_request, response) =>
      reject(new Error(`upgrade refused: ${response.statusCode}`)),
    );
  });
  const version = (await reader.read(12)).toString('latin1');
  if (!version.startsWith('RFB 003.')) throw new Error(`not RFB: ${JSON.stringify(version)}`);
  ws.send(Buffer.from('RFB 003.008\n'));
  const count = (await reader.read(1))[0] ?? 0;
  if (count === 0) {
    const length = (await reader.read(4)).readUInt32BE(0);
    throw new Error(`server refused the connection: ${(await reader.read(length)).toString()}`);
  }
  const types = [...(await reader.read(count))];
  if (!types.includes(1)) throw new Error(`server offers no security None: ${types}`);
  ws.send(Buffer.from([1]));
  const result = (await reader.read(4)).readUInt32BE(0);
  if (result !== 0) throw new Error(`security failed: ${result}`);
  ws.send(Buffer.from([1]));
  const init = await reader.read(24);
  const nameLength = init.readUInt32BE(20);
  await reader.read(nameLength);
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return {
    ws,
    width: init.readUInt16BE(0),
    height: init.readUInt16BE(2),
    send: (bytes) => ws.send(bytes),
    key(keysym, down) {
      const b = Buffer.alloc(8);
      b[0] = 4;
      b[1] = down ? 1 : 0;
      b.writeUInt32BE(keysym, 4);
      ws.send(b);
    },
    pointer(x, y, buttons = 0) {
      const b = Buffer.alloc(6);
      b[0] = 5;
      b[1] = buttons;
      b.writeUInt16BE(x, 2);
      b.writeUInt16BE(y, 4);
      ws.send(b);
    },
    closed: () => closed,
    close: () => ws.close(),
  };
}

/** Reads exact byte counts from a WebSocket's binary messages. */
class ByteReader {
  #buffer = Buffer.alloc(0);
  #waiter: (() => void) | undefined;

  constructor(ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, data]);
      this.#waiter?.();
    });
  }

  async read(n: number): Promise<Buffer> {
    const deadline = Date.now() + 10_000;
    while (this.#buffer.length < n) {
      if (Date.now() > deadline) throw new Error(`timed out reading ${n} bytes`);
      await new Promise<void>((resolve) => {
        this.#waiter = resolve;
        setTimeout(resolve, 100);
      });
    }
    const out = this.#buffer.subarray(0, n);
    this.#buffer = this.#buffer.subarray(n);
    return out;
  }
}
