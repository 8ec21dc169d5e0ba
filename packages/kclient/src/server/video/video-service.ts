import type { WebSocket } from 'ws';
import { ERROR_CODES } from '../errors.ts';
import type { EncodedFrame } from './encoder-framing.ts';
import { type EncoderExit, type EncoderState, planAfterExit } from './encoder-lifecycle.ts';
import { EncoderProcess } from './encoder-process.ts';
import { KeyframeRequests } from './keyframe-requests.ts';
import { DEFAULT_RATE_LIMITS } from './rate-control.ts';
import { VideoFanout, type ViewerStats } from './video-fanout.ts';
import { type PageMessage, statusMessage, type VideoStatusState } from './video-messages.ts';
import { runVideoSession, type VideoLog, type VideoSessionSummary } from './video-session.ts';

/** Counters and gauges of the video side: what `/metrics` shows of `{prefix}video`. */
export interface VideoStats {
  /** Sockets receiving the screen's frames. */
  readonly viewers: number;
  /** Whether the screen's encoder is running (it runs only while someone watches). */
  readonly encoderRunning: boolean;
  /** Frames out of the encoder, each counted once. */
  readonly frames: number;
  /** Of those, keyframes. */
  readonly keyframes: number;
  /** Bytes of frame messages handed to viewers. */
  readonly bytes: number;
  /** Frame messages a slow viewer skipped until the next keyframe. */
  readonly dropped: number;
  /** The encoder's current bit-rate cap. */
  readonly bitrateKbps: number;
  /** Restarts of an encoder that died while viewers remained. */
  readonly restarts: number;
}

/** What the video service is given. */
export interface VideoServiceOptions {
  /** Path of `helios-video-encoder`. */
  readonly encoder: string;
  /** Why video cannot work at all (binary missing), known at start; `undefined` when it may. */
  readonly unavailable: string | undefined;
  /** Environment of the encoder (`DISPLAY`). */
  readonly env: NodeJS.ProcessEnv;
  readonly heartbeatMs: number;
  readonly log: VideoLog;
}

/** Time video connections get to close on shutdown before they are cut. */
const SHUTDOWN_GRACE_MS = 1000;

/**
 * The gateway's video side: one encoder for the screen, started with the
 * first `{prefix}video` viewer and stopped when the last one leaves,
 * restarted with backoff if it dies while viewers remain; its frames fanned
 * out to every viewer ({@link VideoFanout}); the encoder's bit rate capped by
 * the slowest viewer's link. The gateway judges the upgrade (same rules as
 * the VNC bridge) and hands accepted sockets to {@link VideoService.accept}.
 */
export class VideoService {
  readonly #options: VideoServiceOptions;
  readonly #log: VideoLog;
  readonly #fanout = new VideoFanout<WebSocket>();
  readonly #keyframes = new KeyframeRequests();
  readonly #sessions = new Map<WebSocket, Promise<VideoSessionSummary>>();
  #state: EncoderState = 'idle';
  #encoder: EncoderProcess | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** A throttled keyframe request, served when the throttle allows. */
  #keyframeTimer: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  #capKbps = DEFAULT_RATE_LIMITS.startKbps;
  #closing = false;
  #nextId = 1;
  readonly #counters = { frames: 0, keyframes: 0, bytes: 0, dropped: 0, restarts: 0 };

  constructor(options: VideoServiceOptions) {
    this.#options = options;
    this.#log = options.log;
  }

  /** Open video connections (they count against the gateway's connection limit). */
  get connections(): number {
    return this.#sessions.size;
  }

  get state(): EncoderState {
    return this.#state;
  }

  get stats(): VideoStats {
    return {
      viewers: this.#fanout.size,
      encoderRunning: this.#state === 'running',
      bitrateKbps: this.#capKbps,
      ...this.#counters,
    };
  }

  /** Runs an accepted `{prefix}video` WebSocket until it closes. */
  accept(ws: WebSocket, viewOnly: boolean): void {
    const id = this.#nextId++;
    const log = this.#log;
    const { unavailable } = this.#options;
    if (unavailable !== undefined || this.#closing) {
      const reason = unavailable ?? 'gateway shutting down';
      ws.send(statusMessage('unavailable', reason));
      ws.close(1011, 'video unavailable');
      return;
    }
    log.info({ video: id, viewOnly }, 'video viewer connected');
    const done = runVideoSession(ws, {
      heartbeatMs: this.#options.heartbeatMs,
      join: () => this.#join(ws),
      leave: () => this.#leave(ws),
      onMessage: (message) => this.#onPageMessage(ws, message),
      log,
    });
    this.#sessions.set(ws, done);
    void done.then((summary) => {
      this.#sessions.delete(ws);
      log.info({ video: id, ...summary }, 'video viewer disconnected');
    });
  }

