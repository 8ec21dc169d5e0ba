import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * A deliberately small WebSocket client for the benchmark: it parses frame
 * headers and counts payload without copying it, so the client is not what
 * limits the figures, for websockify and kclient alike.
 */
export interface RawWsClient {
  readonly socket: Socket;
  /** Sends one masked binary frame (mask key 0: valid, and free to apply). */
  send(payload: Buffer): void;
  /** Payload bytes received so far. */
  readonly received: () => number;
  /** Called with each payload slice as it arrives. */
  onPayload(listener: (slice: Buffer) => void): void;
  /** Resolves when the connection has closed (close frame or EOF). */
  readonly closed: Promise<void>;
}

/** Opens `ws://host:port/path` with subprotocol `binary` over a raw socket. */
export function openRawWs(host: string, port: number, path: string): Promise<RawWsClient> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, noDelay: true });
    const key = randomBytes(16).toString('base64');
    socket.once('error', reject);
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Protocol: binary\r\n\r\n`,
    );
    let head = Buffer.alloc(0);
    let received = 0;
    let listener: ((slice: Buffer) => void) | undefined;
    let need = 0; // payload bytes left in the current frame
    let opcode = 0;
    let pending = Buffer.alloc(0); // partial frame header
    const { promise: closed, resolve: onClosed } = Promise.withResolvers<void>();
    socket.on('close', () => onClosed());

    const parse = (chunk: Buffer) => {
      let offset = 0;
      while (offset < chunk.length) {
        if (need > 0) {
          const n = Math.min(need, chunk.length - offset);
          if (opcode === 2 || opcode === 0) {
            received += n;
            listener?.(chunk.subarray(offset, offset + n));
          }
          need -= n;
          offset += n;
          continue;
        }
        let data = chunk.subarray(offset);
        if (pending.length > 0) {
          data = Buffer.concat([pending, data]);
          pending = Buffer.alloc(0);
        }
        if (data.length < 2) {
          pending = Buffer.from(data);
          return;
        }
        const length7 = (data[1] as number) & 0x7f;
        const headerLength = length7 === 126 ? 4 : length7 === 127 ? 10 : 2;
        if (data.length < headerLength) {
          pending = Buffer.from(data);
          return;
        }
        opcode = (data[0] as number) & 0x0f;
        need =
          length7 === 126
            ? data.readUInt16BE(2)
            : length7 === 127
              ? Number(data.readBigUInt64BE(2))
              : length7;
        if (opcode === 8) {
          socket.end();
          return;
        }
        chunk = data.subarray(headerLength);
        offset = 0;
      }
    };

    const onHead = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      if (!head.subarray(0, 12).toString().includes('101')) {
        reject(new Error(`upgrade refused: ${head.subarray(0, end).toString()}`));
        socket.destroy();
        return;
      }
      socket.off('data', onHead);
      socket.on('data', parse);
      const rest = head.subarray(end + 4);
      resolve({
        socket,
        send(payload) {
          const header =
            payload.length < 126
              ? Buffer.from([0x82, 0x80 | payload.length, 0, 0, 0, 0])
              : Buffer.from([0x82, 0x80 | 126, payload.length >> 8, payload.length & 0xff, 0, 0, 0, 0]);
          socket.write(Buffer.concat([header, payload]));
        },
        received: () => received,
        onPayload(next) {
          listener = next;
        },
        closed,
      });
      if (rest.length > 0) parse(rest);
    };
    socket.on('data', onHead);
  });
}
