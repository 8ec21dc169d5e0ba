import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { type WebSocket, WebSocketServer } from 'ws';
import type { ActivityTracker } from '../activity.ts';
import { audioRouteOf } from '../audio/audio-route.ts';
import type { AudioService } from '../audio/audio-service.ts';
import { credentialsOf, offersCredentials, redactToken } from '../auth.ts';
import type { AuthThrottle } from '../auth-throttle.ts';
import { type BridgeContext, runBridge } from '../bridge.ts';
import type { GatewayConfig } from '../config/gateway-config.ts';
import {
  createDesktopScalePublisher,
  parseDesktopScale,
  writeDesktopScaleProperty,
} from '../desktop-scale.ts';
import type { HandshakeGate } from '../handshake-gate.ts';
import { startKeycodeRecycling } from '../keyboard/keycode-recycling.ts';
import type { GatewayMetrics } from '../metrics.ts';
import { addedScreenOf, type ScreenGroups } from '../screen-groups.ts';
import { type OwnerChange, ScreenOwnership } from '../screen-ownership.ts';
import { decideUpgrade, splitTarget } from '../upgrade-decision.ts';
import { PixelSwitch, viewerKeyOf } from '../video/pixel-switch.ts';
import type { VideoService } from '../video/video-service.ts';
import { probeVnc } from '../vnc-probe.ts';

/** What the WebSocket routes need. */
export interface WebSocketRoutesOptions {
  readonly config: GatewayConfig;
  readonly metrics: GatewayMetrics;
  readonly activity: ActivityTracker;
  readonly gate: HandshakeGate;
  /** The `{prefix}audio` service, when audio is on. */
  readonly audio: AudioService | undefined;
  /** The `{prefix}video` service, unless video is off. */
  readonly video: VideoService | undefined;
  readonly throttle: AuthThrottle;
  /** Screens added with "Add screen", by group (see `screen-groups.ts`). */
  readonly screens: ScreenGroups;
}

/**
 * Largest message a video page may send before the WebSocket library closes
 * with 1009; the video session closes anything over 1 KiB with 1008 itself.
 */
const VIDEO_MAX_PAYLOAD = 64 * 1024;

/** Time bridges get to close cleanly on shutdown before they are cut. */
const SHUTDOWN_GRACE_MS = 3000;

/**
 * The WebSocket upgrades of `{prefix}websockify`, `{prefix}view-only/websockify`,
 * the audio and the video routes, judged alike by {@link decideUpgrade} (path, Origin,
 * auth, connection limit, view-only). Listens on the HTTP server's `upgrade`
 * event; the HTTPS listener forwards its upgrades here. On close, bridges get
 * code 1001 and a grace period to flush before they are cut.
 *
 * Several viewers share one screen (see `ScreenOwnership`): the earliest
 * viewer with input still connected owns its size, or a later one opened
 * with `?takeover=1` (never one with `?resize=0`, a page scaling locally);
 * the others' SetDesktopSize is held back, and the next owner's last one is
 * sent when the owner leaves. The owner's `?scale=` is the desktop scale
 * (HiDPI); view-only viewers never change either.
 *
 * A bridge whose URL carries `?group=KEY&screen=N&width=W&height=H&place=P`
 * is a screen window (README "Several screens"): its screen is part of the
 * group's layout (`{prefix}screens`) while it is connected, and it never
 * owns the screen size.
 *
 * A bridge whose URL carries `?video=1` serves a page that shows the screen
 * as video: its update requests are quieted to 1×1 (see `RfbInputFilter`). A bridge and a
 * video socket that carry the same `?viewer=KEY` (auto mode) are linked: the
 * bridge is quiet while the video socket is open (see `PixelSwitch`).
 */
