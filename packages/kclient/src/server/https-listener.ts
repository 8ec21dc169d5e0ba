import { createServer, type Server } from 'node:https';
import type { FastifyInstance } from 'fastify';
import { ListenError } from './errors.ts';
import { SLOW_CLIENT_LIMITS } from './slow-client-limits.ts';
import type { TlsFiles } from './tls-files.ts';

/**
 * Serves the same routes over HTTPS on a second port: requests go to
 * fastify's router, WebSocket upgrades to the HTTP server's `upgrade`
 * listeners, so both ports are judged by the same code. The caller closes it
 * (fastify takes no hooks once it listens).
 *
 * @throws {ListenError} `HELIOS_KCLIENT_LISTEN_FAILED` when the port cannot be bound.
 */
export async function listenHttps(
  app: FastifyInstance,
  tls: TlsFiles,
  address: { readonly host: string; readonly port: number },
): Promise<Server> {
  const server = createServer({ ...SLOW_CLIENT_LIMITS, cert: tls.cert, key: tls.key }, app.routing);
  server.on('upgrade', (request, socket, head) => app.server.emit('upgrade', request, socket, head));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(address.port, address.host, () => resolve());
    });
  } catch (cause) {
    throw new ListenError(`${address.host}:${address.port} (HTTPS_PORT)`, cause);
  }
  return server;
}
