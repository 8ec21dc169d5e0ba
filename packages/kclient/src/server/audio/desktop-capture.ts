import { type ChildProcess, spawn } from 'node:child_process';
import { encodeFrame, FRAME_KIND, PCM_FRAME_BYTES, pulseRawFormatArgs } from '../../shared/audio-framing.ts';
import type { OpusEncoder } from '../../shared/opus-wasm.ts';
import type { AudioConfig } from '../config/gateway-config.ts';
import { AudioFanout, type FanoutTarget } from './audio-fanout.ts';
import type { AudioLog } from './audio-log.ts';
import { loadOpus } from './opus-loader.ts';
import { PcmFramer } from './pcm-framer.ts';

/**
 * Lifecycle of the one shared capture:
 * `idle -> starting -> running -> stopping -> idle`, and
 * `running -> backoff -> starting` when parec dies while people listen
 * (PulseAudio restarting, for example).
 */
export type CaptureState = 'idle' | 'starting' | 'running' | 'stopping' | 'backoff';

/** Counters of the capture since the gateway started. */
export interface CaptureStats {
  /** parec processes started. */
  starts: number;
  /** Frames encoded (once each, whatever the number of listeners). */
  frames: number;
  /** Frame messages handed to listeners. */
  sent: number;
  /** Frame messages skipped because a listener's queue was full. */
  dropped: number;
}

/** Longest wait before restarting a capture that died. */
const MAX_BACKOFF_MS = 5000;

/** `parec` arguments for a low-latency raw capture of `sink`'s monitor. */
export function parecArgs(sink: string): string[] {
  return [...pulseRawFormatArgs(), '-d', `${sink}.monitor`];
}

/**
 * One `parec` of the sink's monitor, shared by every listener, running only
 * while at least one listens. Each 20 ms of PCM is encoded to Opus once and
 * fanned out ({@link AudioFanout}).
 */
export class DesktopCapture<T extends FanoutTarget> {
  readonly #config: AudioConfig;
  readonly #log: AudioLog;
  readonly #onState: (state: CaptureState, reason?: string) => void;
  readonly #fanout = new AudioFanout<T>();
  readonly #framer = new PcmFramer(PCM_FRAME_BYTES);
  #state: CaptureState = 'idle';
  #child: ChildProcess | undefined;
  #encoder: OpusEncoder | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  #seq = 0;
  readonly stats: CaptureStats = { starts: 0, frames: 0, sent: 0, dropped: 0 };

  constructor(config: AudioConfig, log: AudioLog, onState: (state: CaptureState, reason?: string) => void) {
    this.#config = config;
    this.#log = log;
    this.#onState = onState;
  }

  get state(): CaptureState {
    return this.#state;
  }

  get listeners(): number {
    return this.#fanout.size;
  }

  /** Adds a listener; the first one starts the capture. */
  add(listener: T): void {
    if (this.#fanout.add(listener)) void this.#start();
  }

  /** Removes a listener; the last one stops the capture. */
  remove(listener: T): void {
    if (this.#fanout.remove(listener)) this.#stop();
  }

  has(listener: T): boolean {
    return this.#fanout.has(listener);
  }

  /** Per-listener counters. */
  listenerStats(listener: T) {
    return this.#fanout.stats(listener);
  }

  #setState(state: CaptureState, reason?: string): void {
    this.#state = state;
    this.#onState(state, reason);
  }

  async #start(): Promise<void> {
    if (this.#state !== 'idle' && this.#state !== 'backoff') return;
    this.#setState('starting');
    let encoder: OpusEncoder;
    try {
      encoder = (await loadOpus()).createEncoder({ bitrate: this.#config.bitrate });
    } catch (error) {
      this.#log.warn({ err: String(error) }, 'audio: no Opus encoder');
      this.#backoff(String(error));
      return;
    }
    if (this.#fanout.size === 0) {
      // Everyone left while the codec loaded.
      encoder.free();
      this.#setState('idle');
      return;
    }
    this.#encoder = encoder;
    this.#framer.reset();
    this.stats.starts++;
    const child = spawn('parec', parecArgs(this.#config.sink), {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-500);
    });
    child.stdout?.on('data', (chunk: Buffer) => this.#onPcm(chunk));
    child.once('spawn', () => {
      if (this.#child === child && this.#state === 'starting') this.#setState('running');
    });
    child.once('error', (error) => {
      stderr += String(error);
    });
    child.once('close', (code, signal) => this.#onExit(child, stderr.trim() || `exit ${code ?? signal}`));
  }

  #onPcm(chunk: Buffer): void {
    const encoder = this.#encoder;
    if (encoder === undefined) return;
    for (const pcm of this.#framer.push(chunk)) {
      const message = encodeFrame(FRAME_KIND.desktop, this.#seq++, encoder.encode(pcm));
      this.stats.frames++;
      const { sent, dropped } = this.#fanout.broadcast(message);
      this.stats.sent += sent;
      this.stats.dropped += dropped;
    }
    // Sound flows again: a later failure starts its backoff from the bottom.
    this.#failures = 0;
  }

  #stop(): void {
    clearTimeout(this.#timer);
    if (this.#child !== undefined) {
      this.#setState('stopping');
      this.#child.kill('SIGTERM');
    } else if (this.#state === 'backoff') {
      this.#setState('idle');
    }
    // 'starting' without a child: #start notices the empty fan-out after loading.
  }

  #onExit(child: ChildProcess, reason: string): void {
    if (this.#child !== child) return;
    this.#child = undefined;
    this.#encoder?.free();
    this.#encoder = undefined;
    const wasStopping = this.#state === 'stopping';
    if (this.#fanout.size === 0) {
      this.#setState('idle');
    } else if (wasStopping) {
      // Someone came back while the old capture was ending.
      this.#setState('idle');
      void this.#start();
    } else {
      this.#log.warn({ reason }, 'audio: capture ended while listeners remain');
      this.#backoff(reason);
    }
  }

  #backoff(reason: string): void {
    this.#setState('backoff', reason);
    const delay = Math.min(250 * 2 ** this.#failures++, MAX_BACKOFF_MS);
    this.#timer = setTimeout(() => {
      if (this.#fanout.size > 0) void this.#start();
      else this.#setState('idle');
    }, delay);
  }

  /** Stops the capture for good (gateway shutdown); resolves once parec has exited. */
  async close(): Promise<void> {
    clearTimeout(this.#timer);
    const child = this.#child;
    for (const listener of [...this.#fanout.listeners()]) this.#fanout.remove(listener);
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('close', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
    await exited;
    clearTimeout(timer);
  }
}
