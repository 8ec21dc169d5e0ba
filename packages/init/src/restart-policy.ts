import type { RestartPolicy } from './service-spec.ts';

/** What to do after a service failed. */
export type RestartVerdict =
  /** Start it again after `delayMs`. */
  | { readonly action: 'restart'; readonly delayMs: number }
  /** Too many failures within the window: mark it failed. */
  | { readonly action: 'give-up'; readonly failures: number; readonly windowMs: number };

/**
 * Capped exponential backoff with a failure rate limit, for one service.
 * Pure: the caller passes the time, so tests need no clock.
 */
export class RestartTracker {
  readonly #policy: RestartPolicy;
  #consecutive = 0;
  #failureTimes: number[] = [];

  constructor(policy: RestartPolicy) {
    this.#policy = policy;
  }

  /**
   * Records a failure at `now` (ms) after the run lasted `uptimeMs`, and
   * says whether to restart and after how long.
   */
  recordFailure(now: number, uptimeMs: number): RestartVerdict {
    const { initialDelayMs, maxDelayMs, stableAfterMs, maxFailures, windowMs } = this.#policy;
    // A run that stayed up long enough proves the service works; start the
    // backoff over so one crash a day does not wait the capped delay.
    if (uptimeMs >= stableAfterMs) this.#consecutive = 0;
    this.#consecutive += 1;
    this.#failureTimes = this.#failureTimes.filter((time) => time > now - windowMs);
    this.#failureTimes.push(now);
    if (this.#failureTimes.length >= maxFailures) {
      return { action: 'give-up', failures: this.#failureTimes.length, windowMs };
    }
    const delayMs = Math.min(initialDelayMs * 2 ** (this.#consecutive - 1), maxDelayMs);
    return { action: 'restart', delayMs };
  }
}
