import { VideoEncoderError } from './video-errors.ts';

/**
 * The records `helios-video-encoder` writes on stdout (docs/video-transport.md
 * §1), turned into the frame messages the gateway sends to pages (§2).
 *
 * A record is a 21-byte big-endian header (payload length, flags, width,
 * height, frame number, capture time) and an H.264 access unit. The page's
 * message keeps everything but the length and adds a type byte, so record
 * bytes 4.. are copied once, behind that byte, into the one buffer every
 * viewer is sent.
 */

/** Size of a record header on the encoder's stdout. */
const RECORD_HEADER_BYTES = 21;

/** Size of a frame message header towards the page. */
export const FRAME_HEADER_BYTES = 18;

/** Type byte of a frame message (the only binary message of `{prefix}video`). */
const FRAME_MESSAGE_TYPE = 1;

/** Flags bit of a keyframe (IDR), in records and frame messages alike. */
const KEYFRAME_FLAG = 0x01;

/**
 * Largest access unit accepted. A 4K IDR at the highest bit rate stays far
 * below; a larger length means the stream is not what we think it is.
 * @default 32 MiB
 */
export const MAX_PAYLOAD_BYTES = 32 << 20;

/** One encoded frame, ready to send. */
export interface EncodedFrame {
  readonly keyframe: boolean;
  readonly width: number;
  readonly height: number;
  readonly frameNumber: number;
  /** Capture time, µs since the Unix epoch (safe as a number until the year 2255). */
  readonly captureUs: number;
  /** The frame message for pages: type byte, flags … capture time, access unit. */
  readonly message: Buffer;
}

/**
 * Incremental parser of the encoder's stdout: feed it chunks as they arrive,
 * get back the frames completed by each one. Keeps at most one partial
 * record.
 */
export class EncoderFraming {
  readonly #chunks: Buffer[] = [];
  #buffered = 0;

  /** Bytes held back waiting for the rest of a record. */
  get buffered(): number {
    return this.#buffered;
  }

  /**
   * Adds a chunk and returns every record it completed.
   * @throws {VideoEncoderError} `HELIOS_KCLIENT_VIDEO_ENCODER` when a record announces more than {@link MAX_PAYLOAD_BYTES}.
   */
  push(chunk: Buffer): EncodedFrame[] {
    if (chunk.length > 0) {
      this.#chunks.push(chunk);
      this.#buffered += chunk.length;
    }
    const frames: EncodedFrame[] = [];
    while (this.#buffered >= RECORD_HEADER_BYTES) {
      const length = this.#peekLength();
      if (length > MAX_PAYLOAD_BYTES) {
        throw new VideoEncoderError(
          `encoder record of ${length} bytes (expected at most ${MAX_PAYLOAD_BYTES}): not a helios-video-encoder stream`,
        );
      }
      if (this.#buffered < RECORD_HEADER_BYTES + length) break;
      // Record bytes 4.. land behind the message's type byte.
      const message = Buffer.allocUnsafe(1 + RECORD_HEADER_BYTES - 4 + length);
      message[0] = FRAME_MESSAGE_TYPE;
      this.#take(4, undefined);
      this.#take(RECORD_HEADER_BYTES - 4 + length, message.subarray(1));
      frames.push(frameOf(message));
    }
    return frames;
  }

  /** Forgets a partial record (the encoder was restarted). */
  reset(): void {
    this.#chunks.length = 0;
    this.#buffered = 0;
  }

  #peekLength(): number {
    const first = this.#chunks[0] as Buffer;
    if (first.length >= 4) return first.readUInt32BE(0);
    const head = Buffer.alloc(4);
    let filled = 0;
    for (const chunk of this.#chunks) {
      filled += chunk.copy(head, filled, 0, Math.min(chunk.length, 4 - filled));
      if (filled === 4) break;
    }
    return head.readUInt32BE(0);
  }

  /** Removes `count` bytes from the front, copying them into `target` when given. */
  #take(count: number, target: Buffer | undefined): void {
    let done = 0;
    while (done < count) {
      const chunk = this.#chunks[0] as Buffer;
      const n = Math.min(chunk.length, count - done);
      if (target !== undefined) chunk.copy(target, done, 0, n);
      done += n;
      if (n === chunk.length) this.#chunks.shift();
      else this.#chunks[0] = chunk.subarray(n);
    }
    this.#buffered -= count;
  }
}

/** Reads the header fields back out of a frame message. */
function frameOf(message: Buffer): EncodedFrame {
  return {
    keyframe: ((message[1] as number) & KEYFRAME_FLAG) !== 0,
    width: message.readUInt16BE(2),
    height: message.readUInt16BE(4),
    frameNumber: message.readUInt32BE(6),
    captureUs: Number(message.readBigUInt64BE(10)),
    message,
  };
}

/** Fields of one record, for {@link encodeRecord}. */
export interface RecordFields {
  readonly keyframe: boolean;
  readonly width: number;
  readonly height: number;
  readonly frameNumber: number;
  readonly captureUs: number;
  readonly payload: Uint8Array;
}

/** Writes one record as the encoder does (tests and fakes of the encoder). */
export function encodeRecord(fields: RecordFields): Buffer {
  const record = Buffer.alloc(RECORD_HEADER_BYTES + fields.payload.length);
  record.writeUInt32BE(fields.payload.length, 0);
  record[4] = fields.keyframe ? KEYFRAME_FLAG : 0;
  record.writeUInt16BE(fields.width, 5);
  record.writeUInt16BE(fields.height, 7);
  record.writeUInt32BE(fields.frameNumber >>> 0, 9);
  record.writeBigUInt64BE(BigInt(fields.captureUs), 13);
  record.set(fields.payload, RECORD_HEADER_BYTES);
  return record;
}
