/** What the fan-out needs from one listener (a WebSocket, or a fake in tests). */
export interface FanoutTarget {
  /** Bytes queued for this listener and not yet handed to the network. */
  readonly bufferedAmount: number;
  send(message: Uint8Array): void;
}

/** Per-listener counters kept by {@link AudioFanout}. */
export interface FanoutStats {
  sent: number;
  dropped: number;
}

/**
 * Sends each encoded frame to every listener, once encoded for all of them.
 * A listener whose queue already holds more than `maxBufferedBytes` misses
 * the frame instead of queueing it: memory stays bounded and a slow link
 * hears a gap, then current audio, never an ever-growing delay.
 */
export class AudioFanout<T extends FanoutTarget> {
  readonly #listeners = new Map<T, FanoutStats>();
  readonly #maxBufferedBytes: number;

  /** @param maxBufferedBytes Queue limit per listener. @default 8192 (about 0.5 s at 128 kbit/s) */
  constructor(maxBufferedBytes = 8192) {
    this.#maxBufferedBytes = maxBufferedBytes;
  }

  get size(): number {
    return this.#listeners.size;
  }

  /** Adds a listener; returns true when it is the first one (time to start capturing). */
  add(listener: T): boolean {
    if (this.#listeners.has(listener)) return false;
    this.#listeners.set(listener, { sent: 0, dropped: 0 });
    return this.#listeners.size === 1;
  }

  /** Removes a listener; returns true when it was the last one (time to stop capturing). */
  remove(listener: T): boolean {
    return this.#listeners.delete(listener) && this.#listeners.size === 0;
  }

  listeners(): IterableIterator<T> {
    return this.#listeners.keys();
  }

  has(listener: T): boolean {
    return this.#listeners.has(listener);
  }

  stats(listener: T): Readonly<FanoutStats> | undefined {
    return this.#listeners.get(listener);
  }

  /** Offers one frame to every listener; returns how many got it and how many missed it. */
  broadcast(message: Uint8Array): { sent: number; dropped: number } {
    let sent = 0;
    let dropped = 0;
    for (const [listener, stats] of this.#listeners) {
      if (listener.bufferedAmount + message.length > this.#maxBufferedBytes) {
        stats.dropped++;
        dropped++;
        continue;
      }
      listener.send(message);
      stats.sent++;
      sent++;
    }
    return { sent, dropped };
  }
}
