import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyBaseLogger, LogController } from 'fastify';
import { type WebSocket, WebSocketServer } from 'ws';
import { createActivityTracker } from './activity.ts';
import { type AudioOptions, audioOptionsFromEnv, resolveAudioConfig } from './audio/audio-config.ts';
import { audioRouteOf } from './audio/audio-route.ts';
import { AudioService } from './audio/audio-service.ts';
import { redactToken } from './auth.ts';
import { type BridgeContext, runBridge } from './bridge.ts';
import { type GatewayConfig, type GatewayOptions, validateConfig } from './config.ts';
import { ConfigError, ListenError } from './errors.ts';
import { HandshakeGate } from './handshake-gate.ts';
import { createVncHealth, healthFromStateFile } from './health.ts';
import { registerRoutes } from './http-routes.ts';
import { GatewayMetrics } from './metrics.ts';
import { renderPage } from './page.ts';
import { loadStaticFiles, makeStaticFile, resolveClientDir } from './static-files.ts';
import { loadTls } from './tls-files.ts';
import { decideUpgrade } from './upgrade-decision.ts';
import { probeVnc } from './vnc-probe.ts';

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

/** Time bridges get to close cleanly on shutdown before they are cut. */
const SHUTDOWN_GRACE_MS = 3000;

/**
 * Validates options, loads the browser client and wires HTTP routes, the
 * WebSocket bridge and the audio route onto one fastify server. Nothing
 * listens until {@link Gateway.listen}. Throws {@link ConfigError} or
 * {@link ClientDirError}.
 *
 * @param audioOptions Settings of `{prefix}audio`. @default read from `HELIOS_AUDIO*` in the environment
 */
export async function createGateway(
  options: GatewayOptions,
  audioOptions: AudioOptions = audioOptionsFromEnv(process.env),
): Promise<Gateway> {
  const report = validateConfig(options);
  if (report.config === undefined) throw new ConfigError(report.errors, { cause: report.cause });
  const { config, warnings } = report;
  const audioConfig = resolveAudioConfig(audioOptions);
  const clientDir = resolveClientDir(config.clientDir);
  const pageFor = (viewOnly: boolean) => (body: Buffer) =>
    Buffer.from(renderPage(body.toString('utf8'), { title: config.title, viewOnly }));
  const files = await loadStaticFiles(clientDir, (path, body) =>
    path === 'index.html' ? pageFor(config.viewOnly)(body) : body,
  );
  const template = (await loadStaticFiles(clientDir)).get('index.html');
  if (template === undefined) throw new Error('unreachable: resolveClientDir checked index.html');
  const viewOnlyPage = makeStaticFile('index.html', pageFor(true)(template.body));

  const metrics = new GatewayMetrics();
  const app = Fastify({
    logger: { level: config.logLevel },
    // One line per request would drown the bridge's own connect/disconnect lines.
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: 'idle',
  });
  const log: FastifyBaseLogger = app.log;
  for (const warning of warnings) log.warn(warning);
  const activity = createActivityTracker(config.activityFile, (error) =>
    log.warn({ err: String(error), file: config.activityFile }, 'cannot bump activity file'),
  );
  const gate = new HandshakeGate();
  const audio = audioConfig.enabled
    ? new AudioService(audioConfig, { log: log.child({ route: 'audio' }), heartbeatMs: config.heartbeatMs })
    : undefined;
  const { stateFile } = config;
  registerRoutes(app, {
    config,
    metrics,
    files,
    viewOnlyPage,
    health:
      stateFile !== undefined ? () => healthFromStateFile(stateFile) : createVncHealth(config.vnc, gate),
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

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxPayload,
    perMessageDeflate: false,
    // Never echo a protocol the client did not offer: browsers fail the handshake.
    handleProtocols: (protocols) => (protocols.has('binary') ? 'binary' : false),
  });
  const bridges = new Map<WebSocket, Promise<unknown>>();
  let closing = false;
  let httpsServer: HttpsServer | undefined;
  let nextId = 1;

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const audioRoute = audio === undefined ? undefined : audioRouteOf(config.prefix, request.url ?? '/');
    const decision = closing
      ? ({ accept: false, status: 503, reason: 'shutdown' } as const)
      : decideUpgrade(config, {
          // Audio is judged as its sibling bridge: same origin, auth, limit and view-only rules.
          url: audioRoute?.bridgeUrl ?? request.url ?? '/',
          headers: request.headers,
          openConnections: bridges.size + (audio?.connections ?? 0),
        });
    if (!decision.accept) {
      metrics.reject(decision.reason);
      log.info(
        { reason: decision.reason, url: redactToken(request.url ?? '/'), origin: request.headers.origin },
        'upgrade refused',
      );
      rejectUpgrade(socket, decision.status, 'challenge' in decision ? decision.challenge : undefined);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      if (audioRoute !== undefined && audio !== undefined) {
        audio.accept(ws, decision.viewOnly);
        return;
      }
      const id = nextId++;
      const mode = decision.viewOnly ? 'viewOnly' : 'full';
      const context: BridgeContext = {
        vnc: config.vnc,
        viewOnly: decision.viewOnly,
        heartbeatMs: config.heartbeatMs,
        metrics,
        activity,
        gate,
        repairHandshake: () => probeVnc(config.vnc),
        log: log.child({ bridge: id }),
      };
      metrics.connectionsTotal++;
      metrics.active[mode]++;
      log.info({ bridge: id, viewOnly: decision.viewOnly }, 'viewer connected');
      const done = runBridge(ws, context).then((summary) => {
        bridges.delete(ws);
        metrics.active[mode]--;
        log.info({ bridge: id, ...summary }, 'viewer disconnected');
      });
      bridges.set(ws, done);
    });
  };
  app.server.on('upgrade', onUpgrade);

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
      log.info({ cert: tls.certPath, origin: tls.origin, sha256: tls.fingerprint }, 'HTTPS certificate');
      const server = createHttpsServer({ cert: tls.cert, key: tls.key }, app.routing);
      server.on('upgrade', onUpgrade);
      httpsServer = server;
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(config.https?.port, config.host, () => resolve());
        });
      } catch (cause) {
        await app.close();
        throw new ListenError(`${config.host}:${config.https.port} (HTTPS_PORT)`, cause);
      }
      return {
        http: addressOf(app.server, 'http', config.prefix),
        https: addressOf(server, 'https', config.prefix),
      };
    },
    async close() {
      closing = true;
      for (const ws of bridges.keys()) ws.close(1001, 'gateway shutting down');
      const grace = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
      await Promise.race([Promise.all(bridges.values()), grace]);
      for (const ws of bridges.keys()) ws.terminate();
      await Promise.all(bridges.values());
      await audio?.close();
      wss.close();
      if (httpsServer !== undefined) {
        const server = httpsServer;
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      await app.close();
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

/** Answers a refused upgrade with a plain HTTP response on the raw socket. */
function rejectUpgrade(socket: Duplex, status: number, challenge: string | undefined): void {
  const body = `${STATUS_CODES[status] ?? 'Error'}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      (challenge !== undefined ? `WWW-Authenticate: ${challenge}\r\n` : '') +
      `\r\n${body}`,
  );
}
