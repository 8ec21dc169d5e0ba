import { createServer, type Server } from 'node:https';
import type { FastifyInstance } from 'fastify';
import { ListenError } from './errors.ts';
import { SLOW_CLIENT_LIMITS } from './slow-client-limits.ts';
import { loadTls, type TlsFiles, type TlsSource } from './tls-files.ts';

/** The HTTPS part of the gateway config. */
interface HttpsSettings extends TlsSource {
  readonly port: number;
  /** HTTPS_PORT was unset; named so in errors, since the user never wrote this port. */
  readonly defaulted: boolean;
}

/**
 * Loads (or makes) the certificate, logs which one is served, and listens.
 * Runs after HTTP listens: making a certificate must not keep the desktop
 * from the browser.
 *
 * @throws {TlsError} `HELIOS_KCLIENT_TLS_UNREADABLE`.
 * @throws {ListenError} `HELIOS_KCLIENT_LISTEN_FAILED`.
 */
export async function startHttps(app: FastifyInstance, https: HttpsSettings, host: string): Promise<Server> {
  const tls = await loadTls(https);
  app.log.info({ cert: tls.certPath, origin: tls.origin, sha256: tls.fingerprint }, 'HTTPS certificate');
  const source = https.defaulted ? 'HTTPS_PORT unset, so HTTP_PORT + 1' : 'HTTPS_PORT';
  return listenHttps(app, tls, { host, port: https.port, source });
}

/**
 * Serves the same routes over HTTPS on a second port: requests go to
 * fastify's router, WebSocket upgrades to the HTTP server's `upgrade`
 * listeners, so both ports are judged by the same code. The caller closes it
 * (fastify takes no hooks once it listens).
 *
 * @throws {ListenError} `HELIOS_KCLIENT_LISTEN_FAILED` when the port cannot be bound.
 */
async function listenHttps(
  app: FastifyInstance,
  tls: TlsFiles,
  address: { readonly host: string; readonly port: number; readonly source: string },
): Promise<Server> {
  const server = createServer({ ...SLOW_CLIENT_LIMITS, cert: tls.cert, key: tls.key }, app.routing);
  server.on('upgrade', (request, socket, head) => app.server.emit('upgrade', request, socket, head));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(address.port, address.host, () => resolve());
    });
  } catch (cause) {
    throw new ListenError(`${address.host}:${address.port} (${address.source})`, cause);
  }
  return server;
}
