/**
 * Cuts a byte stream of PCM (parec's stdout arrives in chunks of any size)
 * into frames of exactly `frameBytes`, which is what an Opus encoder takes.
 */
export class PcmFramer {
  readonly #frameBytes: number;
  readonly #pending: Uint8Array;
  #filled = 0;

  /** @param frameBytes Bytes per frame; 3840 is 20 ms of 48 kHz s16 stereo. */
  constructor(frameBytes: number) {
    if (!Number.isInteger(frameBytes) || frameBytes <= 0 || frameBytes % 4 !== 0) {
      throw new RangeError(`PcmFramer: frame of ${frameBytes} bytes (expected a positive multiple of 4)`);
    }
    this.#frameBytes = frameBytes;
    this.#pending = new Uint8Array(frameBytes);
  }

  /** Bytes held back until the next frame completes. */
  get pendingBytes(): number {
    return this.#filled;
  }

  /** Adds a chunk; returns the frames it completed (each a new Int16Array of one frame). */
  push(chunk: Uint8Array): Int16Array[] {
    const frames: Int16Array[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(this.#frameBytes - this.#filled, chunk.length - offset);
      this.#pending.set(chunk.subarray(offset, offset + take), this.#filled);
      this.#filled += take;
      offset += take;
      if (this.#filled === this.#frameBytes) {
        // A copy: the pending buffer is reused for the next frame. Int16 views
        // need an aligned buffer, which a fresh copy always has.
        frames.push(new Int16Array(this.#pending.slice().buffer));
        this.#filled = 0;
      }
    }
    return frames;
  }

  /** Forgets a partial frame (after the capture restarts). */
  reset(): void {
    this.#filled = 0;
  }
}
