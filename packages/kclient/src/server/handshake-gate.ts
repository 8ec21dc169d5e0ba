/**
 * Limits how many connections to the VNC server may be in the RFB
 * handshake at once.
 *
 * Why: TigerVNC's Xvnc counts every connection that has not finished
 * authenticating against its peer address and refuses that address for a
 * while ("Too many security failures") once five are pending or failed. All
 * bridges reach a unix socket from the same address, so twenty viewers (or
 * one reconnect storm after a restart) opening at once would lock everybody
 * out. Queuing connects keeps the pending count below that threshold; a
 * finished handshake clears Xvnc's count.
 */
export class HandshakeGate {
  readonly #limit: number;
  readonly #timeoutMs: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  /**
   * @param limit Handshakes in flight at once. @default 2 (Xvnc's threshold is 5;
   *   abandoned handshakes not yet cleared count too)
   * @param timeoutMs A slot is given back after this long even if the
   *   handshake is still going (a user typing a VNC password). @default 10000
   */
  constructor(limit = 2, timeoutMs = 10_000) {
    this.#limit = limit;
    this.#timeoutMs = timeoutMs;
  }

  /** Handshakes in flight now. */
  get active(): number {
    return this.#active;
  }

  /** Connections waiting for a slot now. */
  get queued(): number {
    return this.#waiting.length;
  }

  /** Waits for a slot; the returned function gives it back (calling it twice is harmless). */
  async acquire(): Promise<() => void> {
    if (this.#active >= this.#limit) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#active++;
    }
    let released = false;
    const timer = setTimeout(() => release(), this.#timeoutMs);
    timer.unref?.();
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      const next = this.#waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays put.
      if (next !== undefined) next();
      else this.#active--;
    };
    return release;
  }
}
