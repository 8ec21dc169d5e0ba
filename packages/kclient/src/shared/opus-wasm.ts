/**
 * libopus compiled to WebAssembly (the `opus.wasm`/`simd.wasm` files of the
 * `@evan/opus` npm package), driven directly. Works in Node and in browsers
 * alike: the caller supplies the module bytes, so this file reads no files.
 * The gateway encodes with it; the browser decodes with it where WebCodecs
 * is missing.
 */

/** Settings of an Opus encoder. */
interface OpusEncoderOptions {
  /** @default 48000 */
  readonly sampleRate?: number;
  /** @default 2 */
  readonly channels?: 1 | 2;
  /** Target bit rate in bits per second. @default 128000 */
  readonly bitrate?: number;
}

/** A libopus encoder. Call {@link OpusEncoder.free} when done: wasm memory is not garbage collected. */
export interface OpusEncoder {
  /** Encodes one frame of interleaved s16 PCM (2.5 to 60 ms) into a new packet. */
  encode(pcm: Int16Array): Uint8Array;
  free(): void;
}

/** A libopus decoder. Call {@link OpusDecoder.free} when done. */
export interface OpusDecoder {
  /** Decodes one packet into new interleaved s16 PCM. */
  decode(packet: Uint8Array): Int16Array;
  free(): void;
}

/** An instantiated libopus module. */
export interface OpusWasm {
  createEncoder(options?: OpusEncoderOptions): OpusEncoder;
  createDecoder(options?: { readonly sampleRate?: number; readonly channels?: 1 | 2 }): OpusDecoder;
}

/**
 * The part of the WebAssembly JS API used here, declared locally: the
 * server's type libraries (ES + Node) do not describe `WebAssembly`.
 */
interface WebAssemblyApi {
  instantiate(
    bytes: ArrayBuffer | ArrayBufferView,
    imports: Record<string, Record<string, () => number>>,
  ): Promise<{ instance: { exports: unknown } }>;
}

interface OpusExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  malloc(size: number): number;
  free(pointer: number): void;
  opus_strerror(code: number): number;
  opus_encoder_get_size(channels: number): number;
  opus_encoder_init(state: number, rate: number, channels: number, application: number): number;
  opus_encode(state: number, pcm: number, frameSize: number, out: number, maxBytes: number): number;
  opus_encoder_ctl_set(state: number, request: number, value: number): number;
  opus_decoder_get_size(channels: number): number;
  opus_decoder_init(state: number, rate: number, channels: number): number;
  opus_decode(
    state: number,
    data: number,
    length: number,
    pcm: number,
    frameSize: number,
    fec: number,
  ): number;
}

/** libopus constants (opus_defines.h). */
const OPUS = {
  applicationAudio: 2049,
  setBitrate: 4002,
  setVbrConstraint: 4020,
  setSignal: 4024,
  signalMusic: 3002,
} as const;

/** 120 ms at 48 kHz: the longest frame libopus decodes. */
const MAX_FRAME_SAMPLES = 5760;
/** Room for the largest packet libopus may produce (it caps at 1275 per frame). */
const PACKET_BYTES = 4000;

/** Compiles and instantiates libopus from the bytes of `opus.wasm` or `simd.wasm`. */
export async function instantiateOpus(bytes: ArrayBuffer | ArrayBufferView): Promise<OpusWasm> {
  const noop = () => 0;
  const { WebAssembly } = globalThis as unknown as { WebAssembly: WebAssemblyApi };
  const { instance } = await WebAssembly.instantiate(bytes, {
    // The module was built with emscripten's standalone runtime; nothing it
    // calls through these matters for encoding and decoding.
    wasi_snapshot_preview1: { fd_seek: noop, fd_write: noop, fd_close: noop, proc_exit: noop },
    env: { emscripten_notify_memory_growth: noop },
  });
  return wrap(instance.exports as unknown as OpusExports);
}

function wrap(wasm: OpusExports): OpusWasm {
  const pcmBytes = MAX_FRAME_SAMPLES * 2 * 2;
  const pcmPointer = wasm.malloc(pcmBytes);
  const packetPointer = wasm.malloc(PACKET_BYTES);
  // Memory may grow on any malloc, which detaches old views: look again each time.
  const heap = () => new Uint8Array(wasm.memory.buffer);
  const check = (code: number, what: string): number => {
    if (code >= 0) return code;
    const bytes = heap();
    let message = '';
    for (let at = wasm.opus_strerror(code); bytes[at] !== 0 && at < bytes.length; at++) {
      message += String.fromCharCode(bytes[at] ?? 0);
    }
    throw new Error(`opus: ${what}: ${message} (${code})`);
  };

  return {
    createEncoder({ sampleRate = 48_000, channels = 2, bitrate = 128_000 } = {}) {
      let state = wasm.malloc(wasm.opus_encoder_get_size(channels));
      check(wasm.opus_encoder_init(state, sampleRate, channels, OPUS.applicationAudio), 'encoder init');
      check(wasm.opus_encoder_ctl_set(state, OPUS.setBitrate, bitrate), 'bitrate');
      // Constrained VBR keeps the per-listener bandwidth predictable.
      check(wasm.opus_encoder_ctl_set(state, OPUS.setVbrConstraint, 1), 'vbr constraint');
      check(wasm.opus_encoder_ctl_set(state, OPUS.setSignal, OPUS.signalMusic), 'signal');
      return {
        encode(pcm) {
          if (state === 0) throw new Error('opus: encoder used after free()');
          if (pcm.byteLength > pcmBytes)
            throw new RangeError(`opus: ${pcm.byteLength} bytes of PCM (max ${pcmBytes})`);
          heap().set(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength), pcmPointer);
          const length = check(
            wasm.opus_encode(state, pcmPointer, pcm.length / channels, packetPointer, PACKET_BYTES),
            'encode',
          );
          return heap().slice(packetPointer, packetPointer + length);
        },
        free() {
          if (state !== 0) wasm.free(state);
          state = 0;
        },
      };
    },
    createDecoder({ sampleRate = 48_000, channels = 2 } = {}) {
      let state = wasm.malloc(wasm.opus_decoder_get_size(channels));
      check(wasm.opus_decoder_init(state, sampleRate, channels), 'decoder init');
      return {
        decode(packet) {
          if (state === 0) throw new Error('opus: decoder used after free()');
          if (packet.length > PACKET_BYTES) throw new RangeError(`opus: packet of ${packet.length} bytes`);
          heap().set(packet, packetPointer);
          const samples = check(
            wasm.opus_decode(state, packetPointer, packet.length, pcmPointer, MAX_FRAME_SAMPLES, 0),
            'decode',
          );
          const bytes = heap().slice(pcmPointer, pcmPointer + samples * channels * 2);
          return new Int16Array(bytes.buffer);
        },
        free() {
          if (state !== 0) wasm.free(state);
          state = 0;
        },
      };
    },
  };
}
