import { connect, type OnReadOpts, type Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { ActivityTracker } from './activity.ts';
import type { VncAddress } from './config/vnc-address.ts';
import { KclientError } from './errors.ts';
import type { HandshakeGate } from './handshake-gate.ts';
import type { KeyWatcher } from './keyboard/keycode-recycling.ts';
import type { GatewayMetrics } from './metrics.ts';
import { BufferPool, ReadBuffers } from './read-buffers.ts';
import { RfbInputFilter } from './rfb-input-filter.ts';
import type { QuietPixels } from './video/pixel-switch.ts';
import { startHeartbeat } from './websocket-heartbeat.ts';

/** What a bridge needs from the gateway around it. */
export interface BridgeContext {
  readonly vnc: VncAddress;
  readonly viewOnly: boolean;
  /**
   * The page shows the screen as video (`?video=1`): update requests are
   * quieted to the 1×1 rectangle at (0, 0).
   * @default false
   */
  readonly video?: boolean;
  /**
   * Auto mode (`?viewer=KEY`): registers the bridge's switch between RFB
   * pixels and quiet (see `video/pixel-switch.ts`); returns its removal.
   */
  readonly attachPixels?: (quiet: QuietPixels) => () => void;
  /**
   * Several viewers, one screen: registers the bridge with the gateway's
   * screen ownership (see `screen-ownership.ts`) in connection order and
   * returns its removal; `ownScreen` is told whenever the bridge becomes or
   * stops being the owner, whose SetDesktopSize alone reaches the VNC server.
   * @default every SetDesktopSize goes through
   */
  readonly attachScreen?: (ownScreen: (owns: boolean) => void) => () => void;
  /**
   * Watches the key events the bridge forwards (see
   * `keyboard/keycode-recycling.ts`); the watcher is detached when the bridge ends.
   * @default keys are not watched
   */
  readonly attachKeys?: () => KeyWatcher;
  /** Ping period; 0 disables the heartbeat. */
  readonly heartbeatMs: number;
  /**
   * Bytes queued towards the browser above which reading from the VNC server
   * pauses until the browser has taken them.
   * @default 4194304
   */
  readonly highWaterMark?: number;
  /**
   * Read buffers for the VNC side; a full-screen update arrives in fewer,
   * larger WebSocket frames with larger reads.
   * @default one pool of 1 MiB buffers shared by every bridge of the process
   */
  readonly readPool?: BufferPool;
  readonly metrics: GatewayMetrics;
  readonly activity: ActivityTracker;
  /** Shared by every connection to the same VNC server. */
  readonly gate: HandshakeGate;
  /**
   * Completes one RFB handshake on the bridge's behalf after the browser
   * abandoned its own, before the handshake slot is given back (see
   * {@link HandshakeGate}).
   */
  readonly repairHandshake: () => Promise<unknown>;
  readonly log: BridgeLog;
}

/** The two log calls a bridge makes. */
interface BridgeLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** How one bridge ended. */
export interface BridgeSummary {
  readonly bytesToVnc: number;
  readonly bytesToBrowser: number;
  /** WebSocket close code sent or received. */
  readonly closeCode: number;
  /** The VNC connection was opened but the browser left before the RFB handshake finished. */
  readonly abandonedHandshake: boolean;
}

/** Bridge lifecycle: both sides up, one side gone and the other draining, both gone. */
type BridgeState = 'open' | 'closing' | 'closed';

/** Frames towards the browser: binary, never compressed (the option object is reused). */
const SEND_OPTIONS = Object.freeze({ binary: true, compress: false });

/** Shared so that buffers freed by one viewer serve the next reads of any other. */
const sharedReadPool = new BufferPool();

/** Grace period for the VNC side to close after we sent FIN. */
const TCP_CLOSE_GRACE_MS = 5000;

/**
 * Connects one accepted WebSocket to the VNC server and moves bytes both
 * ways until either side closes. Backpressure is real in both directions:
 * a slow browser pauses reads from the VNC server, a slow VNC server pauses
 * reads from the WebSocket. When the VNC side ends, everything it sent is
 * queued before the close frame, so no tail is lost; when the browser
 * leaves, pending input is flushed before the FIN.
 *
 * The browser-to-VNC stream goes through {@link RfbInputFilter}: it counts
 * input (activity, metrics), on view-only bridges drops input messages, and
 * holds back the screen size requests of a viewer that does not own the screen.
 */
export function runBridge(ws: WebSocket, context: BridgeContext): Promise<BridgeSummary> {
  const { metrics, log } = context;
  const highWaterMark = context.highWaterMark ?? 4 << 20;
  const filter = new RfbInputFilter({
    viewOnly: context.viewOnly,
    video: context.video ?? false,
    switchable: context.attachPixels !== undefined,
    sharedScreen: context.attachScreen !== undefined,
    reportKeys: context.attachKeys !== undefined,
  });
  const keys = context.attachKeys?.();
  let tcp: Socket | undefined;
  let release: (() => void) | undefined;
  let state: BridgeState = 'open';
  let bytesToVnc = 0;
  let bytesToBrowser = 0;
  let closeCode = 1005;
  let wsClosed = false;
  let tcpClosed = false;

  const { promise, resolve } = Promise.withResolvers<BridgeSummary>();
  /** Sends the gateway's own messages, placed by the filter between the page's. */
  const sendFromGateway = (messages: Buffer) => {
    if (messages.length === 0 || state !== 'open' || tcp === undefined) return;
    bytesToVnc += messages.length;
    metrics.bytesToVnc += messages.length;
    tcp.write(messages);
  };
  // The filter's own requests (whole picture, or continuous updates narrowed) go out at once.
  const detachPixels = context.attachPixels?.((quiet) => sendFromGateway(filter.quietPixels(quiet)));
  // On becoming owner, the page's last size request held back goes out, so the screen takes its size.
  const detachScreen = context.attachScreen?.((owns) => sendFromGateway(filter.ownScreen(owns)));
  const settle = () => {
    if (!wsClosed || !tcpClosed || state === 'closed') return;
    state = 'closed';
    stopHeartbeat();
    detachPixels?.();
    detachScreen?.();
    keys?.detach();
    const abandonedHandshake = tcp !== undefined && !filter.handshakeDone;
    const summary = { bytesToVnc, bytesToBrowser, closeCode, abandonedHandshake };
    const slot = release;
    if (slot === undefined) {
      resolve(summary);
      return;
    }
    // The slot stays taken until the repair is done, so no new connection
    // can pile onto Xvnc's failure count meanwhile.
    const done = () => {
      slot();
      resolve(summary);
    };
    (abandonedHandshake ? context.repairHandshake() : Promise.resolve()).then(done, done);
  };

  /** Closes the browser side with `code` (after anything already queued). */
  const closeWs = (code: number, reason: string) => {
    if (state === 'open') state = 'closing';
    if (ws.readyState === ws.OPEN) ws.close(code, reason);
  };

  const openTcp = (): Socket => {
    const buffers = new ReadBuffers(context.readPool ?? sharedReadPool);
    const onChunk = (length: number): boolean => {
      const chunk = buffers.take(length);
      bytesToBrowser += length;
      metrics.bytesToBrowser += length;
      // Reading pauses when the browser lags by more than the high-water
      // mark, and resumes once the frame that crossed it reached the kernel.
      const over = ws.bufferedAmount + length > highWaterMark;
      if (over) tcp?.pause();
      ws.send(chunk, SEND_OPTIONS, (error?: Error | null) => {
        if (error != null) return;
        buffers.give(chunk);
        if (over && state === 'open') tcp?.resume();
      });
      return true;
    };
    const socket = connectVnc(context.vnc, { buffer: buffers.next, callback: onChunk });
    socket.setNoDelay(true);
    socket.on('drain', () => ws.resume());
    socket.on('end', () => closeWs(1000, 'VNC server closed the connection'));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      log.warn({ err: error.code ?? error.message }, 'VNC connection failed');
      closeWs(1011, 'VNC server unreachable or failed');
    });
    socket.on('close', () => {
      buffers.release();
      tcpClosed = true;
      closeWs(1000, 'VNC server closed the connection');
      settle();
    });
    return socket;
  };

  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) {
      closeWs(1003, 'expected binary RFB frames');
      return;
    }
    let result: ReturnType<RfbInputFilter['push']>;
    try {
      result = filter.push(data);
    } catch (error) {
      log.warn({ err: error instanceof KclientError ? error.code : String(error) }, String(error));
      closeWs(1008, 'view-only: RFB stream cannot be filtered');
      tcp?.destroy();
      return;
    }
    if (release !== undefined && filter.handshakeDone) {
      release();
      release = undefined;
    }
    if (result.gaveUp !== undefined) log.warn({ reason: result.gaveUp }, 'stopped following RFB input');
    if (result.keys + result.pointers > 0) {
      const now = Date.now();
      metrics.keyEvents += result.keys;
      metrics.pointerEvents += result.pointers;
      metrics.lastInputAt = now;
      context.activity.note(now);
    }
    if (keys !== undefined) for (const event of result.keyEvents) keys.key(event.keysym, event.down);
    metrics.droppedMessages += result.dropped;
    if (result.forward.length === 0 || state !== 'open' || tcp === undefined) return;
    bytesToVnc += result.forward.length;
    metrics.bytesToVnc += result.forward.length;
    if (!tcp.write(result.forward)) ws.pause();
  });
  ws.on('error', (error) => {
    log.warn({ err: error.message }, 'WebSocket failed');
    tcp?.destroy();
  });
  ws.on('close', (code) => {
    wsClosed = true;
    closeCode = code;
    if (state === 'open') state = 'closing';
    // The page is gone: the next viewer's size applies now, not after the VNC side drained.
    detachScreen?.();
    if (tcp === undefined) {
      tcpClosed = true;
    } else {
      // end() flushes input already written; the timer covers a server that never closes.
      tcp.end();
      const socket = tcp;
      setTimeout(() => socket.destroy(), TCP_CLOSE_GRACE_MS).unref();
    }
    settle();
  });

  const stopHeartbeat = startHeartbeat(ws, context.heartbeatMs, () =>
    log.info({}, 'WebSocket peer stopped answering pings'),
  );

  // The browser waits for the server's greeting, so it sends nothing while
  // this connection queues for a handshake slot.
  ws.pause();
  context.gate.acquire().then((releaseSlot) => {
    if (state !== 'open') {
      releaseSlot();
      return;
    }
    release = releaseSlot;
    tcp = openTcp();
    ws.resume();
  });

  return promise;
}

function connectVnc(address: VncAddress, onread: OnReadOpts): Socket {
  return address.kind === 'unix'
    ? connect({ path: address.path, onread })
    : connect({ host: address.host, port: address.port, noDelay: true, onread });
}
