import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyReply, LogController } from 'fastify';
import { createActivityTracker } from './activity.ts';
import { AudioService } from './audio/audio-service.ts';
import { AuthThrottle } from './auth-throttle.ts';
import { ClientPages } from './client-pages.ts';
import { type GatewayConfig, validateConfig } from './config/gateway-config.ts';
import type { GatewayOptions } from './config/gateway-options.ts';
import { ConfigError, ERROR_CODES, KclientError, ListenError } from './errors.ts';
import { filesBadUrlError } from './files/file-errors.ts';
import { decideFileAccess, pagePolicy } from './files/file-policy.ts';
import { filesRoutes } from './files/files-routes.ts';
import { HandshakeGate } from './handshake-gate.ts';
import { createVncHealth, healthFromStateFile } from './health.ts';
import { startHttps } from './https-listener.ts';
import { GatewayMetrics } from './metrics.ts';
import { healthRoutes, metricsRoute } from './plugins/health-routes.ts';
import { pageRoutes } from './plugins/page-routes.ts';
import { screenRoutes } from './plugins/screen-routes.ts';
import { websocketRoutes } from './plugins/websocket-routes.ts';
import { ScreenGroups } from './screen-groups.ts';
import { SLOW_CLIENT_LIMITS } from './slow-client-limits.ts';
import { loadStaticFiles, resolveClientDir } from './static-files.ts';
import { decideVideo, executableProblem } from './video/video-availability.ts';
import { VideoService } from './video/video-service.ts';

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
  /**
   * Binds the HTTP port, then HTTPS when configured. Throws {@link ListenError}
   * or a `TlsError` (HTTP closed again) unless the HTTPS port was only
   * defaulted: then it logs one warning and returns `https: undefined`.
   */
  listen(): Promise<{ readonly http: GatewayAddress; readonly https: GatewayAddress | undefined }>;
  /** Closes every bridge (code 1001, data flushed), then the listeners. */
  close(): Promise<void>;
}

/**
 * Validates options, loads the browser client and registers the gateway's
 * plugins on one fastify server: health, metrics, pages, files, WebSockets
 * (VNC bridges, audio and video). Nothing listens until {@link Gateway.listen}.
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
  const files = await loadStaticFiles(clientDir);
  const template = files.get('index.html');
  if (template === undefined) throw new Error('unreachable: resolveClientDir checked index.html');
  // The encoder binary is checked once: the page is told whether video is on.
  const video = decideVideo(config.video, executableProblem);
  // Until its listener is up the pages name the configured HTTPS port (a free one is not known yet).
  const pages = new ClientPages(template.body, {
    title: config.title,
    mainViewOnly: config.viewOnly,
    https: config.https?.port || 'off',
    video: video.kind === 'on' ? 'on' : 'off',
    fileTransfer: pagePolicy(config.files.policy, config.viewOnly),
    fileMaxMb: config.files.maxMb,
  });
  // Node ends a request after 300 s in all; an upload of gigabytes over a slow link takes longer.
  // Uploads watch for idle sockets themselves instead (files-routes.ts).
  const uploads = decideFileAccess(config.files.policy, config.viewOnly, 'upload').allowed;
  const requestLimits = uploads ? { ...SLOW_CLIENT_LIMITS, requestTimeout: 0 } : SLOW_CLIENT_LIMITS;

  // 2. One fastify server; one line per request would drown the bridges' own lines.
  const app = Fastify({
    logger: { level: config.logLevel },
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: 'idle',
    serverFactory: (handler) => createHttpServer(requestLimits, handler),
    // A URL the router cannot decode never reaches a route: under files/ it still gets that route's answer.
    frameworkErrors: (error, request, reply) => {
      const filesError = filesBadUrlError(config.prefix, request.raw.url ?? '/');
      const answer = reply as unknown as FastifyReply;
      if (filesError === undefined) return answer.send(error);
      return answer.code(filesError.status).send(filesError.toJSON());
    },
  });
  for (const warning of warnings) app.log.warn(warning);
  if (video.kind === 'broken') {
    app.log[video.asked ? 'warn' : 'info'](
      { code: ERROR_CODES.VIDEO_ENCODER, reason: video.reason },
      'video off: no usable encoder (set HELIOS_VIDEO_ENCODER, or HELIOS_VIDEO=off)',
    );
  }

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
  const videoService =
    video.kind === 'off'
      ? undefined
      : new VideoService({
          encoder: config.video.encoder,
          unavailable: video.kind === 'broken' ? video.reason : undefined,
          // The encoder captures the gateway's own X display (DISPLAY from helios-init);
          // it needs nothing else of the environment, secrets least of all.
          env: pickEnv(process.env, ['DISPLAY', 'XAUTHORITY', 'PATH', 'HOME']),
          heartbeatMs: config.heartbeatMs,
          log: app.log.child({ route: 'video' }),
        });
  const { stateFile } = config;
  const screens = new ScreenGroups();

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
    liveGauges: () => ({
      ...(audio === undefined
        ? {}
        : {
            audioListeners: audio.connections,
            audioCaptureRunning: audio.capture.state === 'running',
            audioFrames: audio.capture.stats,
          }),
      ...(videoService === undefined ? {} : { video: videoService.stats }),
    }),
  });
  await app.register(pageRoutes, { config, files, pages, throttle });
  await app.register(filesRoutes, { config, metrics, throttle });
  await app.register(screenRoutes, { config, groups: screens, throttle });
  await app.register(websocketRoutes, {
    config,
    metrics,
    activity,
    gate,
    audio,
    video: videoService,
    throttle,
    screens,
  });

  let httpsServer: HttpsServer | undefined;
  return {
    config,
    metrics,
    async listen() {
      // HTTP first: the desktop must not wait for a certificate to be made.
      try {
        await app.listen({ port: config.port, host: config.host });
      } catch (cause) {
        throw new ListenError(`${config.host}:${config.port} (HTTP_PORT)`, cause);
      }
      const http = addressOf(app.server, 'http', config.prefix);
      if (config.https === undefined) return { http, https: undefined };
      try {
        httpsServer = await startHttps(app, config.https, config.host);
      } catch (error) {
        if (!config.https.defaulted) {
          await app.close();
          throw error;
        }
        // Nobody asked for this port: whatever holds it is no reason to take the desktop away.
        pages.announceHttps('failed');
        app.log.warn(
          { code: error instanceof KclientError ? error.code : undefined },
          `HTTPS not served, HTTP keeps serving: ${error instanceof Error ? error.message : String(error)} ` +
            '(set HTTPS_PORT to a free port, or HTTPS_PORT=off)',
        );
        return { http, https: undefined };
      }
      if (uploads) httpsServer.requestTimeout = 0;
      const https = addressOf(httpsServer, 'https', config.prefix);
      pages.announceHttps(https.port);
      return { http, https };
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

/** The named variables of `env` that are set. */
function pickEnv(env: NodeJS.ProcessEnv, names: readonly string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(names.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
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
