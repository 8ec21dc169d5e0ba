import { socketUrl } from '../reconnect.ts';
import { RFB_SAMPLE_MS, type RfbRateMeter } from '../rfb-rate.ts';
import { type AutoState, nextAuto, startAuto } from './auto-switch.ts';
import { emptyVideoStats, VideoClient, type VideoStats } from './video-client.ts';
import {
  chooseModeRequest,
  decideMode,
  type FallbackCode,
  fallbackReason,
  type ModeRequest,
  missingCapability,
  type PageMode,
  VIDEO_MODE_STORAGE_KEY,
  type VideoCapabilities,
} from './video-mode.ts';
import { VideoOverlay } from './video-overlay.ts';

/** `window.heliosClient.video`: the mode, the stream's figures, and a switch for tests and automation. */
export interface VideoHook extends Omit<VideoStats, 'bytes'> {
  readonly mode: PageMode;
  /** `?mode=auto` is running: `mode` follows the screen's motion (auto-switch.ts). */
  readonly auto: boolean;
  /** Bytes of video received on this page. */
  readonly bytes: number;
  /** Why the page shows VNC although video was asked for (`code: text`), or undefined. */
  readonly fallbackReason: string | undefined;
  /** What rules video out in this browser and on this gateway, asked for or not. */
  readonly unavailableReason: string | undefined;
  /** Switches mode like the toolbar does (remembered as the viewer's choice). */
  setMode(mode: PageMode): void;
}

/** What the page wires the feature to. */
export interface VideoFeatureOptions {
  readonly pageHref: string;
  /** The element noVNC draws into; the overlay goes right after it. */
  readonly screen: HTMLElement;
  /** Reconnects RFB quieted (video) or not (vnc). */
  readonly setRfbVideo: (on: boolean) => void;
  /** What the RFB socket receives: auto mode's measure of motion. */
  readonly rfbRate: RfbRateMeter;
}

/** Shows the mode and, on VNC, why video is not shown (the toolbar). */
type ModeListener = (mode: PageMode, reason: string | undefined) => void;

/** The H.264 configuration asked about before any stream is seen: Constrained Baseline, level 3.1. */
const PROBE_CODEC = 'avc1.42E01F';

/**
 * Video mode of the page (docs/video-transport.md, section 3): decides the
 * start mode from `?mode=`, the remembered choice and what the browser and
 * gateway can do; runs the {@link VideoClient} and the {@link VideoOverlay}
 * while in video mode; falls back to VNC when video breaks. `initialMode`
 * is known once the returned promise resolves: the VNC connection must be
 * opened (quieted or not) accordingly.
 */
