/** Settings of a {@link PlayoutSchedule}. */
export interface PlayoutScheduleOptions {
  /** Lead over the audio clock to aim for when playback (re)starts. @default 60 */
  readonly targetMs?: number;
  /** Most lead allowed; beyond it arriving audio is dropped back down to the target. @default 150 */
  readonly maxMs?: number;
  /**
   * Least lead a chunk may be scheduled with; less means the queue ran dry.
   * A start time the audio thread has already passed would cut the chunk.
   * @default 10
   */
  readonly guardMs?: number;
}

/** Where an arriving chunk goes: a start time on the audio clock, or nowhere. */
export type PlayoutDecision = { readonly play: true; readonly at: number } | { readonly play: false };

/** What a {@link PlayoutSchedule} has done so far. */
export interface PlayoutStats {
  /** Audio scheduled ahead of the clock. */
  readonly bufferedMs: number;
  /** Times the queue ran dry and playback restarted at the target lead. */
  readonly underruns: number;
  /** Audio thrown away because too much was queued. */
  readonly droppedMs: number;
}

/**
 * The jitter buffer of playback without an AudioWorklet: decoded chunks are
 * scheduled back to back on the audio clock (AudioBufferSourceNode.start(at)),
 * `targetMs` ahead of it. When the queue runs dry it restarts at the target
 * (an underrun); when a burst pushes the lead past `maxMs`, arriving chunks
 * are dropped until the lead is back at the target. Same policy as
 * {@link JitterBuffer}, except that the newest audio is dropped, because
 * scheduled chunks cannot be taken back. Pure: times in seconds, unit-tested.
 */
export class PlayoutSchedule {
  readonly #target: number;
  readonly #max: number;
  readonly #guard: number;
  #next: number | undefined;
  #draining = false;
  #underruns = 0;
  #dropped = 0;

  constructor({ targetMs = 60, maxMs = 150, guardMs = 10 }: PlayoutScheduleOptions = {}) {
    this.#target = targetMs / 1000;
    this.#max = Math.max(targetMs, maxMs) / 1000;
    this.#guard = Math.min(guardMs, targetMs) / 1000;
  }

  /** Decides where a chunk of `seconds` that arrives when the audio clock reads `now` plays. */
  place(now: number, seconds: number): PlayoutDecision {
    if (this.#next === undefined || this.#next < now + this.#guard) {
      if (this.#next !== undefined) this.#underruns++;
      this.#next = now + this.#target;
      this.#draining = false;
    }
    const lead = this.#next - now;
    if (lead + seconds > this.#max + 1e-9) this.#draining = true;
    if (this.#draining) {
      if (lead > this.#target + 1e-9) {
        this.#dropped += seconds;
        return { play: false };
      }
      this.#draining = false;
    }
    const at = this.#next;
    this.#next += seconds;
    return { play: true, at };
  }

  /** Statistics as of the audio clock reading `now`. */
  stats(now: number): PlayoutStats {
    const lead = this.#next === undefined ? 0 : Math.max(0, this.#next - now);
    return {
      bufferedMs: Math.round(lead * 1000),
      underruns: this.#underruns,
      droppedMs: Math.round(this.#dropped * 1000),
    };
  }
}
