/**
 * The messages of `{prefix}video` as the page sees them
 * (docs/video-transport.md, section 2): binary frames and JSON status from
 * the gateway, JSON keyframe requests and reports to it.
 */

/** Bytes before the H.264 access unit in a frame message. */
const FRAME_HEADER_BYTES = 18;

/** Message type byte of a frame. */
const MESSAGE_TYPE_FRAME = 1;

/** One encoded frame, as the gateway sends it. */
export interface VideoFrameMessage {
  /** An IDR: decoding can start here. */
  readonly keyframe: boolean;
  readonly width: number;
  readonly height: number;
  /** The encoder's capture sequence number (it counts skipped captures too). */
  readonly frameNumber: number;
  /** Capture time, µs since the Unix epoch. */
  readonly captureUs: number;
  /** The H.264 access unit, annex B (a view into the message). */
  readonly accessUnit: Uint8Array;
}

/** Parses a binary message, or says what is wrong with it. */
export function parseFrameMessage(message: ArrayBuffer): VideoFrameMessage | { readonly problem: string } {
  if (message.byteLength < FRAME_HEADER_BYTES) {
    return {
      problem: `binary message of ${message.byteLength} bytes (expected at least ${FRAME_HEADER_BYTES})`,
    };
  }
  const view = new DataView(message);
  const type = view.getUint8(0);
  if (type !== MESSAGE_TYPE_FRAME)
    return { problem: `message type ${type} (expected ${MESSAGE_TYPE_FRAME})` };
  return {
    keyframe: (view.getUint8(1) & 1) === 1,
    width: view.getUint16(2),
    height: view.getUint16(4),
    frameNumber: view.getUint32(6),
    captureUs: Number(view.getBigUint64(10)),
    accessUnit: new Uint8Array(message, FRAME_HEADER_BYTES),
  };
}

/** The encoder's state, as the gateway reports it. */
export type EncoderState = 'starting' | 'running' | 'restarting' | 'unavailable';

const ENCODER_STATES: readonly string[] = ['starting', 'running', 'restarting', 'unavailable'];

/** A status message from the gateway. */
export interface StatusMessage {
  readonly type: 'status';
  readonly state: EncoderState;
  readonly reason?: string;
}

/**
 * Parses a text message from the gateway, or says what is wrong with it.
 * Checked by hand, not with zod: zod probes `new Function` when it loads,
 * which the page's Content-Security-Policy (no 'unsafe-eval') reports.
 */
export function parseStatusMessage(text: string): StatusMessage | { readonly problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: `text message is not JSON: ${text.slice(0, 80)}` };
  }
  const message = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const { type, state, reason } = message;
  if (type !== 'status' || typeof state !== 'string' || !ENCODER_STATES.includes(state)) {
    return {
      problem: `expected {"type":"status","state":${ENCODER_STATES.map((s) => `"${s}"`).join('|')}}, got ${text.slice(0, 80)}`,
    };
  }
  return {
    type,
    state: state as EncoderState,
    ...(typeof reason === 'string' ? { reason: reason.slice(0, 1000) } : {}),
  };
}

/** Asks the gateway for a keyframe: the decoder lost its state. */
export function keyframeRequest(): string {
  return JSON.stringify({ type: 'keyframe' });
}

/** The report sent every 500 ms: cumulative bytes received and frames decoded, and the decoder's queue. */
export function report(figures: {
  receivedBytes: number;
  decodedFrames: number;
  decodeQueue: number;
}): string {
  return JSON.stringify({
    type: 'report',
    receivedBytes: figures.receivedBytes,
    decodedFrames: figures.decodedFrames,
    decodeQueue: figures.decodeQueue,
  });
}
