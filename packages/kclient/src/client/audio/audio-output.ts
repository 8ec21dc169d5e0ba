import { AUDIO_FORMAT } from '../../shared/audio-framing.ts';
import type { PlaybackStats } from './audio-worklet.ts';

/** Playout delay the jitter buffer aims for. */
const JITTER_TARGET_MS = 60;
/** Most audio the jitter buffer holds before dropping the oldest. */
const JITTER_MAX_MS = 150;

/**
 * The Web Audio side of playback: an AudioContext at 48 kHz, the
 * `helios-playback` worklet (jitter buffer), a mute gain, and an analyser
 * that reads the signal before the mute (tests and automation use it).
 */
export class AudioOutput {
  readonly context: AudioContext;
  readonly #node: AudioWorkletNode;
  readonly #gain: GainNode;
  readonly #analyser: AnalyserNode;

  private constructor(context: AudioContext, node: AudioWorkletNode) {
    this.context = context;
    this.#node = node;
    this.#gain = context.createGain();
    this.#analyser = context.createAnalyser();
    this.#analyser.fftSize = 8192;
    node.connect(this.#gain).connect(context.destination);
    node.connect(this.#analyser);
  }

  /** Creates the context and loads the worklet module next to the page. */
  static async create(baseUrl: string, onStats: (stats: PlaybackStats) => void): Promise<AudioOutput> {
    const context = new AudioContext({ sampleRate: AUDIO_FORMAT.sampleRate, latencyHint: 'interactive' });
    await context.audioWorklet.addModule(new URL('audio-worklet.js', baseUrl).href);
    const node = new AudioWorkletNode(context, 'helios-playback', {
      numberOfInputs: 0,
      numberOfOutputs: 1,
      outputChannelCount: [AUDIO_FORMAT.channels],
      processorOptions: { targetMs: JITTER_TARGET_MS, maxMs: JITTER_MAX_MS },
    });
    node.port.onmessage = (event: MessageEvent<PlaybackStats>) => onStats(event.data);
    return new AudioOutput(context, node);
  }

  /** Queues decoded audio; the buffers are transferred, not copied. */
  play(left: Float32Array, right: Float32Array): void {
    this.#node.port.postMessage({ left, right }, [left.buffer, right.buffer]);
  }

  set muted(muted: boolean) {
    this.#gain.gain.value = muted ? 0 : 1;
  }

  /** The last ~170 ms of played samples (mono mix, before the mute). */
  samples(): Float32Array {
    const samples = new Float32Array(this.#analyser.fftSize);
    this.#analyser.getFloatTimeDomainData(samples);
    return samples;
  }
}
