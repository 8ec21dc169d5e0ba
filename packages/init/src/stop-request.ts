/** Why helios-init is stopping. */
export type StopReason =
  | { readonly kind: 'signal'; readonly signal: NodeJS.Signals }
  | { readonly kind: 'fatal'; readonly error: Error };

/** Signals that ask for an orderly stop (docker stop, kubectl delete, Ctrl-C). */
const STOP_SIGNALS: readonly NodeJS.Signals[] = Object.freeze(['SIGTERM', 'SIGINT']);

/**
 * The one place a stop is requested: the first request wins and starts the
 * orderly stop, a second stop signal asks to force it.
 */
export class StopRequest {
  readonly #waiting: Promise<StopReason>;
  #resolve!: (reason: StopReason) => void;
  #reason: StopReason | undefined;
  #onForce: ((signal: NodeJS.Signals) => void) | undefined;
  #keepAlive: NodeJS.Timeout | undefined;
  readonly #handler = (signal: NodeJS.Signals) => this.#onSignal(signal);

  constructor() {
    this.#waiting = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  /** The first reason, once there is one. */
  get reason(): StopReason | undefined {
    return this.#reason;
  }

  /** Settles with the first reason. */
  get requested(): Promise<StopReason> {
    return this.#waiting;
  }

  /** Starts listening for stop signals. Without a listener a Node PID 1 ignores SIGTERM. */
  listen(): void {
    for (const signal of STOP_SIGNALS) process.on(signal, this.#handler);
    // Signal listeners do not keep Node's loop alive: with nothing else to do
    // (no services, idle hooks done) PID 1 would simply exit.
    this.#keepAlive = setInterval(() => {}, 2 ** 31 - 1);
  }

  /** Stops listening. */
  close(): void {
    for (const signal of STOP_SIGNALS) process.off(signal, this.#handler);
    clearInterval(this.#keepAlive);
  }

  /** What to do on a stop signal that arrives while already stopping. */
  onForce(handler: (signal: NodeJS.Signals) => void): void {
    this.#onForce = handler;
  }

  /** Requests a stop; later requests are ignored. */
  request(reason: StopReason): void {
    if (this.#reason) return;
    this.#reason = reason;
    this.#resolve(reason);
  }

  #onSignal(signal: NodeJS.Signals): void {
    if (this.#reason) {
      this.#onForce?.(signal);
      return;
    }
    this.request({ kind: 'signal', signal });
  }
}
