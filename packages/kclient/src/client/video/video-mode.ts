/**
 * How the page gets its pixels:
 * - `vnc`: noVNC draws what Xvnc sends over RFB (the default);
 * - `video`: RFB carries input, cursor and resizes only, and the picture is
 *   H.264 from `{prefix}video`, decoded with WebCodecs (docs/video-transport.md);
 * - `auto` (a request, not a mode): where the browser and the gateway can do
 *   video, RFB while the screen is still and video while it moves
 *   (auto-switch.ts); VNC elsewhere.
 */
export type PageMode = 'video' | 'vnc';

/** What a link (`?mode=`) or the viewer's remembered choice asks for. */
export type ModeRequest = PageMode | 'auto';

/** localStorage key that remembers the toolbar's choice. */
export const VIDEO_MODE_STORAGE_KEY = 'helios.mode';

/** `video`, `vnc` or `auto`; undefined for anything else (missing, mistyped). */
export function parseModeRequest(value: string | null | undefined): ModeRequest | undefined {
  return value === 'video' || value === 'vnc' || value === 'auto' ? value : undefined;
}

/** `?mode=` of the page URL wins over the remembered choice; without either the page uses VNC. */
export function chooseModeRequest(sources: { query: string | null; stored: string | null }): ModeRequest {
  return parseModeRequest(sources.query) ?? parseModeRequest(sources.stored) ?? 'vnc';
}

/** What video mode needs, as the page finds it. */
export interface VideoCapabilities {
  /** `window.isSecureContext`: browsers offer WebCodecs nowhere else. */
  readonly secureContext: boolean;
  /** `VideoDecoder` exists. */
  readonly videoDecoder: boolean;
  /** `VideoDecoder.isConfigSupported` accepts H.264 (false when it was not asked). */
  readonly h264: boolean;
  /** The gateway's `<meta name="helios-video" content="on">`. */
  readonly gatewayVideo: boolean;
}

/**
 * Why video is not shown, as a stable code; the first four come from
 * {@link VideoCapabilities}, the others happen while video runs.
 */
export type FallbackCode =
  | 'gateway-video-off'
  | 'insecure-context'
  | 'no-video-decoder'
  | 'h264-unsupported'
  | 'codec-unsupported'
  | 'encoder-unavailable'
  | 'decoder-failing'
  | 'video-socket-refused';

/** What the toolbar says for each {@link FallbackCode}. */
const FALLBACK_TEXT: Readonly<Record<FallbackCode, string>> = {
  'gateway-video-off': 'video is off on this desktop',
  'insecure-context': 'video needs HTTPS (or localhost)',
  'no-video-decoder': 'this browser has no WebCodecs VideoDecoder',
  'h264-unsupported': 'this browser cannot decode H.264',
  'codec-unsupported': "this browser cannot decode the desktop's H.264 profile or size",
  'encoder-unavailable': 'the desktop cannot encode video',
  'decoder-failing': 'the video decoder keeps failing',
  'video-socket-refused': 'the gateway refused the video connection',
};

/** `code: text` (and the detail, when there is one), as the hook and the toolbar show it. */
export function fallbackReason(code: FallbackCode, detail?: string): string {
  return `${code}: ${FALLBACK_TEXT[code]}${detail ? ` (${detail})` : ''}`;
}

/** The first thing that rules video out, or undefined when video can run. */
export function missingCapability(capabilities: VideoCapabilities): FallbackCode | undefined {
  if (!capabilities.gatewayVideo) return 'gateway-video-off';
  if (!capabilities.secureContext) return 'insecure-context';
  if (!capabilities.videoDecoder) return 'no-video-decoder';
  if (!capabilities.h264) return 'h264-unsupported';
  return undefined;
}

/** The mode the page starts in, and why it is not the one asked for. */
export interface ModeDecision {
  readonly mode: PageMode;
  readonly fallbackReason: string | undefined;
}

/**
 * Video when it was asked for (`video`, `auto`) and can run; VNC otherwise,
 * with the reason when video was asked for but cannot run.
 */
export function decideMode(request: ModeRequest, capabilities: VideoCapabilities): ModeDecision {
  if (request === 'vnc') return { mode: 'vnc', fallbackReason: undefined };
  const missing = missingCapability(capabilities);
  return missing === undefined
    ? { mode: 'video', fallbackReason: undefined }
    : { mode: 'vnc', fallbackReason: fallbackReason(missing) };
}
