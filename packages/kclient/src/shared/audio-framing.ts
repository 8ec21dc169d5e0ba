/**
 * The binary framing of `{prefix}audio`, shared by the gateway and the
 * browser client (so it uses only `Uint8Array`/`DataView`, never `Buffer`).
 *
 * One WebSocket message carries one Opus packet:
 *
 * ```
 * byte 0     kind: 1 = desktop audio (gateway -> browser), 2 = microphone (browser -> gateway)
 * bytes 1-4  sequence number, unsigned 32-bit big-endian, wrapping
 * bytes 5-   one Opus packet (20 ms, 48 kHz)
 * ```
 *
 * The sequence number lets a receiver count frames lost to a slow link
 * (the gateway drops rather than queues them), which the level of a
 * jitter buffer alone cannot tell apart from silence.
 */

/** The one stream format on the wire. */
export const AUDIO_FORMAT = Object.freeze({
  codec: 'opus',
  sampleRate: 48_000,
  channels: 2,
  frameMs: 20,
} as const);

/** Samples per channel in one 20 ms frame at 48 kHz. */
export const FRAME_SAMPLES = (AUDIO_FORMAT.sampleRate * AUDIO_FORMAT.frameMs) / 1000;

/** Bytes of interleaved s16le stereo PCM in one frame (what parec delivers and pacat takes). */
export const PCM_FRAME_BYTES = FRAME_SAMPLES * AUDIO_FORMAT.channels * 2;

/** Largest Opus packet the format allows (RFC 6716, section 3.4). */
const MAX_OPUS_PACKET_BYTES = 1275;

/** Bytes before the Opus packet. */
const FRAME_HEADER_BYTES = 5;

/** Largest valid binary message. */
export const MAX_FRAME_BYTES = FRAME_HEADER_BYTES + MAX_OPUS_PACKET_BYTES;

/** Which way a frame travels. */
export const FRAME_KIND = Object.freeze({ desktop: 1, mic: 2 } as const);

/** One of the {@link FRAME_KIND} values. */
export type FrameKind = (typeof FRAME_KIND)[keyof typeof FRAME_KIND];

/** A parsed binary message. */
export interface AudioFrame {
  readonly kind: FrameKind;
  readonly seq: number;
  /** The Opus packet; a view into the message, not a copy. */
  readonly payload: Uint8Array;
}

/** Builds one binary message. `seq` is taken modulo 2^32. */
export function encodeFrame(kind: FrameKind, seq: number, payload: Uint8Array): Uint8Array {
  if (payload.length === 0 || payload.length > MAX_OPUS_PACKET_BYTES) {
    throw new RangeError(
      `audio frame: Opus packet of ${payload.length} bytes (expected 1 to ${MAX_OPUS_PACKET_BYTES})`,
    );
  }
  const message = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  const view = new DataView(message.buffer);
  view.setUint8(0, kind);
  view.setUint32(1, seq >>> 0);
  message.set(payload, FRAME_HEADER_BYTES);
  return message;
}

/**
 * Parses one binary message. Returns a problem string instead of throwing,
 * because a bad frame from a browser is that connection's fault and the
 * caller decides whether to drop it or close.
 */
export function decodeFrame(message: Uint8Array): AudioFrame | { readonly problem: string } {
  if (message.length <= FRAME_HEADER_BYTES) {
    return { problem: `frame of ${message.length} bytes (expected more than ${FRAME_HEADER_BYTES})` };
  }
  if (message.length > MAX_FRAME_BYTES) {
    return { problem: `frame of ${message.length} bytes (expected at most ${MAX_FRAME_BYTES})` };
  }
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  const kind = view.getUint8(0);
  if (kind !== FRAME_KIND.desktop && kind !== FRAME_KIND.mic) {
    return { problem: `frame kind ${kind} (expected ${FRAME_KIND.desktop} or ${FRAME_KIND.mic})` };
  }
  return { kind, seq: view.getUint32(1), payload: message.subarray(FRAME_HEADER_BYTES) };
}

/** Frames missing between two sequence numbers, across the 2^32 wrap. */
export function framesLost(previous: number, next: number): number {
  return (next - previous - 1 + 2 ** 32) % 2 ** 32;
}

/**
 * The PulseAudio client flags (parec, pacat) for raw audio in {@link AUDIO_FORMAT}
 * with low latency: without `--latency-msec` a null sink's monitor hands out
 * data in chunks of up to 2 s.
 */
export function pulseRawFormatArgs(): string[] {
  return [
    '--raw',
    '--format=s16le',
    `--rate=${AUDIO_FORMAT.sampleRate}`,
    `--channels=${AUDIO_FORMAT.channels}`,
    '--latency-msec=20',
  ];
}
