import { createServer, type Socket } from 'node:net';

/**
 * A local HTTP proxy that refuses everything and remembers what it was asked
 * for. Firefox is pointed at it for all non-loopback traffic, so a request
 * that would have left the machine fails here instead, and the test can say
 * which one it was.
 */
export interface EgressTrap {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Request lines received so far, e.g. `CONNECT example.org:443 HTTP/1.1`. */
  requests(): readonly string[];
  close(): Promise<void>;
}

/** Starts the trap on a free loopback port. */
export async function startEgressTrap(): Promise<EgressTrap> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n');
      if (end === -1 && head.length < 8192) return;
      requests.push(head.slice(0, end === -1 ? 200 : Math.min(end, 200)));
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    host: '127.0.0.1',
    port,
    requests: () => [...requests],
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Firefox preferences that send every non-loopback request through `trap`. */
export function trapProxyPrefs(trap: EgressTrap): Record<string, string | number | boolean> {
  return {
    'network.proxy.type': 1,
    'network.proxy.http': trap.host,
    'network.proxy.http_port': trap.port,
    'network.proxy.ssl': trap.host,
    'network.proxy.ssl_port': trap.port,
    'network.proxy.share_proxy_settings': true,
    'network.proxy.socks_remote_dns': true,
    'network.proxy.no_proxies_on': '',
    // Loopback (the gateway under test) stays direct.
    'network.proxy.allow_hijacking_localhost': false,
  };
}
