/** Settings of a {@link JitterBuffer}. */
export interface JitterBufferOptions {
  /** Samples per second per channel. */
  readonly sampleRate: number;
  /** Audio held before playback starts, and kept after dropping. @default 60 */
  readonly targetMs?: number;
  /** Most audio held; beyond it the oldest is dropped back down to the target. @default 150 */
  readonly maxMs?: number;
}

/** What a {@link JitterBuffer} has done so far. */
export interface JitterStats {
  /** Samples per channel waiting to be played. */
  readonly buffered: number;
  /** Times playback ran dry and went back to buffering. */
  readonly underruns: number;
  /** Samples per channel thrown away because too much was waiting. */
  readonly dropped: number;
  /** False while (re)filling up to the target. */
  readonly playing: boolean;
}

/**
 * A stereo playout buffer between network arrival and the audio clock.
 * It waits for `targetMs` before playing (absorbing arrival jitter), plays
 * silence and refills to the target when it runs dry, and when a burst
 * pushes it past `maxMs` it drops the oldest audio down to the target:
 * latency stays bounded, and the sound after a stall is current.
 * Pure: no Web Audio here, so it is unit-tested in Node and run in the worklet.
 */
export class JitterBuffer {
  readonly #left: Float32Array;
  readonly #right: Float32Array;
  readonly #target: number;
  readonly #max: number;
  #read = 0;
  #size = 0;
  #playing = false;
  #underruns = 0;
  #dropped = 0;

  constructor({ sampleRate, targetMs = 60, maxMs = 150 }: JitterBufferOptions) {
    this.#target = Math.round((sampleRate * targetMs) / 1000);
    this.#max = Math.max(this.#target, Math.round((sampleRate * maxMs) / 1000));
    this.#left = new Float32Array(this.#max);
    this.#right = new Float32Array(this.#max);
  }

  get stats(): JitterStats {
    return {
      buffered: this.#size,
      underruns: this.#underruns,
      dropped: this.#dropped,
      playing: this.#playing,
    };
  }

  /** Appends decoded audio (same length on both channels). */
  push(left: Float32Array, right: Float32Array): void {
    let from = 0;
    let count = left.length;
    if (count > this.#max) {
      // More than the whole buffer at once: only its newest part can matter.
      this.#dropSamples(count - this.#max, true);
      from = count - this.#max;
      count = this.#max;
    }
    if (this.#size + count > this.#max) this.#dropSamples(this.#size + count - this.#target, false);
    let write = (this.#read + this.#size) % this.#max;
    for (let i = from; i < from + count; i++) {
      this.#left[write] = left[i] ?? 0;
      this.#right[write] = right[i] ?? 0;
      write = write + 1 === this.#max ? 0 : write + 1;
    }
    this.#size += count;
  }

  /** Fills both outputs with the next samples, or silence while buffering. Returns false for silence. */
  pull(left: Float32Array, right: Float32Array): boolean {
    const wanted = left.length;
    if (!this.#playing) {
      if (this.#size < this.#target) {
        left.fill(0);
        right.fill(0);
        return false;
      }
      this.#playing = true;
    }
    const available = Math.min(wanted, this.#size);
    for (let i = 0; i < available; i++) {
      left[i] = this.#left[this.#read] ?? 0;
      right[i] = this.#right[this.#read] ?? 0;
      this.#read = this.#read + 1 === this.#max ? 0 : this.#read + 1;
    }
    this.#size -= available;
    if (available < wanted) {
      left.fill(0, available);
      right.fill(0, available);
      this.#underruns++;
      this.#playing = false;
    }
    return available > 0;
  }

  /** Drops `count` samples: the oldest held ones, or (`incoming`) ones never stored. */
  #dropSamples(count: number, incoming: boolean): void {
    if (!incoming) {
      const held = Math.min(count, this.#size);
      this.#read = (this.#read + held) % this.#max;
      this.#size -= held;
    }
    this.#dropped += count;
  }
}