export async function websocketRoutes(app: FastifyInstance, options: WebSocketRoutesOptions): Promise<void> {
  const { config, metrics, audio, video } = options;
  const log = app.log;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxPayload,
    perMessageDeflate: false,
    // Never echo a protocol the client did not offer: browsers fail the handshake.
    handleProtocols: (protocols) => (protocols.has('binary') ? 'binary' : false),
  });
  // Video pages send only small JSON: a much smaller limit than the bridge's.
  const videoWss = new WebSocketServer({
    noServer: true,
    maxPayload: VIDEO_MAX_PAYLOAD,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has('binary') ? 'binary' : false),
  });
  const bridges = new Map<WebSocket, Promise<unknown>>();
  // Without X or xprop (the gateway used on its own) every viewer would fail alike: say it once.
  let scaleFailures = 0;
  const desktopScale = createDesktopScalePublisher(writeDesktopScaleProperty, (error, scale) =>
    log[scaleFailures++ === 0 ? 'warn' : 'debug'](
      { err: String(error), scale },
      'cannot hand the desktop scale to the session',
    ),
  );
  // Only where the VNC server is this machine's Xvnc, on the display the gateway was given.
  let keycodeFailures = 0;
  const keycodes = startKeycodeRecycling({
    display: config.vnc.kind === 'unix' ? process.env.DISPLAY : undefined,
    onError: (error) =>
      log[keycodeFailures++ === 0 ? 'warn' : 'debug']({ err: String(error) }, 'cannot free spare keycodes'),
  });
  let closing = false;
  let nextId = 1;

  const publishScale = (query: URLSearchParams) => {
    const param = parseDesktopScale(query);
    if (!param.ok) log.info({ issue: param.issue }, 'desktop scale ignored');
    else if (param.scale !== undefined) desktopScale.publish(param.scale);
  };

  const pixels = new PixelSwitch();

  const screen = new ScreenOwnership<number>();
  /** What each bridge with input registered with the screen ownership: how to tell it, and its query. */
  const screenViewers = new Map<number, { ownScreen: (owns: boolean) => void; query: URLSearchParams }>();
  const tellOwner = (change: OwnerChange<number>) => {
    // Shutting down, every bridge is leaving: the screen keeps its size.
    if (change.before === change.after || closing) return;
    if (change.before !== undefined) screenViewers.get(change.before)?.ownScreen(false);
    const owner = change.after === undefined ? undefined : screenViewers.get(change.after);
    if (owner === undefined) return;
    log.info({ bridge: change.after }, 'viewer owns the screen size');
    owner.ownScreen(true);
    publishScale(owner.query);
  };

  const startBridge = (ws: WebSocket, viewOnly: boolean, query: URLSearchParams) => {
    const id = nextId++;
    const mode = viewOnly ? 'viewOnly' : 'full';
    const videoPage = query.get('video') === '1';
    const viewerKey = viewerKeyOf(query);
    const context: BridgeContext = {
      vnc: config.vnc,
      viewOnly,
      video: videoPage,
      attachPixels:
        viewerKey === undefined || video === undefined
          ? undefined
          : (quiet) => pixels.attachBridge(viewerKey, quiet),
      attachScreen: viewOnly
        ? undefined
        : (ownScreen) => {
            screenViewers.set(id, { ownScreen, query });
            // A page that scales the screen into its window (`resize=0`) leaves the size to others,
            // and so does a screen window: the owner's page asks for the whole layout.
            const resizes = query.get('resize') !== '0' && !query.has('screen');
            tellOwner(screen.join(id, { resizes, takeOver: query.get('takeover') === '1' }));
            return () => {
              tellOwner(screen.leave(id));
              screenViewers.delete(id);
            };
          },
      attachKeys: viewOnly ? undefined : keycodes.attach,
      heartbeatMs: config.heartbeatMs,
      metrics,
      activity: options.activity,
      gate: options.gate,
      repairHandshake: () => probeVnc(config.vnc),
      log: log.child({ bridge: id }),
    };
    const added = addedScreenOf(query);
    if (!added.ok) log.info({ bridge: id, issue: added.issue }, 'screen parameters ignored');
    else if (added.screen !== undefined && !viewOnly) {
      // Part of the layout while its window is connected; a view-only page only shows a screen.
      ws.once('close', options.screens.add(id, added.screen));
      log.info({ bridge: id, screen: added.screen.screen, place: added.screen.place }, 'screen window added');
    }
    metrics.connectionsTotal++;
    metrics.active[mode]++;
    log.info({ bridge: id, viewOnly, video: videoPage, auto: viewerKey !== undefined }, 'viewer connected');
    const done = runBridge(ws, context).then((summary) => {
      bridges.delete(ws);
      metrics.active[mode]--;
      log.info({ bridge: id, ...summary }, 'viewer disconnected');
    });
    bridges.set(ws, done);
  };

  app.server.on('upgrade', (request, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = request.url ?? '/';
    const audioRoute = audio === undefined ? undefined : audioRouteOf(config.prefix, url);
    const client = request.socket.remoteAddress ?? 'unknown';
    const throttled = config.auth !== undefined && options.throttle.retryAfterMs(client, Date.now()) > 0;
    const decision = closing
      ? ({ accept: false, status: 503, reason: 'shutdown' } as const)
      : throttled
        ? ({ accept: false, status: 429, reason: 'throttled' } as const)
        : decideUpgrade(config, {
            // Audio is judged as its sibling bridge: same origin, auth, limit and view-only rules.
            url: audioRoute?.bridgeUrl ?? url,
            headers: request.headers,
            openConnections: bridges.size + (audio?.connections ?? 0) + (video?.connections ?? 0),
          });
    // Only an auth verdict is an answer to the credentials; other refusals say nothing about them.
    const judged = decision.accept || decision.reason === 'auth';
    const offered = offersCredentials(credentialsOf(request.headers, splitTarget(url).searchParams));
    if (
      config.auth !== undefined &&
      judged &&
      options.throttle.record(client, offered, decision.accept, Date.now())
    ) {
      log.warn(
        { client, limit: config.authMaxFailures },
        'too many wrong credentials: refusing for a minute',
      );
    }
    if (!decision.accept) {
      metrics.reject(decision.reason);
      log.info(
        { reason: decision.reason, url: redactToken(url), origin: request.headers.origin },
        'upgrade refused',
      );
      rejectUpgrade(socket, decision.status, 'challenge' in decision ? decision.challenge : undefined);
      return;
    }
    if (decision.route === 'video' && video !== undefined) {
      const viewerKey = viewerKeyOf(splitTarget(url).searchParams);
      videoWss.handleUpgrade(request, socket, head, (ws) => {
        // Auto mode: this page's RFB pixels stay quiet while its video socket is open.
        if (viewerKey !== undefined) ws.once('close', pixels.videoOpened(viewerKey));
        video.accept(ws, decision.viewOnly);
      });
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      if (audioRoute !== undefined && audio !== undefined) audio.accept(ws, decision.viewOnly);
      else {
        startBridge(ws, decision.viewOnly, splitTarget(url).searchParams);
      }
    });
  });

  app.addHook('preClose', async () => {
    closing = true;
    for (const ws of bridges.keys()) ws.close(1001, 'gateway shutting down');
    const grace = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
    await Promise.race([Promise.all(bridges.values()), grace]);
    for (const ws of bridges.keys()) ws.terminate();
    await Promise.all(bridges.values());
    await audio?.close();
    await video?.close();
    await desktopScale.idle();
    wss.close();
    videoWss.close();
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
