/**
 * Brute-force brake for the gateway's auth: a client (by address) that sends
 * `maxFailures` wrong credentials within `windowMs` is refused (429) until the
 * oldest of those failures leaves the window. Pure: the caller passes the
 * time, so tests need no clock.
 */
export class AuthThrottle {
  readonly #maxFailures: number;
  readonly #windowMs: number;
  readonly #maxClients: number;
  /** Failure times per client, oldest first; Map order doubles as least-recently-failed order. */
  readonly #failures = new Map<string, number[]>();

  /**
   * @param maxFailures Wrong attempts allowed per window; 0 turns the brake off.
   * @param windowMs Length of the sliding window. @default 60000
   * @param maxClients Clients remembered at most; the longest quiet is forgotten first. @default 10000
   */
  constructor(maxFailures: number, windowMs = 60_000, maxClients = 10_000) {
    this.#maxFailures = maxFailures;
    this.#windowMs = windowMs;
    this.#maxClients = maxClients;
  }

  /** Milliseconds `client` must still wait, or 0 when it may try. */
  retryAfterMs(client: string, now: number): number {
    if (this.#maxFailures === 0) return 0;
    const times = this.#recent(client, now);
    if (times.length < this.#maxFailures) return 0;
    return (times[times.length - this.#maxFailures] as number) + this.#windowMs - now;
  }

  /**
   * Records one answer to a request that `offered` credentials (one that did
   * not is no attempt): right ones reset the client, wrong ones count.
   * Returns true when this answer closed the door (log it once).
   */
  record(client: string, offered: boolean, allowed: boolean, now: number): boolean {
    if (!offered) return false;
    if (!allowed) return this.fail(client, now);
    this.succeed(client);
    return false;
  }

  /** Records a wrong attempt; returns true when this one closed the door (log it once). */
  fail(client: string, now: number): boolean {
    if (this.#maxFailures === 0) return false;
    const times = this.#recent(client, now);
    times.push(now);
    // Re-insert so the Map stays ordered by last failure.
    this.#failures.delete(client);
    this.#failures.set(client, times.slice(-this.#maxFailures));
    if (this.#failures.size > this.#maxClients) {
      const oldest = this.#failures.keys().next().value;
      if (oldest !== undefined) this.#failures.delete(oldest);
    }
    return times.length === this.#maxFailures;
  }

  /** A right answer: forget the client's failures. */
  succeed(client: string): void {
    this.#failures.delete(client);
  }

  #recent(client: string, now: number): number[] {
    const times = (this.#failures.get(client) ?? []).filter((t) => now - t < this.#windowMs);
    if (times.length === 0) this.#failures.delete(client);
    return times;
  }
}
