import { AUDIO_FORMAT } from '../../shared/audio-framing.ts';
import { instantiateOpus } from '../../shared/opus-wasm.ts';

/** Which implementation decodes. */
export type DecoderKind = 'webcodecs' | 'wasm';

/** Decodes Opus packets into planar float stereo. */
export interface PacketDecoder {
  readonly kind: DecoderKind;
  decode(packet: Uint8Array, seq: number): void;
  close(): void;
}

/** Receives decoded audio. */
export type PcmSink = (left: Float32Array, right: Float32Array) => void;

const CONFIG = {
  codec: 'opus',
  sampleRate: AUDIO_FORMAT.sampleRate,
  numberOfChannels: AUDIO_FORMAT.channels,
} as const;

/**
 * WebCodecs `AudioDecoder` where the browser has it for Opus, else libopus
 * in WebAssembly (`opus.wasm` next to the page, fetched only then).
 * `prefer: 'wasm'` forces the fallback, for tests and comparison.
 */
export async function createPacketDecoder(
  baseUrl: string,
  sink: PcmSink,
  onError: (error: unknown) => void,
  prefer?: DecoderKind,
): Promise<PacketDecoder> {
  if (prefer !== 'wasm' && typeof AudioDecoder === 'function') {
    const support = await AudioDecoder.isConfigSupported(CONFIG).catch(() => undefined);
    if (support?.supported === true) return webCodecsDecoder(sink, onError);
  }
  return wasmDecoder(baseUrl, sink, onError);
}

function webCodecsDecoder(sink: PcmSink, onError: (error: unknown) => void): PacketDecoder {
  const decoder = new AudioDecoder({
    output(data) {
      const left = new Float32Array(data.numberOfFrames);
      const right = new Float32Array(data.numberOfFrames);
      data.copyTo(left, { planeIndex: 0, format: 'f32-planar' });
      data.copyTo(right, { planeIndex: data.numberOfChannels > 1 ? 1 : 0, format: 'f32-planar' });
      data.close();
      sink(left, right);
    },
    error: onError,
  });
  decoder.configure(CONFIG);
  return {
    kind: 'webcodecs',
    decode(packet, seq) {
      if (decoder.state !== 'configured') return;
      const timestamp = seq * AUDIO_FORMAT.frameMs * 1000;
      decoder.decode(new EncodedAudioChunk({ type: 'key', timestamp, data: packet }));
    },
    close() {
      if (decoder.state !== 'closed') decoder.close();
    },
  };
}

async function wasmDecoder(baseUrl: string, sink: PcmSink, onError: (error: unknown) => void) {
  const response = await fetch(new URL('opus.wasm', baseUrl));
  if (!response.ok) throw new Error(`opus.wasm: HTTP ${response.status}`);
  const opus = await instantiateOpus(await response.arrayBuffer());
  const decoder = opus.createDecoder();
  const decoded: PacketDecoder = {
    kind: 'wasm',
    decode(packet) {
      let pcm: Int16Array;
      try {
        pcm = decoder.decode(packet);
      } catch (error) {
        onError(error);
        return;
      }
      const frames = pcm.length / 2;
      const left = new Float32Array(frames);
      const right = new Float32Array(frames);
      for (let i = 0; i < frames; i++) {
        left[i] = (pcm[2 * i] ?? 0) / 32768;
        right[i] = (pcm[2 * i + 1] ?? 0) / 32768;
      }
      sink(left, right);
    },
    close() {
      decoder.free();
    },
  };
  return decoded;
}
