import { decodeFrame, encodeFrame, FRAME_KIND, framesLost } from '../../shared/audio-framing.ts';
import type { MicState, ServerMessage } from '../../shared/audio-messages.ts';
import { reconnectDelay, socketUrl } from '../reconnect.ts';
import { type AudioOutput, createAudioOutput, type OutputKind } from './audio-output.ts';
import { smoothLevel } from './level-meter.ts';
import { Microphone } from './microphone.ts';
import { createPacketDecoder, type DecoderKind, type PacketDecoder } from './opus-decoding.ts';

/**
 * Audio lifecycle as the page shows it: `off` (the user's choice), `waiting`
 * (on, but the browser holds audio until a click or key press),
 * `connecting`, `on`, `error` (no Web Audio, or the codec failed).
 */
export type AudioState = 'off' | 'waiting' | 'connecting' | 'on' | 'error';

/** Microphone as the page shows it; `starting` while the browser asks the user. */
export type MicView = MicState | 'starting' | 'unavailable';

/** Everything the controls and `window.heliosClient.audio` show. */
export interface AudioView {
  state: AudioState;
  mic: MicView;
  muted: boolean;
  /** Smoothed 0..1 level of what arrives (before the mute). */
  level: number;
  /** Opus frames received on this page. */
  frames: number;
  /** Frames the gateway skipped for this page (slow link). */
  lost: number;
  /** Microphone frames sent. */
  micFrames: number;
  decoder: DecoderKind | undefined;
  /** How decoded audio is played: AudioWorklet, or scheduled buffers where there is none. */
  output: OutputKind | undefined;
  bufferedMs: number;
  underruns: number;
  /** Last problem, for the tooltip. */
  error: string | undefined;
}

/** What the page asked for: the codec and the output to use, instead of the best available. */
export interface AudioPreferences {
  readonly codec?: DecoderKind;
  readonly output?: OutputKind;
}

/**
 * Keeps `{prefix}audio` open while audio is on: decodes desktop audio into
 * the output's jitter buffer, reconnects with backoff, and runs the
 * microphone when asked and allowed (not view-only, and a secure context:
 * browsers offer getUserMedia nowhere else).
 */
export class AudioClient {
  readonly view: AudioView = {
    state: 'off',
    mic: 'off',
    muted: false,
    level: 0,
    frames: 0,
    lost: 0,
    micFrames: 0,
    decoder: undefined,
    output: undefined,
    bufferedMs: 0,
    underruns: 0,
    error: undefined,
  };
  readonly #pageHref: string;
  readonly #micAllowed: boolean;
  readonly #onChange: (view: AudioView) => void;
  readonly #prefer: AudioPreferences;
  #enabled = false;
  #output: AudioOutput | undefined;
  #socket: WebSocket | undefined;
  #decoder: PacketDecoder | undefined;
  #microphone: Microphone | undefined;
  #lastSeq: number | undefined;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #micSeq = 0;

  constructor(options: {
    pageHref: string;
    viewOnly: boolean;
    /** `window.isSecureContext`: whether the microphone can exist at all. */
    secure: boolean;
    onChange: (view: AudioView) => void;
    prefer?: AudioPreferences;
  }) {
    this.#pageHref = options.pageHref;
    // The microphone's 20 ms tap is a worklet too, so the scheduled output rules it out.
    this.#micAllowed = !options.viewOnly && options.secure && options.prefer?.output !== 'scheduled';
    this.#onChange = options.onChange;
    this.#prefer = options.prefer ?? {};
    this.view.mic = this.#micIdle;
  }

