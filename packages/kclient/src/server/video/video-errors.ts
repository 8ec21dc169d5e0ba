import { ERROR_CODES, KclientError } from '../errors.ts';

/**
 * The video encoder cannot serve: its binary is missing or not executable,
 * it exits at once with a fatal code (bad arguments, no MIT-SHM or DAMAGE,
 * no H.264 encoder), or its output is not the record format.
 */
export class VideoEncoderError extends KclientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ERROR_CODES.VIDEO_ENCODER, `video encoder: ${message}`, options);
  }
}

/** A page sent something on `{prefix}video` that is not part of the protocol. */
export class VideoMessageError extends KclientError {
  constructor(what: string, received: string) {
    super(ERROR_CODES.VIDEO_MESSAGE, `video WebSocket: ${what} (received ${truncate(received)})`);
  }
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
