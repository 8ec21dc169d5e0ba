import { AUDIO_FORMAT } from '../../shared/audio-framing.ts';
import { instantiateOpus } from '../../shared/opus-wasm.ts';
import type { DecoderKind } from './opus-decoding.ts';

/** Encodes 20 ms mono blocks into Opus packets. */
export interface PacketEncoder {
  readonly kind: DecoderKind;
  encode(mono: Float32Array<ArrayBuffer>): void;
  close(): void;
}

/** Microphone bit rate: speech in mono needs far less than desktop audio. */
const MIC_BITRATE = 64_000;

const CONFIG: AudioEncoderConfig = {
  codec: 'opus',
  sampleRate: AUDIO_FORMAT.sampleRate,
  numberOfChannels: 1,
  bitrate: MIC_BITRATE,
  opus: { frameDuration: AUDIO_FORMAT.frameMs * 1000 },
};

/**
 * WebCodecs `AudioEncoder` where available, else libopus in WebAssembly.
 * Mono on the wire; the gateway's stereo decoder plays it on both channels.
 */
export async function createPacketEncoder(
  baseUrl: string,
  onPacket: (packet: Uint8Array) => void,
  onError: (error: unknown) => void,
  prefer?: DecoderKind,
): Promise<PacketEncoder> {
  if (prefer !== 'wasm' && typeof AudioEncoder === 'function') {
    const support = await AudioEncoder.isConfigSupported(CONFIG).catch(() => undefined);
    if (support?.supported === true) return webCodecsEncoder(onPacket, onError);
  }
  const response = await fetch(new URL('opus.wasm', baseUrl));
  if (!response.ok) throw new Error(`opus.wasm: HTTP ${response.status}`);
  const encoder = (await instantiateOpus(await response.arrayBuffer())).createEncoder({
    channels: 1,
    bitrate: MIC_BITRATE,
  });
  return {
    kind: 'wasm',
    encode(mono) {
      const pcm = Int16Array.from(mono, (sample) =>
        Math.max(-32768, Math.min(32767, Math.round(sample * 32767))),
      );
      try {
        onPacket(encoder.encode(pcm));
      } catch (error) {
        onError(error);
      }
    },
    close: () => encoder.free(),
  };
}

function webCodecsEncoder(
  onPacket: (packet: Uint8Array) => void,
  onError: (error: unknown) => void,
): PacketEncoder {
  const encoder = new AudioEncoder({
    output(chunk) {
      const packet = new Uint8Array(chunk.byteLength);
      chunk.copyTo(packet);
      onPacket(packet);
    },
    error: onError,
  });
  encoder.configure(CONFIG);
  let timestamp = 0;
  return {
    kind: 'webcodecs',
    encode(mono) {
      if (encoder.state !== 'configured') return;
      const data = new AudioData({
        format: 'f32-planar',
        sampleRate: AUDIO_FORMAT.sampleRate,
        numberOfFrames: mono.length,
        numberOfChannels: 1,
        timestamp,
        data: mono,
      });
      timestamp += (mono.length * 1_000_000) / AUDIO_FORMAT.sampleRate;
      encoder.encode(data);
      data.close();
    },
    close() {
      if (encoder.state !== 'closed') encoder.close();
    },
  };
}
