/** Whether the desktop is in use. */
export type IdleState = 'active' | 'idle';

/** Options of {@link IdleWatch}. */
export interface IdleWatchOptions {
  /** Time without input after which the desktop is idle. */
  readonly periodMs: number;
  /** Time (ms since the epoch) of the newest input, or undefined when there was none yet. */
  readonly lastActivity: () => number | undefined;
  /** Runs once per idle period. */
  readonly onIdle: () => void;
  /** The clock. @default Date.now */
  readonly now?: () => number;
}

/**
 * Idle detection without polling: one timer for the end of the idle period
 * after the newest input; when it fires the input time is read again and the
 * timer re-armed if there was input meanwhile. Once idle, nothing runs until
 * {@link IdleWatch.activity} reports input (an inotify event on the activity
 * file), which re-arms it.
 */
export class IdleWatch {
  readonly #options: IdleWatchOptions;
  readonly #now: () => number;
  #state: IdleState = 'active';
  #since = 0;
  #idleAt = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: IdleWatchOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Current state. */
  get state(): IdleState {
    return this.#state;
  }

  /** Arms the first timer; boot counts as the last input until there is a real one. */
  start(): void {
    this.#since = this.#now();
    this.#arm();
  }

  /** Stops the timer for good. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Input may have happened (the activity file changed): leave idle if it is newer than the idle moment. */
  activity(): void {
    if (this.#state !== 'idle') return;
    const last = this.#options.lastActivity();
    if (last === undefined || last <= this.#idleAt) return;
    this.#state = 'active';
    this.#arm();
  }

  #newest(): number {
    return Math.max(this.#options.lastActivity() ?? 0, this.#since);
  }

  #arm(): void {
    clearTimeout(this.#timer);
    const due = this.#newest() + this.#options.periodMs;
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, due - this.#now()));
  }

  #fire(): void {
    this.#timer = undefined;
    const now = this.#now();
    if (now - this.#newest() < this.#options.periodMs) {
      this.#arm();
      return;
    }
    this.#state = 'idle';
    this.#idleAt = now;
    this.#options.onIdle();
  }
}
