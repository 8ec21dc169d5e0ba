import { type ChildProcess, spawn } from 'node:child_process';
import { PCM_FRAME_BYTES, pulseRawFormatArgs } from '../../shared/audio-framing.ts';
import type { MicState } from '../../shared/audio-messages.ts';
import type { OpusDecoder } from '../../shared/opus-wasm.ts';
import type { AudioConfig } from '../config/gateway-config.ts';
import type { AudioLog } from './audio-log.ts';
import { loadOpus } from './opus-loader.ts';

/** `pacat` arguments that play raw 48 kHz stereo into `sink`. */
export function pacatArgs(sink: string): string[] {
  return ['--playback', ...pulseRawFormatArgs(), '-d', sink];
}

/** PCM queued for pacat beyond which microphone frames are dropped: 10 frames, 200 ms. */
const MAX_QUEUED_BYTES = 10 * PCM_FRAME_BYTES;

/**
 * The one microphone slot. The first connection that asks holds it until it
 * gives it back or closes; another one asking meanwhile hears `busy` and its
 * frames are dropped (two people talking into one virtual microphone at once
 * would need a mixer, and who speaks should be a visible choice). While held,
 * Opus frames are decoded and written to one `pacat` into the mic sink, whose
 * monitor feeds the virtual source desktop programs record from.
 */
export class MicChannel<Owner> {
  readonly #config: AudioConfig;
  readonly #log: AudioLog;
  /** Tells a holder it lost the slot because pacat died. */
  readonly #onLost: (owner: Owner, reason: string) => void;
  #holder: Owner | undefined;
  #child: ChildProcess | undefined;
  #decoder: OpusDecoder | undefined;
  /** Frames written to pacat, and dropped (pacat behind, or not the holder). */
  readonly stats = { written: 0, dropped: 0 };

  constructor(config: AudioConfig, log: AudioLog, onLost: (owner: Owner, reason: string) => void) {
    this.#config = config;
    this.#log = log;
    this.#onLost = onLost;
  }

  get holder(): Owner | undefined {
    return this.#holder;
  }

  /** Asks for the slot. */
  async claim(owner: Owner): Promise<MicState> {
    if (this.#holder === owner) return 'on';
    if (this.#holder !== undefined) return 'busy';
    this.#holder = owner;
    try {
      this.#decoder = (await loadOpus()).createDecoder();
    } catch (error) {
      this.#holder = undefined;
      this.#log.warn({ err: String(error) }, 'audio: no Opus decoder for the microphone');
      return 'failed';
    }
    if (this.#holder !== owner) {
      // Released while the codec loaded.
      this.#decoder.free();
      this.#decoder = undefined;
      return 'off';
    }
    const child = spawn('pacat', pacatArgs(this.#config.micSink), {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    this.#child = child;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-500);
    });
    // EPIPE when pacat dies mid-write; 'close' below reports it.
    child.stdin?.on('error', () => {});
    child.once('error', (error) => {
      stderr += String(error);
    });
    child.once('close', (code, signal) => {
      if (this.#child !== child) return;
      const reason = stderr.trim() || `pacat exit ${code ?? signal}`;
      this.#log.warn({ reason }, 'audio: microphone playback ended');
      this.#teardown();
      this.#onLost(owner, reason);
    });
    return 'on';
  }

  /** Plays one Opus packet from `owner`, if it holds the slot and pacat keeps up. */
  write(owner: Owner, packet: Uint8Array): void {
    const stdin = this.#child?.stdin;
    if (this.#holder !== owner || this.#decoder === undefined || stdin == null) {
      this.stats.dropped++;
      return;
    }
    if (stdin.writableLength > MAX_QUEUED_BYTES) {
      this.stats.dropped++;
      return;
    }
    let pcm: Int16Array;
    try {
      pcm = this.#decoder.decode(packet);
    } catch {
      // A corrupt packet costs 20 ms of silence, not the connection.
      this.stats.dropped++;
      return;
    }
    stdin.write(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength));
    this.stats.written++;
  }

  /** Gives the slot back (no-op when `owner` does not hold it). */
  release(owner: Owner): void {
    if (this.#holder !== owner) return;
    const child = this.#child;
    this.#teardown();
    if (child !== undefined) {
      // pacat plays what it has, then exits on end of input.
      child.stdin?.end();
      setTimeout(() => child.kill('SIGTERM'), 1000).unref();
    }
  }

  #teardown(): void {
    this.#holder = undefined;
    this.#child = undefined;
    this.#decoder?.free();
    this.#decoder = undefined;
  }
}
