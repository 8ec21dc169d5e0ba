/**
 * Read buffers for the VNC sockets (`net.connect({ onread })`).
 *
 * Why: Node's default is a fresh 64 KiB buffer per read. Reading into
 * larger buffers means fewer reads, frames and writes per byte during a
 * full-screen update, and a buffer that filled well is handed on as is (no
 * copy). A short read (the usual small RFB update) is copied out instead, so
 * it does not pin a large buffer while it waits in the socket queue.
 *
 * A buffer handed on comes back once the WebSocket has written it and serves
 * a later read, of this bridge or another: allocating a buffer per read and
 * collecting it again was a fifth of the bridge's CPU in a profile.
 */

/** Free read buffers shared by every bridge of a process, bounded in bytes. */
export class BufferPool {
  /** Bytes per buffer. */
  readonly size: number;
  readonly #maxFree: number;
  readonly #free: Buffer[] = [];

  /**
   * @param size Bytes per buffer, at least 64 KiB. @default 1048576
   * @param maxFreeBytes Free buffers kept beyond this are left to the GC. @default 8388608
   */
  constructor(size = 1 << 20, maxFreeBytes = 8 << 20) {
    if (!Number.isInteger(size) || size < 65_536) {
      throw new RangeError(`BufferPool size: expected an integer >= 65536, received ${size}`);
    }
    this.size = size;
    this.#maxFree = Math.floor(maxFreeBytes / size);
  }

  /** Free buffers held now. */
  get free(): number {
    return this.#free.length;
  }

  /** A buffer of {@link size} bytes, reused when one is free. */
  get(): Buffer {
    return this.#free.pop() ?? Buffer.allocUnsafeSlow(this.size);
  }

  /** Takes back a buffer nobody reads any more. */
  put(buffer: Buffer): void {
    if (this.#free.length < this.#maxFree && !this.#free.includes(buffer)) this.#free.push(buffer);
  }
}

/** The read buffer of one socket, drawing from a {@link BufferPool}. */
export class ReadBuffers {
  readonly #pool: BufferPool;
  readonly #copyBelow: number;
  /** Buffers whose bytes were handed on as chunks, by their memory. */
  readonly #lent = new Map<ArrayBufferLike, Buffer>();
  #current: Buffer;

  /**
   * @param pool Where buffers come from and go back to. @default a pool of its own
   * @param copyBelow Reads shorter than this are copied out. @default pool.size / 4
   */
  constructor(pool = new BufferPool(), copyBelow = pool.size / 4) {
    this.#pool = pool;
    this.#copyBelow = copyBelow;
    this.#current = pool.get();
  }

  /** The buffer the next read goes into. */
  next = (): Buffer => this.#current;

  /** Turns `length` bytes just read into a chunk the caller may keep until it {@link give}s it back. */
  take(length: number): Buffer {
    const filled = this.#current.subarray(0, length);
    if (length < this.#copyBelow) return Buffer.from(filled);
    this.#lent.set(this.#current.buffer, this.#current);
    this.#current = this.#pool.get();
    return filled;
  }

  /**
   * Returns a chunk from {@link take} once nobody reads its bytes any more
   * (the socket write completed). Copied chunks need no return and are ignored.
   */
  give(chunk: Buffer): void {
    const buffer = this.#lent.get(chunk.buffer);
    if (buffer === undefined) return;
    this.#lent.delete(chunk.buffer);
    this.#pool.put(buffer);
  }

  /** Gives the current buffer back to the pool; call once the socket has closed. */
  release(): void {
    this.#pool.put(this.#current);
  }
}
