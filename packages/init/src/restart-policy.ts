import type { RestartPolicy } from './service-spec.ts';

/** What to do after a service failed. */
export type RestartVerdict =
  /** Start it again after `delayMs`. */
  | { readonly action: 'restart'; readonly delayMs: number }
  /** Too many failed starts within the window: mark it failed. */
  | { readonly action: 'give-up'; readonly failures: number; readonly windowMs: number };

/** How long a ready run must last before its end no longer counts as a failed start. */
export const PROVEN_RUN_MS = 2_000;

/**
 * Capped exponential backoff with a failure rate limit, for one service.
 * Pure: the caller passes the time, so tests need no clock.
 *
 * Only failed starts count towards giving up: runs that never passed their
 * readiness check, or died within {@link PROVEN_RUN_MS} of starting (a
 * service without a readiness check is ready at once). That is a service
 * that cannot work, and restarting it forever would hide it. A service that
 * was ready and ran for a while before it died (killed, out of memory, a
 * crash under load) is restarted with backoff however often it happens: it
 * has shown it works, and giving up would stop the container for a fault a
 * restart repairs (the chaos benchmark kills services every 5-20 s and the
 * desktop must come back every time).
 */
export class RestartTracker {
  readonly #policy: RestartPolicy;
  #consecutive = 0;
  #failureTimes: number[] = [];

  constructor(policy: RestartPolicy) {
    this.#policy = policy;
  }

  /**
   * Records a failure at `now` (ms) after the run lasted `uptimeMs` (and
   * had become ready, or not), and says whether to restart and after how long.
   */
  recordFailure(now: number, uptimeMs: number, wasReady = false): RestartVerdict {
    const { initialDelayMs, maxDelayMs, stableAfterMs, maxFailures, windowMs } = this.#policy;
    // A run that stayed up long enough proves the service works; start the
    // backoff over so one crash a day does not wait the capped delay.
    if (uptimeMs >= stableAfterMs) this.#consecutive = 0;
    this.#consecutive += 1;
    this.#failureTimes = this.#failureTimes.filter((time) => time > now - windowMs);
    const failedStart = !wasReady || uptimeMs < PROVEN_RUN_MS;
    if (failedStart) this.#failureTimes.push(now);
    if (failedStart && this.#failureTimes.length >= maxFailures) {
      return { action: 'give-up', failures: this.#failureTimes.length, windowMs };
    }
    const delayMs = Math.min(initialDelayMs * 2 ** (this.#consecutive - 1), maxDelayMs);
    return { action: 'restart', delayMs };
  }
}