  /** Closes every video connection (1001), then stops the encoder. */
  async close(): Promise<void> {
    this.#closing = true;
    for (const ws of this.#sessions.keys()) ws.close(1001, 'gateway shutting down');
    const grace = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
    await Promise.race([Promise.all(this.#sessions.values()), grace]);
    for (const ws of this.#sessions.keys()) ws.terminate();
    await Promise.all(this.#sessions.values());
    clearTimeout(this.#timer);
    clearTimeout(this.#keyframeTimer);
    await this.#encoder?.stop();
  }

  #join(ws: WebSocket): void {
    const first = this.#fanout.add(ws);
    if (first && this.#state === 'idle') {
      // Tells every viewer (this one) `starting`.
      this.#start();
      return;
    }
    ws.send(statusMessage(this.#statusState()));
    this.#askKeyframe(true);
  }

  /**
   * Asks the running encoder for a keyframe, throttled (see
   * {@link KeyframeRequests}); a page's request that is throttled is served
   * later unless a keyframe came meanwhile, so its decoder is not left broken.
   */
  #askKeyframe(join: boolean): void {
    if (this.#state !== 'running') return;
    const now = Date.now();
    if (this.#keyframes.shouldRequest(now, join)) {
      this.#encoder?.command('keyframe');
      return;
    }
    if (join || this.#keyframeTimer !== undefined) return;
    const seen = this.#counters.keyframes;
    this.#keyframeTimer = setTimeout(() => {
      this.#keyframeTimer = undefined;
      if (this.#counters.keyframes === seen) this.#askKeyframe(false);
    }, this.#keyframes.waitMs(now));
  }

  /** Takes a viewer out of the fan-out; returns what it was sent. */
  #leave(ws: WebSocket): ViewerStats | undefined {
    const stats = this.#fanout.stats(ws);
    if (stats === undefined) return undefined;
    if (!this.#fanout.remove(ws)) {
      this.#applyCap(this.#fanout.capKbps());
      return stats;
    }
    this.#stopEncoder();
    return stats;
  }

  /** The last viewer left: the encoder stops (a restart pending is called off). */
  #stopEncoder(): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#keyframeTimer);
    this.#keyframeTimer = undefined;
    if (this.#encoder !== undefined) {
      this.#state = 'stopping';
      void this.#encoder.stop();
    } else if (this.#state === 'backoff') {
      this.#state = 'idle';
    }
  }

  #onPageMessage(ws: WebSocket, message: PageMessage): void {
    if (message.type === 'keyframe') {
      this.#askKeyframe(false);
      return;
    }
    this.#applyCap(this.#fanout.report(ws, Date.now(), message.receivedBytes, this.#capKbps));
  }

  #applyCap(capKbps: number): void {
    if (capKbps === this.#capKbps) return;
    this.#capKbps = capKbps;
    this.#encoder?.command(`bitrate ${capKbps}`);
  }

  #statusState(): VideoStatusState {
    return this.#state === 'running' ? 'running' : this.#state === 'backoff' ? 'restarting' : 'starting';
  }

  #setState(state: EncoderState, reason?: string): void {
    this.#state = state;
    if (state === 'stopping' || state === 'idle') return;
    this.#log.info({ state, reason, viewers: this.#fanout.size }, 'video encoder');
    this.#broadcastText(statusMessage(this.#statusState(), reason));
  }

  #broadcastText(text: string): void {
    for (const ws of this.#fanout.targets()) if (ws.readyState === ws.OPEN) ws.send(text);
  }

  #start(): void {
    this.#setState('starting');
    this.#capKbps = this.#fanout.capKbps();
    const encoder = new EncoderProcess(
      {
        binary: this.#options.encoder,
        bitrateKbps: this.#capKbps,
        maxBitrateKbps: DEFAULT_RATE_LIMITS.maxKbps,
        env: this.#options.env,
      },
      {
        onReady: (width, height) => {
          this.#log.info({ width, height, pid: encoder.pid }, 'video encoder ready');
          if (this.#encoder === encoder && this.#state === 'starting') this.#setState('running');
        },
        onFrame: (frame) => {
          // A stopping encoder's last frames are not sent: a viewer who joined
          // meanwhile gets the next encoder's stream, which starts over at a
          // keyframe and frame 0, and must not see the old numbers first.
          if (this.#encoder === encoder && this.#state !== 'stopping') this.#onFrame(frame);
        },
        onLog: (line) => this.#log.info({ pid: encoder.pid }, `video encoder: ${line}`),
        onStreamError: (error) => this.#log.warn({ err: error.message }, 'video encoder output unreadable'),
        onExit: (exit) => this.#onExit(encoder, exit),
      },
    );
    this.#encoder = encoder;
    // Its first frame is a keyframe; asking also makes it capture an idle screen at once.
    this.#keyframes.restarted(Date.now());
    encoder.command('keyframe');
  }

  #onFrame(frame: EncodedFrame): void {
    if (this.#state === 'starting') this.#setState('running');
    this.#failures = 0;
    this.#counters.frames++;
    if (frame.keyframe) {
      this.#counters.keyframes++;
      this.#keyframes.keyframeArrived();
    }
    const result = this.#fanout.broadcast(frame);
    this.#counters.bytes += result.bytes;
    this.#counters.dropped += result.dropped;
    if (result.wantKeyframe) this.#askKeyframe(false);
  }

  #onExit(encoder: EncoderProcess, exit: EncoderExit): void {
    if (this.#encoder !== encoder) return;
    this.#encoder = undefined;
    const plan = planAfterExit(exit, {
      viewers: this.#closing ? 0 : this.#fanout.size,
      failures: this.#failures,
    });
    switch (plan.kind) {
      case 'idle':
        this.#setState('idle');
        return;
      case 'start':
        this.#start();
        return;
      case 'restart':
        this.#failures = plan.failures;
        this.#log.warn(
          { reason: plan.reason, delayMs: plan.delayMs },
          'video encoder ended while viewers remain',
        );
        this.#setState('backoff', plan.reason);
        this.#timer = setTimeout(() => {
          if (this.#fanout.size === 0) {
            this.#setState('idle');
            return;
          }
          this.#counters.restarts++;
          this.#start();
        }, plan.delayMs);
        return;
      case 'unavailable':
        this.#log.warn({ code: ERROR_CODES.VIDEO_ENCODER, reason: plan.reason }, 'video unavailable');
        this.#failures = 0;
        this.#setState('idle');
        this.#broadcastText(statusMessage('unavailable', plan.reason));
        for (const ws of [...this.#fanout.targets()]) {
          this.#fanout.remove(ws);
          ws.close(1011, 'video unavailable');
        }
        return;
    }
  }
}