export async function mountVideo(options: VideoFeatureOptions): Promise<{
  readonly hook: VideoHook;
  readonly initialMode: PageMode;
  /** What the VNC connection needs for auto mode (its viewer key); empty otherwise. */
  readonly rfbOptions: { readonly viewerKey?: string };
  /** The toolbar's switch: remembers the choice and changes mode (auto ends). */
  choose(mode: PageMode): void;
  /** noVNC made a new canvas (a new connection): the overlay follows it. */
  trackCanvas(canvas: HTMLCanvasElement): void;
  /** Calls `listener` now and after every change of mode or reason. */
  showModeIn(listener: ModeListener): void;
}> {
  const request = chooseModeRequest({
    query: new URL(options.pageHref).searchParams.get('mode'),
    stored: readStored(),
  });
  // Asking the browser about H.264 takes a moment; a VNC page need not wait for it.
  const capabilitiesNow = probeCapabilities();
  const capabilities = request === 'vnc' ? undefined : await capabilitiesNow;
  const start =
    capabilities === undefined
      ? { mode: 'vnc' as const, fallbackReason: undefined }
      : decideMode(request, capabilities);

  // Auto starts on RFB and lets measured motion decide (docs/video-transport.md, section 4).
  let auto: AutoState | undefined =
    request === 'auto' && start.mode === 'video' ? startAuto(Date.now()) : undefined;
  const viewerKey = auto === undefined ? undefined : randomViewerKey();
  let mode: PageMode = auto === undefined ? start.mode : 'vnc';
  let reason = start.fallbackReason;
  let unavailable = capabilities === undefined ? undefined : unavailableText(capabilities);
  let client: VideoClient | undefined;
  let overlay: VideoOverlay | undefined;
  let canvas: HTMLCanvasElement | undefined;
  let stats: VideoStats = emptyVideoStats();

  let listener: ModeListener | undefined;
  const changed = () => listener?.(mode, reason ?? unavailable);

  const stopVideo = () => {
    client?.stop();
    client = undefined;
    overlay?.remove();
    overlay = undefined;
  };

  let stopSampling: (() => void) | undefined;
  const endAuto = () => {
    stopSampling?.();
    auto = undefined;
  };

  const fallBack = (code: FallbackCode, detail?: string) => {
    endAuto();
    stopVideo();
    mode = 'vnc';
    reason = fallbackReason(code, detail);
    options.setRfbVideo(false);
    changed();
  };

  const startVideo = () => {
    overlay = new VideoOverlay(options.screen);
    if (canvas !== undefined) overlay.track(canvas);
    const drawInto = overlay;
    const url = new URL(socketUrl(options.pageHref, 'video'));
    if (auto !== undefined && viewerKey !== undefined) url.searchParams.set('viewer', viewerKey);
    client = new VideoClient({
      url: url.href,
      onFrame: (frame) => drawInto.draw(frame),
      onFallback: fallBack,
    });
    stats = client.stats;
    client.start();
  };

  const switchTo = async (wanted: PageMode) => {
    if (wanted === 'video') {
      const found = await capabilitiesNow;
      unavailable = unavailableText(found);
      const decision = decideMode('video', found);
      if (decision.mode === 'vnc') {
        reason = decision.fallbackReason;
        changed();
        return;
      }
    }
    if (wanted === mode) return;
    mode = wanted;
    reason = undefined;
    if (mode === 'video') startVideo();
    else stopVideo();
    options.setRfbVideo(mode === 'video');
    changed();
  };

  const choose = (wanted: PageMode) => {
    remember(wanted);
    if (auto !== undefined) {
      // The viewer takes over: the auto transport ends, the chosen one starts from scratch.
      endAuto();
      stopVideo();
      mode = 'vnc';
    }
    void switchTo(wanted);
  };

  if (mode === 'video') startVideo();
  if (auto !== undefined) {
    let lastFrames = 0;
    stopSampling = options.rfbRate.onSample((rfbBytesPerSecond) => {
      if (auto === undefined) return;
      const frames = stats.framesDecoded;
      const sample = {
        rfbBytesPerSecond,
        videoFramesPerSecond: client === undefined ? 0 : ((frames - lastFrames) * 1000) / RFB_SAMPLE_MS,
      };
      lastFrames = frames;
      auto = nextAuto(auto, sample, Date.now());
      const wanted: PageMode = auto.transport === 'video' ? 'video' : 'vnc';
      if (wanted === mode) return;
      mode = wanted;
      if (mode === 'video') {
        startVideo();
        lastFrames = 0;
      } else {
        stopVideo();
      }
      changed();
    });
  }
  if (capabilities === undefined) {
    void capabilitiesNow.then((found) => {
      unavailable = unavailableText(found);
      changed();
    });
  }

  const hook: VideoHook = {
    get mode() {
      return mode;
    },
    get auto() {
      return auto !== undefined;
    },
    get encoder() {
      return stats.encoder;
    },
    get framesDecoded() {
      return stats.framesDecoded;
    },
    get framesDropped() {
      return stats.framesDropped;
    },
    get lastFrameNumber() {
      return stats.lastFrameNumber;
    },
    get lastCaptureUs() {
      return stats.lastCaptureUs;
    },
    get bytes() {
      return stats.bytes;
    },
    get openedAtMs() {
      return stats.openedAtMs;
    },
    get firstFrameAtMs() {
      return stats.firstFrameAtMs;
    },
    get codec() {
      return stats.codec;
    },
    get fallbackReason() {
      return reason;
    },
    get unavailableReason() {
      return unavailable;
    },
    setMode: choose,
  };
  return {
    hook,
    initialMode: auto === undefined ? start.mode : 'vnc',
    rfbOptions: viewerKey === undefined ? {} : { viewerKey },
    choose,
    trackCanvas(target) {
      canvas = target;
      overlay?.track(target);
    },
    showModeIn(show) {
      listener = show;
      changed();
    },
  };
}

/** 22 URL-safe random characters naming this page to the gateway (auto mode's two sockets). */
function randomViewerKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** What this browser and gateway offer video mode. */
async function probeCapabilities(): Promise<VideoCapabilities> {
  const gatewayVideo = document.querySelector('meta[name="helios-video"]')?.getAttribute('content') === 'on';
  const secureContext = window.isSecureContext;
  const videoDecoder = typeof VideoDecoder === 'function';
  let h264 = false;
  if (videoDecoder) {
    try {
      h264 =
        (await VideoDecoder.isConfigSupported({ codec: PROBE_CODEC, optimizeForLatency: true })).supported ===
        true;
    } catch {
      // A browser that throws on the question cannot decode it either.
    }
  }
  return { gatewayVideo, secureContext, videoDecoder, h264 };
}

function unavailableText(capabilities: VideoCapabilities): string | undefined {
  const missing = missingCapability(capabilities);
  return missing === undefined ? undefined : fallbackReason(missing);
}

function readStored(): string | null {
  try {
    return localStorage.getItem(VIDEO_MODE_STORAGE_KEY);
  } catch {
    return null;
  }
}

function remember(mode: ModeRequest): void {
  try {
    localStorage.setItem(VIDEO_MODE_STORAGE_KEY, mode);
  } catch {
    // Storage refused (sandboxed frame, privacy mode): the choice lasts this visit only.
  }
}
