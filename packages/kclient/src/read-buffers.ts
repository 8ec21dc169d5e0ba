/**
 * Buffers for reading from the VNC socket (`net.connect({ onread })`).
 *
 * Why: Node's default is a fresh 64 KiB buffer per read. Reading into
 * larger buffers means fewer reads, frames and writes per byte during a
 * full-screen update, and a buffer that filled well is handed on as is (no
 * copy). A short read (the usual small RFB update) is copied out instead, so
 * it does not pin a large buffer while it waits in the socket queue.
 */
export class ReadBuffers {
  readonly #size: number;
  readonly #copyBelow: number;
  #current: Buffer;

  /**
   * @param size Bytes per read buffer. @default 262144
   * @param copyBelow Reads shorter than this are copied out. @default size / 4
   */
  constructor(size = 256 * 1024, copyBelow = size / 4) {
    this.#size = size;
    this.#copyBelow = copyBelow;
    this.#current = Buffer.allocUnsafeSlow(size);
  }

  /** The buffer the next read goes into. */
  next = (): Buffer => this.#current;

  /** Turns `length` bytes just read into a chunk the caller may keep. */
  take(length: number): Buffer {
    const filled = this.#current.subarray(0, length);
    if (length < this.#copyBelow) return Buffer.from(filled);
    this.#current = Buffer.allocUnsafeSlow(this.#size);
    return filled;
  }
}
