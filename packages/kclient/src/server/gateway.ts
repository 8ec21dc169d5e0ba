import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import Fastify, { LogController } from 'fastify';
import { createActivityTracker } from './activity.ts';
import { AudioService } from './audio/audio-service.ts';
import { AuthThrottle } from './auth-throttle.ts';
import { type GatewayConfig, validateConfig } from './config/gateway-config.ts';
import type { GatewayOptions } from './config/gateway-options.ts';
import { ConfigError, ListenError } from './errors.ts';
import { HandshakeGate } from './handshake-gate.ts';
import { createVncHealth, healthFromStateFile } from './health.ts';
import { listenHttps } from './https-listener.ts';
import { GatewayMetrics } from './metrics.ts';
import { renderPage } from './page.ts';
import { healthRoutes, metricsRoute } from './plugins/health-routes.ts';
import { pageRoutes } from './plugins/page-routes.ts';
import { websocketRoutes } from './plugins/websocket-routes.ts';
import { SLOW_CLIENT_LIMITS } from './slow-client-limits.ts';
import { loadStaticFiles, makeStaticFile, resolveClientDir } from './static-files.ts';
import { loadTls } from './tls-files.ts';

/** Where a started gateway listens. */
export interface GatewayAddress {
  readonly host: string;
  readonly port: number;
  /** Base URL of the client, prefix included, e.g. `http://127.0.0.1:3000/`. */
  readonly url: string;
}

/** A gateway made by {@link createGateway}. */
export interface Gateway {
  readonly config: GatewayConfig;
  readonly metrics: GatewayMetrics;
  /** Binds the HTTP port (and HTTPS when configured). Throws {@link ListenError}. */
  listen(): Promise<{ readonly http: GatewayAddress; readonly https: GatewayAddress | undefined }>;
  /** Closes every bridge (code 1001, data flushed), then the listeners. */
  close(): Promise<void>;
}

/**
 * Validates options, loads the browser client and registers the gateway's
 * plugins on one fastify server: health, metrics, pages, WebSockets (VNC
 * bridges and audio). Nothing listens until {@link Gateway.listen}.
 *
 * @throws {ConfigError} `HELIOS_KCLIENT_CONFIG_INVALID`, listing every problem.
 * @throws {ClientDirError} `HELIOS_KCLIENT_CLIENT_DIR_MISSING`.
 */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const report = validateConfig(options);
  if (report.config === undefined) throw new ConfigError(report.errors, { cause: report.cause });
  return gatewayFor(report.config, report.warnings);
}

/**
 * {@link createGateway} for a configuration already validated (the CLI
 * validates flags and environment together to report every problem at once);
 * `warnings` are logged once the logger exists.
 */
export async function gatewayFor(config: GatewayConfig, warnings: readonly string[]): Promise<Gateway> {
  // 1. The browser client, loaded once: no request path ever reaches the disk.
  const clientDir = resolveClientDir(config.clientDir);
  const pageFor = (viewOnly: boolean) => (body: Buffer) =>
    Buffer.from(renderPage(body.toString('utf8'), { title: config.title, viewOnly }));
  const files = await loadStaticFiles(clientDir, (path, body) =>
    path === 'index.html' ? pageFor(config.viewOnly)(body) : body,
  );
  const template = (await loadStaticFiles(clientDir)).get('index.html');
  if (template === undefined) throw new Error('unreachable: resolveClientDir checked index.html');
  const viewOnlyPage = makeStaticFile('index.html', pageFor(true)(template.body));

  // 2. One fastify server; one line per request would drown the bridges' own lines.
  const app = Fastify({
    logger: { level: config.logLevel },
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: 'idle',
    serverFactory: (handler) => createHttpServer(SLOW_CLIENT_LIMITS, handler),
  });
  for (const warning of warnings) app.log.warn(warning);

  // 3. Shared state of the routes.
  const metrics = new GatewayMetrics();
  const activity = createActivityTracker(config.activityFile, (error) =>
    app.log.warn({ err: String(error), file: config.activityFile }, 'cannot bump activity file'),
  );
  const gate = new HandshakeGate();
  const throttle = new AuthThrottle(config.authMaxFailures);
  const audio = config.audio.enabled
    ? new AudioService(config.audio, {
        log: app.log.child({ route: 'audio' }),
        heartbeatMs: config.heartbeatMs,
      })
    : undefined;
  const { stateFile } = config;

  // 4. The routes, one plugin each.
  await app.register(healthRoutes, {
    config,
    health:
      stateFile !== undefined ? () => healthFromStateFile(stateFile) : createVncHealth(config.vnc, gate),
  });
  await app.register(metricsRoute, {
    config,
    metrics,
    throttle,
    ...(audio === undefined
      ? {}
      : {
          liveGauges: () => ({
            audioListeners: audio.connections,
            audioCaptureRunning: audio.capture.state === 'running',
            audioFrames: audio.capture.stats,
          }),
        }),
  });
  await app.register(pageRoutes, { config, files, viewOnlyPage, throttle });
  await app.register(websocketRoutes, { config, metrics, activity, gate, audio, throttle });

  let httpsServer: HttpsServer | undefined;
  return {
    config,
    metrics,
    async listen() {
      // The certificate first: a TLS problem must not leave the HTTP port bound.
      const tls = config.https === undefined ? undefined : await loadTls(config.https);
      try {
        await app.listen({ port: config.port, host: config.host });
      } catch (cause) {
        throw new ListenError(`${config.host}:${config.port} (HTTP_PORT)`, cause);
      }
      if (config.https === undefined || tls === undefined) {
        return { http: addressOf(app.server, 'http', config.prefix), https: undefined };
      }
      app.log.info({ cert: tls.certPath, origin: tls.origin, sha256: tls.fingerprint }, 'HTTPS certificate');
      try {
        httpsServer = await listenHttps(app, tls, { host: config.host, port: config.https.port });
      } catch (error) {
        await app.close();
        throw error;
      }
      return {
        http: addressOf(app.server, 'http', config.prefix),
        https: addressOf(httpsServer, 'https', config.prefix),
      };
    },
    async close() {
      // Bridges close first (the WebSocket plugin's preClose), then the listeners.
      await app.close();
      if (httpsServer !== undefined) {
        const server = httpsServer;
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  };
}

/** {@link createGateway} followed by {@link Gateway.listen}. */
export async function startGateway(
  options: GatewayOptions,
): Promise<Gateway & { readonly address: GatewayAddress }> {
  const gateway = await createGateway(options);
  const { http } = await gateway.listen();
  return Object.assign(gateway, { address: http });
}

function addressOf(
  server: HttpServer | HttpsServer,
  scheme: 'http' | 'https',
  prefix: string,
): GatewayAddress {
  const info = server.address() as AddressInfo;
  const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
  return Object.freeze({
    host: info.address,
    port: info.port,
    url: `${scheme}://${host}:${info.port}${prefix}`,
  });
}
