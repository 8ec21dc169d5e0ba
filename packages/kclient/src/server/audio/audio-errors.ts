import { ERROR_CODES, KclientError } from '../errors.ts';

/** The Opus codec (libopus in WebAssembly) could not be found or instantiated. */
export class AudioCodecError extends KclientError {
  constructor(tried: readonly string[], cause: unknown) {
    super(
      ERROR_CODES.AUDIO_CODEC,
      `audio: cannot load the Opus codec (expected opus-simd.wasm next to the server or the @evan/opus package; ` +
        `tried ${tried.join(', ')}): ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

/** A browser sent something on `{prefix}audio` that is not part of the protocol. */
export class AudioMessageError extends KclientError {
  constructor(what: string, received: string) {
    super(ERROR_CODES.AUDIO_MESSAGE, `audio WebSocket: ${what} (received ${truncate(received)})`);
  }
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
