import { AUDIO_FORMAT } from '../../shared/audio-framing.ts';
import type { AudioOutput, StatsListener } from './audio-output.ts';
import type { PlaybackStats } from './audio-worklet.ts';
import { meterLevel, rms } from './level-meter.ts';
import { OutputBus } from './output-bus.ts';
import { PlayoutSchedule } from './playout-schedule.ts';

/** Chunks (20 ms each) between two stats reports: about as often as the worklet reports. */
const STATS_EVERY_CHUNKS = 3;

/**
 * Playback without AudioWorklet, for pages that are not a secure context:
 * each decoded chunk becomes an AudioBuffer played by its own
 * AudioBufferSourceNode, started back to back on the audio clock by a
 * {@link PlayoutSchedule} (60 ms ahead, 150 ms at most).
 *
 * Why not a ScriptProcessorNode: it is deprecated, and it fills its buffer
 * on the main thread, so every long noVNC frame update would be a dropout
 * unless its buffer (and so the latency) were large. Scheduled sources are
 * played by the audio thread; the page only has to queue the next chunk
 * within the 60 ms lead.
 */
export class ScheduledOutput implements AudioOutput {
  readonly kind = 'scheduled';
  readonly context: AudioContext;
  readonly #bus: OutputBus;
  readonly #schedule = new PlayoutSchedule();
  readonly #onStats: StatsListener;
  #chunks = 0;
  #peak = 0;

  constructor(context: AudioContext, onStats: StatsListener) {
    this.context = context;
    this.#bus = new OutputBus(context);
    this.#onStats = onStats;
  }

  play(left: Float32Array, right: Float32Array): void {
    const frames = left.length;
    if (frames === 0) return;
    const now = this.context.currentTime;
    const decision = this.#schedule.place(now, frames / AUDIO_FORMAT.sampleRate);
    if (decision.play) {
      // A buffer at 48 kHz plays right whatever rate the context got; Web Audio resamples it.
      const buffer = new AudioBuffer({
        numberOfChannels: 2,
        length: frames,
        sampleRate: AUDIO_FORMAT.sampleRate,
      });
      buffer.copyToChannel(left as Float32Array<ArrayBuffer>, 0);
      buffer.copyToChannel(right as Float32Array<ArrayBuffer>, 1);
      const source = new AudioBufferSourceNode(this.context, { buffer });
      source.connect(this.#bus.input);
      source.start(decision.at);
      this.#peak = Math.max(this.#peak, meterLevel(rms([left, right])));
    }
    if (++this.#chunks >= STATS_EVERY_CHUNKS) {
      const stats: PlaybackStats = { type: 'stats', level: this.#peak, ...this.#schedule.stats(now) };
      this.#onStats(stats);
      this.#chunks = 0;
      this.#peak = 0;
    }
  }

  setMuted(muted: boolean): void {
    this.#bus.setMuted(muted);
  }

  samples(): Float32Array {
    return this.#bus.samples();
  }
}
