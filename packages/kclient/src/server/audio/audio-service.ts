import type { WebSocket } from 'ws';
import type { AudioConfig } from '../config/gateway-config.ts';
import type { AudioLog } from './audio-log.ts';
import { type AudioSessionSummary, runAudioSession, sendControl } from './audio-session.ts';
import { DesktopCapture } from './desktop-capture.ts';
import { MicChannel } from './mic-channel.ts';

/** Time audio connections get to close on shutdown before they are cut. */
const SHUTDOWN_GRACE_MS = 1000;

/**
 * The gateway's audio side: one shared desktop capture, one microphone slot,
 * and the open `{prefix}audio` connections. The gateway decides whether an
 * upgrade is allowed (same origin and auth checks as the VNC bridge) and
 * hands accepted sockets to {@link AudioService.accept}.
 */
export class AudioService {
  readonly config: AudioConfig;
  readonly capture: DesktopCapture<WebSocket>;
  readonly mic: MicChannel<WebSocket>;
  readonly #log: AudioLog;
  readonly #heartbeatMs: number;
  readonly #sessions = new Map<WebSocket, Promise<AudioSessionSummary>>();
  #nextId = 1;

  constructor(config: AudioConfig, options: { readonly log: AudioLog; readonly heartbeatMs: number }) {
    this.config = config;
    this.#log = options.log;
    this.#heartbeatMs = options.heartbeatMs;
    this.capture = new DesktopCapture(config, options.log, (state, reason) => {
      this.#log.info({ state, reason, listeners: this.capture.listeners }, 'audio capture');
      if (state !== 'running' && state !== 'backoff' && state !== 'idle') return;
      const message = {
        type: 'capture',
        state: state === 'running' ? 'running' : state === 'idle' ? 'stopped' : 'failed',
        ...(reason !== undefined ? { reason } : {}),
      } as const;
      for (const ws of this.#sessions.keys()) sendControl(ws, message);
    });
    this.mic = new MicChannel(config, options.log, (owner, reason) =>
      sendControl(owner, { type: 'mic', state: 'failed', reason }),
    );
  }

  /** Open audio connections (they count against the gateway's connection limit). */
  get connections(): number {
    return this.#sessions.size;
  }

  /** Runs an accepted `{prefix}audio` WebSocket until it closes. */
  accept(ws: WebSocket, viewOnly: boolean): void {
    const id = this.#nextId++;
    const log = this.#log;
    log.info({ audio: id, viewOnly }, 'audio listener connected');
    const done = runAudioSession(ws, {
      capture: this.capture,
      mic: this.mic,
      viewOnly,
      heartbeatMs: this.#heartbeatMs,
      log,
    });
    this.#sessions.set(ws, done);
    void done.then((summary) => {
      this.#sessions.delete(ws);
      log.info({ audio: id, ...summary }, 'audio listener disconnected');
    });
  }

  /** Closes every audio connection (1001), then stops capture and microphone. */
  async close(): Promise<void> {
    for (const ws of this.#sessions.keys()) ws.close(1001, 'gateway shutting down');
    const grace = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
    await Promise.race([Promise.all(this.#sessions.values()), grace]);
    for (const ws of this.#sessions.keys()) ws.terminate();
    await Promise.all(this.#sessions.values());
    await this.capture.close();
  }
}
