import { AUDIO_FORMAT } from '../../shared/audio-framing.ts';
import type { AudioOutput, StatsListener } from './audio-output.ts';
import type { PlaybackStats } from './audio-worklet.ts';
import { OutputBus } from './output-bus.ts';

/** Playout delay the jitter buffer aims for. */
const JITTER_TARGET_MS = 60;
/** Most audio the jitter buffer holds before dropping the oldest. */
const JITTER_MAX_MS = 150;

/**
 * Playback through the `helios-playback` worklet (jitter buffer on the audio
 * rendering thread, immune to a busy page). Loading its module also makes
 * `helios-mic-tap` available to the microphone.
 */
export class WorkletOutput implements AudioOutput {
  readonly kind = 'worklet';
  readonly context: AudioContext;
  readonly #node: AudioWorkletNode;
  readonly #bus: OutputBus;

  private constructor(context: AudioContext, node: AudioWorkletNode) {
    this.context = context;
    this.#node = node;
    this.#bus = new OutputBus(context);
    node.connect(this.#bus.input);
  }

  /** Loads the worklet module next to the page into `context`. */
  static async create(
    context: AudioContext,
    baseUrl: string,
    onStats: StatsListener,
  ): Promise<WorkletOutput> {
    await context.audioWorklet.addModule(new URL('audio-worklet.js', baseUrl).href);
    const node = new AudioWorkletNode(context, 'helios-playback', {
      numberOfInputs: 0,
      numberOfOutputs: 1,
      outputChannelCount: [AUDIO_FORMAT.channels],
      processorOptions: { targetMs: JITTER_TARGET_MS, maxMs: JITTER_MAX_MS },
    });
    node.port.onmessage = (event: MessageEvent<PlaybackStats>) => onStats(event.data);
    return new WorkletOutput(context, node);
  }

  /** The buffers are transferred to the worklet, not copied. */
  play(left: Float32Array, right: Float32Array): void {
    this.#node.port.postMessage({ left, right }, [left.buffer, right.buffer]);
  }

  setMuted(muted: boolean): void {
    this.#bus.setMuted(muted);
  }

  samples(): Float32Array {
    return this.#bus.samples();
  }
}
