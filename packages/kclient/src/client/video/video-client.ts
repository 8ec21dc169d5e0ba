import { reconnectDelay } from '../reconnect.ts';
import { avcCodecString, findSps } from './h264-codec.ts';
import {
  type EncoderState,
  keyframeRequest,
  parseFrameMessage,
  parseStatusMessage,
  report,
  type VideoFrameMessage,
} from './video-messages.ts';
import type { FallbackCode } from './video-mode.ts';

/** How often the page tells the gateway what arrived (rate control, section 2 of the spec). */
const REPORT_INTERVAL_MS = 500;
/** Keyframe requests from this page, at most one per this many ms. */
const KEYFRAME_REQUEST_GAP_MS = 1000;
/** Decoder failures in a row, without a frame decoded in between, before video gives up. */
const MAX_DECODER_FAILURES = 5;
/**
 * Frames waiting in the decoder beyond which the page is too far behind:
 * half a second at 30 fps. It skips to the next keyframe instead of showing
 * an ever older picture.
 */
const MAX_DECODE_QUEUE = 15;
/** Failed attempts to open the socket, before it ever opened, before video gives up. */
const MAX_REFUSED_ATTEMPTS = 3;

/** What the page knows about the video stream (the figures of `window.heliosClient.video`). */
export interface VideoStats {
  /** The encoder's state as the gateway last reported it; `connecting` before the socket opens. */
  encoder: EncoderState | 'connecting';
  framesDecoded: number;
  /** Frames that arrived and were not shown: waiting for a keyframe, or lost to a decoder failure. */
  framesDropped: number;
  lastFrameNumber: number | undefined;
  lastCaptureUs: number | undefined;
  /** Bytes of frame messages received on this page, over all sockets (reports count per socket). */
  bytes: number;
  /** `performance.now()` when the current video socket opened, or undefined. */
  openedAtMs: number | undefined;
  /** `performance.now()` when this page decoded its first frame, or undefined. */
  firstFrameAtMs: number | undefined;
  /** The codec string the decoder runs with. */
  codec: string | undefined;
}

/** The figures before anything arrived. */
export function emptyVideoStats(): VideoStats {
  return {
    encoder: 'connecting',
    framesDecoded: 0,
    framesDropped: 0,
    lastFrameNumber: undefined,
    lastCaptureUs: undefined,
    bytes: 0,
    openedAtMs: undefined,
    firstFrameAtMs: undefined,
    codec: undefined,
  };
}

/** What {@link VideoClient} needs from the page. */
export interface VideoClientOptions {
  /** `ws(s)://…/video` next to the page (`socketUrl(pageHref, 'video')`). */
  readonly url: string;
  /** Each decoded frame; the callee draws it and must close it. */
  readonly onFrame: (frame: VideoFrame) => void;
  /** Video cannot go on: the page returns to VNC. */
  readonly onFallback: (code: FallbackCode, detail?: string) => void;
}

/**
 * Keeps `{prefix}video` open while video mode lasts: feeds each frame to a
 * WebCodecs `VideoDecoder`, (re)configured from the SPS of the keyframe
 * whenever the codec string or the size changes; reports every 500 ms; after
 * a decoder failure starts over at a keyframe it asks for; reconnects with
 * backoff. Gives up (falls back) when the gateway says the encoder is
 * unavailable, the browser cannot decode the stream, or the socket is refused.
 */
export class VideoClient {
  readonly stats: VideoStats = emptyVideoStats();
  readonly #options: VideoClientOptions;
  #socket: WebSocket | undefined;
  #decoder: VideoDecoder | undefined;
  /** Codec string and size the decoder is configured for. */
  #configured: string | undefined;
  /** Frame numbers handed to the decoder, in order (no B-frames: frames come out in this order). */
  #pending: number[] = [];
  #waitingForKeyframe = true;
  #lastKeyframeRequest = -Infinity;
  #failures = 0;
  /** Bytes and frames of the current socket: the gateway counts what it sent per socket. */
  #socketBytes = 0;
  #socketFrames = 0;
  #attempt = 0;
  #everOpened = false;
  #stopped = false;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #reportTimer: ReturnType<typeof setInterval> | undefined;

  constructor(options: VideoClientOptions) {
    this.#options = options;
  }

  start(): void {
    this.#stopped = false;
    this.#connect();
    this.#reportTimer = setInterval(() => this.#report(), REPORT_INTERVAL_MS);
  }