  /** The microphone's state while nobody uses it. */
  get #micIdle(): MicView {
    return this.#micAllowed ? 'off' : 'unavailable';
  }

  /** Turns audio on. Safe to call from any event; audio starts at the first user gesture at the latest. */
  async enable(): Promise<void> {
    if (this.#enabled) return;
    this.#enabled = true;
    try {
      this.#output ??= await createAudioOutput(
        this.#pageHref,
        (stats) => {
          this.view.level = smoothLevel(this.view.level, stats.level);
          this.view.bufferedMs = stats.bufferedMs;
          this.view.underruns = stats.underruns;
          this.#changed();
        },
        this.#prefer.output,
      );
      this.view.output = this.#output.kind;
    } catch (error) {
      this.#fail(error);
      return;
    }
    const output = this.#output;
    output.setMuted(this.view.muted);
    if (output.context.state !== 'running') {
      this.#set('waiting');
      void output.context.resume();
      const resume = () => void output.context.resume();
      // Browsers start audio only from a user gesture; the first one anywhere on the page will do.
      for (const type of ['pointerdown', 'keydown', 'touchend'] as const) {
        window.addEventListener(type, resume, { capture: true, once: true });
      }
      await new Promise<void>((resolve) => {
        output.context.addEventListener('statechange', function check() {
          if (output.context.state === 'running') {
            output.context.removeEventListener('statechange', check);
            resolve();
          }
        });
      });
      if (!this.#enabled) return;
    }
    this.#connect();
  }

  /** Turns audio off: closes the socket (the gateway stops capturing once nobody listens). */
  disable(): void {
    this.#enabled = false;
    clearTimeout(this.#timer);
    this.#stopMic(this.#micIdle);
    this.#socket?.close(1000, 'audio off');
    this.#socket = undefined;
    this.#decoder?.close();
    this.#decoder = undefined;
    void this.#output?.context.suspend();
    this.view.level = 0;
    this.#set('off');
  }

  setMuted(muted: boolean): void {
    this.view.muted = muted;
    this.#output?.setMuted(muted);
    this.#changed();
  }

  /** Starts or stops sending the microphone; needs audio to be on. */
  async setMic(on: boolean): Promise<void> {
    const socket = this.#socket;
    if (!on || !this.#micAllowed) {
      this.#stopMic(this.#micIdle, undefined, true);
      return;
    }
    if (socket === undefined || this.#output === undefined || this.view.state !== 'on') return;
    this.view.mic = 'starting';
    this.#changed();
    try {
      this.#microphone = await Microphone.open(
        this.#output.context,
        this.#pageHref,
        (packet) => {
          if (this.view.mic !== 'on' || socket.readyState !== WebSocket.OPEN) return;
          socket.send(encodeFrame(FRAME_KIND.mic, this.#micSeq++, packet));
          this.view.micFrames++;
        },
        (error) => this.#stopMic('failed', error, true),
        this.#prefer.codec,
      );
    } catch (error) {
      this.#stopMic('denied', error);
      return;
    }
    socket.send(JSON.stringify({ type: 'mic', enabled: true }));
  }

  /** The last ~170 ms of played audio (see {@link AudioOutput.samples}). */
  samples(): Float32Array {
    return this.#output?.samples() ?? new Float32Array(0);
  }

  #connect(): void {
    if (!this.#enabled) return;
    this.#set('connecting');
    const socket = new WebSocket(socketUrl(this.#pageHref, 'audio'));
    socket.binaryType = 'arraybuffer';
    this.#socket = socket;
    this.#lastSeq = undefined;
    const decoderReady = createPacketDecoder(
      this.#pageHref,
      (left, right) => this.#output?.play(left, right),
      (error) => this.#fail(error),
      this.#prefer.codec,
    ).then((decoder) => {
      if (this.#socket !== socket) decoder.close();
      else {
        this.#decoder = decoder;
        this.view.decoder = decoder.kind;
      }
      return decoder;
    });
    decoderReady.catch((error: unknown) => this.#fail(error));
    socket.onmessage = (event: MessageEvent<ArrayBuffer | string>) => {
      if (typeof event.data === 'string') {
        this.#onControl(JSON.parse(event.data) as ServerMessage);
        return;
      }
      const frame = decodeFrame(new Uint8Array(event.data));
      if ('problem' in frame || frame.kind !== FRAME_KIND.desktop) return;
      if (this.#lastSeq !== undefined) this.view.lost += framesLost(this.#lastSeq, frame.seq);
      this.#lastSeq = frame.seq;
      this.view.frames++;
      this.#decoder?.decode(frame.payload, frame.seq);
    };
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      this.#decoder?.close();
      this.#decoder = undefined;
      this.#stopMic(this.#micIdle);
      if (!this.#enabled) return;
      const delay = reconnectDelay(this.#attempt++);
      this.#set('connecting');
      this.#timer = setTimeout(() => this.#connect(), delay);
    };
  }

  #onControl(message: ServerMessage): void {
    if (message.type === 'hello') {
      this.#attempt = 0;
      this.view.error = undefined;
      this.#set('on');
    } else if (message.type === 'mic') {
      if (message.state === 'on') {
        this.view.mic = 'on';
        this.#changed();
      } else this.#stopMic(message.state, message.reason);
    } else if (message.type === 'capture' && message.state === 'failed') {
      this.view.error = `desktop audio unavailable: ${message.reason ?? 'capture failed'}`;
      this.#changed();
    }
  }

  /** Stops the local microphone; `tellServer` gives the slot back (not needed when the gateway refused or dropped it). */
  #stopMic(state: MicView, error?: unknown, tellServer = false): void {
    const wasOpen = this.#microphone !== undefined;
    this.#microphone?.close();
    this.#microphone = undefined;
    if (tellServer && wasOpen && this.#socket?.readyState === WebSocket.OPEN) {
      this.#socket.send(JSON.stringify({ type: 'mic', enabled: false }));
    }
    this.view.mic = state;
    if (error !== undefined) this.view.error = error instanceof Error ? error.message : String(error);
    this.#changed();
  }

  #fail(error: unknown): void {
    this.view.error = error instanceof Error ? error.message : String(error);
    this.#set('error');
  }

  #set(state: AudioState): void {
    this.view.state = state;
    this.#changed();
  }

  #changed(): void {
    this.#onChange(this.view);
  }
}
