/**
 * The AudioWorklet module (built to `audio-worklet.js`, loaded by URL):
 * `helios-playback` plays decoded desktop audio through a jitter buffer and
 * reports its level; `helios-mic-tap` cuts microphone input into 20 ms
 * blocks for the encoder. Both run on the audio rendering thread.
 */
import { JitterBuffer } from './jitter-buffer.ts';
import { meterLevel, rms } from './level-meter.ts';

/** The globals of AudioWorkletGlobalScope, which no TypeScript lib describes. */
interface WorkletScope {
  readonly sampleRate: number;
  readonly AudioWorkletProcessor: new () => { readonly port: MessagePort };
  registerProcessor(
    name: string,
    processor: new (options: {
      processorOptions?: Record<string, number>;
    }) => {
      process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean;
    },
  ): void;
}

const scope = globalThis as unknown as WorkletScope;

/** About every 50 ms (128-sample blocks at 48 kHz). */
const STATS_EVERY_BLOCKS = 19;

/** Messages the playback processor posts to the page. */
export interface PlaybackStats {
  readonly type: 'stats';
  /** 0..1, see level-meter.ts; measured before the mute gain. */
  readonly level: number;
  readonly bufferedMs: number;
  readonly underruns: number;
  readonly droppedMs: number;
}

class PlaybackProcessor extends scope.AudioWorkletProcessor {
  readonly #buffer: JitterBuffer;
  #blocks = 0;
  #peak = 0;

  constructor(options: { processorOptions?: Record<string, number> }) {
    super();
    this.#buffer = new JitterBuffer({
      sampleRate: scope.sampleRate,
      targetMs: options.processorOptions?.targetMs ?? 60,
      maxMs: options.processorOptions?.maxMs ?? 150,
    });
    this.port.onmessage = (event: MessageEvent<{ left: Float32Array; right: Float32Array }>) => {
      this.#buffer.push(event.data.left, event.data.right);
    };
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const channels = outputs[0] ?? [];
    const left = channels[0];
    if (left === undefined) return true;
    const right = channels[1] ?? new Float32Array(left.length);
    this.#buffer.pull(left, right);
    this.#peak = Math.max(this.#peak, meterLevel(rms([left, right])));
    if (++this.#blocks >= STATS_EVERY_BLOCKS) {
      const stats = this.#buffer.stats;
      const ms = (samples: number) => Math.round((samples * 1000) / scope.sampleRate);
      const message: PlaybackStats = {
        type: 'stats',
        level: this.#peak,
        bufferedMs: ms(stats.buffered),
        underruns: stats.underruns,
        droppedMs: ms(stats.dropped),
      };
      this.port.postMessage(message);
      this.#blocks = 0;
      this.#peak = 0;
    }
    return true;
  }
}

/** Mono blocks of `frameSamples` (default 960 = 20 ms at 48 kHz), downmixed from whatever the input has. */
class MicTapProcessor extends scope.AudioWorkletProcessor {
  readonly #block: Float32Array;
  #filled = 0;

  constructor(options: { processorOptions?: Record<string, number> }) {
    super();
    this.#block = new Float32Array(options.processorOptions?.frameSamples ?? 960);
  }

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0] ?? [];
    const first = channels[0];
    if (first === undefined) return true;
    for (let i = 0; i < first.length; i++) {
      let sum = 0;
      for (const channel of channels) sum += channel[i] ?? 0;
      this.#block[this.#filled++] = sum / channels.length;
      if (this.#filled === this.#block.length) {
        const copy = this.#block.slice();
        this.port.postMessage(copy, [copy.buffer]);
        this.#filled = 0;
      }
    }
    return true;
  }
}

scope.registerProcessor('helios-playback', PlaybackProcessor);
scope.registerProcessor('helios-mic-tap', MicTapProcessor);
