import { connect, type Socket } from 'node:net';
import type { VncAddress } from './config/vnc-address.ts';
import type { HandshakeGate } from './handshake-gate.ts';

/** Result of {@link probeVnc}. */
export interface VncProbe {
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * Checks that the VNC server accepts a connection and speaks RFB. When it
 * offers security None the probe completes the handshake as a shared viewer
 * and leaves: with TigerVNC an abandoned handshake counts as a failed login
 * and five of them lock out every viewer for a while, while a completed one
 * clears that count. Goes through `gate` unless the caller already holds a
 * slot of it.
 *
 * @param timeoutMs @default 2000
 */
export async function probeVnc(
  address: VncAddress,
  gate?: HandshakeGate,
  timeoutMs = 2000,
): Promise<VncProbe> {
  const release = gate === undefined ? () => {} : await gate.acquire();
  const socket =
    address.kind === 'unix'
      ? connect({ path: address.path })
      : connect({ host: address.host, port: address.port });
  const reader = new SocketReader(socket);
  const timer = setTimeout(() => socket.destroy(new Error('timed out')), timeoutMs);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const version = (await reader.read(12)).toString('latin1');
    if (!/^RFB \d{3}\.\d{3}\n$/.test(version)) return { ok: false, detail: 'VNC server does not speak RFB' };
    if (version < 'RFB 003.007') return { ok: true, detail: 'VNC server accepts connections' };
    socket.write('RFB 003.008\n');
    const count = (await reader.read(1))[0] ?? 0;
    if (count === 0) {
      const length = (await reader.read(4)).readUInt32BE(0);
      const reason = (await reader.read(Math.min(length, 200))).toString('utf8');
      return { ok: false, detail: `VNC server refuses connections: ${reason}` };
    }
    const types = await reader.read(count);
    if (!types.includes(1)) return { ok: true, detail: 'VNC server accepts connections' };
    socket.write(Buffer.from([1]));
    if ((await reader.read(4)).readUInt32BE(0) !== 0)
      return { ok: false, detail: 'VNC server refused security None' };
    socket.write(Buffer.from([1]));
    await reader.read(24);
    return { ok: true, detail: 'VNC server accepts connections' };
  } catch (error) {
    return {
      ok: false,
      detail: `VNC server unreachable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    };
  } finally {
    clearTimeout(timer);
    socket.destroy();
    release();
  }
}

/** Reads exact byte counts from a socket. */
class SocketReader {
  #buffer = Buffer.alloc(0);
  #wake: (() => void) | undefined;
  #error: Error | undefined;

  constructor(socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#wake?.();
    });
    const fail = (error?: Error) => {
      this.#error ??= error ?? new Error('connection closed');
      this.#wake?.();
    };
    socket.on('error', fail);
    socket.on('close', () => fail());
  }

  async read(n: number): Promise<Buffer> {
    while (this.#buffer.length < n) {
      if (this.#error !== undefined) throw this.#error;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
    const out = this.#buffer.subarray(0, n);
    this.#buffer = this.#buffer.subarray(n);
    return out;
  }
}
