import { FRAME_SAMPLES } from '../../shared/audio-framing.ts';
import { createPacketEncoder, type PacketEncoder } from './mic-encoding.ts';
import type { DecoderKind } from './opus-decoding.ts';

/**
 * The local microphone: getUserMedia (a secure context: localhost or HTTPS)
 * -> the `helios-mic-tap` worklet (20 ms mono blocks) -> Opus -> `send`.
 */
export class Microphone {
  readonly #stream: MediaStream;
  readonly #source: MediaStreamAudioSourceNode;
  readonly #tap: AudioWorkletNode;
  readonly #sink: GainNode;
  readonly #encoder: PacketEncoder;

  private constructor(
    stream: MediaStream,
    source: MediaStreamAudioSourceNode,
    tap: AudioWorkletNode,
    sink: GainNode,
    encoder: PacketEncoder,
  ) {
    this.#stream = stream;
    this.#source = source;
    this.#tap = tap;
    this.#sink = sink;
    this.#encoder = encoder;
  }

  /** Asks for the microphone and starts encoding; throws when the user or browser refuses. */
  static async open(
    context: AudioContext,
    baseUrl: string,
    send: (packet: Uint8Array) => void,
    onError: (error: unknown) => void,
    prefer?: DecoderKind,
  ): Promise<Microphone> {
    if (navigator.mediaDevices?.getUserMedia === undefined) {
      throw new Error('no microphone access here (it needs HTTPS or localhost)');
    }
    const stream = await navigator.mediaDevices.getUserMedia({
      // Echo cancellation keeps desktop audio playing in this tab out of the microphone.
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
    const encoder = await createPacketEncoder(baseUrl, send, onError, prefer);
    const source = context.createMediaStreamSource(stream);
    const tap = new AudioWorkletNode(context, 'helios-mic-tap', {
      processorOptions: { frameSamples: FRAME_SAMPLES },
    });
    // A node nobody pulls is not rendered: route the tap into silence.
    const sink = context.createGain();
    sink.gain.value = 0;
    source.connect(tap).connect(sink).connect(context.destination);
    tap.port.onmessage = (event: MessageEvent<Float32Array<ArrayBuffer>>) => encoder.encode(event.data);
    return new Microphone(stream, source, tap, sink, encoder);
  }

  get encoderKind(): DecoderKind {
    return this.#encoder.kind;
  }

  close(): void {
    this.#tap.port.onmessage = null;
    this.#source.disconnect();
    this.#tap.disconnect();
    this.#sink.disconnect();
    for (const track of this.#stream.getTracks()) track.stop();
    this.#encoder.close();
  }
}