  /** Closes the socket and the decoder; no reconnect. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#reconnectTimer);
    clearInterval(this.#reportTimer);
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.close(1000);
    this.#closeDecoder();
  }

  #connect(): void {
    this.stats.encoder = 'connecting';
    const socket = new WebSocket(this.#options.url);
    socket.binaryType = 'arraybuffer';
    this.#socket = socket;
    this.#socketBytes = 0;
    this.#socketFrames = 0;
    let opened = false;
    socket.addEventListener('open', () => {
      opened = true;
      this.#everOpened = true;
      this.stats.openedAtMs = performance.now();
      this.#attempt = 0;
    });
    socket.addEventListener('message', (event: MessageEvent<ArrayBuffer | string>) => {
      if (this.#socket !== socket) return;
      if (typeof event.data === 'string') this.#status(event.data);
      else this.#frame(event.data);
    });
    socket.addEventListener('close', () => {
      if (this.#socket !== socket || this.#stopped) return;
      this.#socket = undefined;
      // A new socket starts at a keyframe the gateway sends on joining.
      this.#closeDecoder();
      if (!opened && !this.#everOpened && this.#attempt + 1 >= MAX_REFUSED_ATTEMPTS) {
        this.#options.onFallback('video-socket-refused');
        return;
      }
      this.stats.encoder = 'connecting';
      this.#reconnectTimer = setTimeout(() => this.#connect(), reconnectDelay(this.#attempt++));
    });
  }

  #status(text: string): void {
    const status = parseStatusMessage(text);
    if ('problem' in status) {
      console.warn(`helios video: ${status.problem}`);
      return;
    }
    this.stats.encoder = status.state;
    if (status.state === 'unavailable') this.#options.onFallback('encoder-unavailable', status.reason);
  }

  #frame(data: ArrayBuffer): void {
    this.stats.bytes += data.byteLength;
    this.#socketBytes += data.byteLength;
    const frame = parseFrameMessage(data);
    if ('problem' in frame) {
      console.warn(`helios video: ${frame.problem}`);
      return;
    }
    if (frame.keyframe) this.#configureFor(frame);
    const decoder = this.#decoder;
    if (!frame.keyframe && (decoder?.decodeQueueSize ?? 0) > MAX_DECODE_QUEUE)
      this.#waitingForKeyframe = true;
    if (this.#waitingForKeyframe && !frame.keyframe) this.#dropped();
    else if (decoder === undefined || decoder.state !== 'configured') this.#dropped();
    else {
      this.#waitingForKeyframe = false;
      this.#pending.push(frame.frameNumber);
      decoder.decode(
        new EncodedVideoChunk({
          type: frame.keyframe ? 'key' : 'delta',
          timestamp: frame.captureUs,
          data: frame.accessUnit,
        }),
      );
    }
  }

  /** A keyframe: (re)configures the decoder when its SPS or size differs from the running one. */
  #configureFor(frame: VideoFrameMessage): void {
    const sps = findSps(frame.accessUnit);
    if (sps === undefined && this.#configured === undefined) return;
    const codec = sps === undefined ? this.stats.codec : avcCodecString(sps);
    if (codec === undefined) return;
    const configuration = `${codec} ${frame.width}x${frame.height}`;
    if (configuration === this.#configured && this.#decoder?.state === 'configured') return;
    this.#decoder ??= this.#newDecoder();
    this.#decoder.configure({
      codec,
      codedWidth: frame.width,
      codedHeight: frame.height,
      optimizeForLatency: true,
    });
    this.#configured = configuration;
    this.stats.codec = codec;
  }

  #newDecoder(): VideoDecoder {
    const decoder = new VideoDecoder({
      output: (videoFrame) => {
        if (this.#decoder !== decoder) {
          videoFrame.close();
          return;
        }
        this.#failures = 0;
        this.stats.framesDecoded += 1;
        this.#socketFrames += 1;
        this.stats.lastFrameNumber = this.#pending.shift();
        this.stats.lastCaptureUs = videoFrame.timestamp;
        this.stats.firstFrameAtMs ??= performance.now();
        this.#options.onFrame(videoFrame);
      },
      error: (error) => {
        if (this.#decoder !== decoder) return;
        this.#decoderFailed(error);
      },
    });
    return decoder;
  }

  #decoderFailed(error: DOMException): void {
    console.warn(`helios video: decoder failed: ${error.name}: ${error.message}`);
    this.stats.framesDropped += this.#pending.length;
    this.#closeDecoder();
    if (error.name === 'NotSupportedError') {
      this.#options.onFallback('codec-unsupported', this.stats.codec);
      return;
    }
    if (++this.#failures >= MAX_DECODER_FAILURES) {
      this.#options.onFallback('decoder-failing', `${error.name}: ${error.message}`);
      return;
    }
    this.#requestKeyframe();
  }

  /** Frames that cannot be decoded until the next keyframe: ask for it. */
  #dropped(): void {
    this.stats.framesDropped += 1;
    this.#requestKeyframe();
  }

  #requestKeyframe(): void {
    const now = performance.now();
    if (now - this.#lastKeyframeRequest < KEYFRAME_REQUEST_GAP_MS) return;
    if (this.#socket?.readyState !== WebSocket.OPEN) return;
    this.#lastKeyframeRequest = now;
    this.#socket.send(keyframeRequest());
  }

  /** Drops the decoder (a failed one is closed already); the next keyframe makes a new one. */
  #closeDecoder(): void {
    const decoder = this.#decoder;
    this.#decoder = undefined;
    this.#configured = undefined;
    this.#pending = [];
    this.#waitingForKeyframe = true;
    if (decoder !== undefined && decoder.state !== 'closed') decoder.close();
  }

  #report(): void {
    if (this.#socket?.readyState !== WebSocket.OPEN) return;
    this.#socket.send(
      report({
        receivedBytes: this.#socketBytes,
        decodedFrames: this.#socketFrames,
        decodeQueue: this.#decoder?.decodeQueueSize ?? 0,
      }),
    );
  }
}
