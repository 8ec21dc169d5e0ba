/**
 * Decides when to ask the encoder for a keyframe. A joining viewer asks at
 * once (it sees nothing until one comes), unless one is already on its way;
 * a page's own request and a slow viewer's skip are served at most once a
 * second for all viewers together, since every keyframe costs every viewer
 * a burst.
 */
export class KeyframeRequests {
  readonly #minIntervalMs: number;
  #lastAt = Number.NEGATIVE_INFINITY;
  #pending = false;

  /** @param minIntervalMs Least time between throttled requests. @default 1000 */
  constructor(minIntervalMs = 1000) {
    this.#minIntervalMs = minIntervalMs;
  }

  /**
   * Whether to send `keyframe` to the encoder now (ms). `join` is a new
   * viewer waiting for its first picture.
   */
  shouldRequest(now: number, join: boolean): boolean {
    const recent = now - this.#lastAt < this.#minIntervalMs;
    if (recent && (this.#pending || !join)) return false;
    this.#lastAt = now;
    this.#pending = true;
    return true;
  }

  /** Time until a throttled request would be served (0 when it would be now). */
  waitMs(now: number): number {
    return Math.max(0, this.#lastAt + this.#minIntervalMs - now);
  }

  /** A keyframe came out of the encoder. */
  keyframeArrived(): void {
    this.#pending = false;
  }

  /** The encoder (re)started: its first frame is a keyframe, asked for at spawn. */
  restarted(now: number): void {
    this.#lastAt = now;
    this.#pending = true;
  }
}
