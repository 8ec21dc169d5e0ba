import type RFB from '@novnc/novnc';
import { type AudioHook, mountAudio } from './audio/audio-feature.ts';
import { ClipboardSync, clipboardReadPermission } from './clipboard-sync.ts';
import { Connection, type ConnectionState } from './connection.ts';
import { mountFiles } from './files/files-feature.ts';
import { keepLocksOnGestureKeys } from './gesture-lock-keys.ts';
import { type HidpiMode, pixelRatioFor } from './hidpi-mode.ts';
import { initialHidpiMode, rememberHidpiMode, watchDevicePixelRatio } from './hidpi-preference.ts';
import { mountRfbQuality, type QualityHook } from './rfb-quality-feature.ts';
import { createRfbRateMeter } from './rfb-rate.ts';
import { rememberedScreenPlace } from './screen-place-preference.ts';
import { mountScreens, type ScreensHook } from './screens-feature.ts';
import { TextInput } from './text-input.ts';
import { mountToolbar } from './toolbar.ts';
import { mountVideo, type VideoHook } from './video/video-feature.ts';

/** The HiDPI part of the hook: what the page asks of the desktop now. */
interface HidpiHook {
  /** `sharp` (physical pixels, desktop scaled) or `light` (CSS pixels). */
  readonly mode: HidpiMode;
  /** Remote pixels per CSS pixel this viewer asks for when it resizes the desktop. */
  readonly pixelRatio: number;
  /** Scale sent to the desktop, or undefined when this viewer does not resize it. */
  readonly desktopScale: number | undefined;
}

/** Test and automation hook: `window.heliosClient`. */
interface HeliosClientHook {
  state: ConnectionState;
  rfb: RFB | undefined;
  viewOnly: boolean;
  /** Last clipboard text received from the desktop. */
  remoteClipboard: string;
  /** Reads the local clipboard and sends it if it changed (on focus too, where the browser reads unasked). */
  pushClipboard(): Promise<void>;
  /** Desktop audio and microphone: state, level, frames, and controls. */
  audio: AudioHook;
  hidpi: HidpiHook;
  /** Video mode: the mode, the H.264 stream's figures, why the page fell back to VNC. */
  video: VideoHook;
  /** Several screens: this page's screen number, the group's layout, a refused layout's message. */
  screens: ScreensHook;
  /** The JPEG quality asked of the desktop: fixed by `?quality=` or adapted to motion. */
  quality: QualityHook;
}

declare global {
  interface Window {
    heliosClient: HeliosClientHook;
  }
}

const screen = document.getElementById('screen') as HTMLElement;
const status = document.getElementById('status') as HTMLElement;
const toolbarRoot = document.getElementById('toolbar') as HTMLElement;
const audioControls = document.getElementById('audio-controls') as HTMLElement;
const viewOnly = document.querySelector('meta[name="helios-view-only"]')?.getAttribute('content') === 'true';
/** Why the group's layout was refused, shown after the connection state. */
let screenProblem: string | undefined;
/** Screen N of a group, opened by another page's "Add screen"; or a plain desktop page. */
const screens = mountScreens({
  pageHref: location.href,
  viewOnly,
  target: screen,
  onProblem(message) {
    screenProblem = message;
    showStatus();
    toolbar.showScreenProblem(message);
  },
});
// A screen window shows its part at one remote pixel per CSS pixel (README "Several screens").
let hidpiMode = screens.role.kind === 'screen' ? 'light' : initialHidpiMode(location.href);
/** A phone or tablet: the toolbar adds the keys its keyboard lacks. */
const touchScreen = navigator.maxTouchPoints > 0 || matchMedia('(pointer: coarse)').matches;
const textInput = viewOnly
  ? undefined
  : new TextInput(screen, { onKeyTyped: () => toolbar.touchKeys?.afterKey() });

const LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  disconnected: 'Disconnected',
};

/** One sampler of the RFB bytes for auto mode and the picture quality. */
const rfbRate = createRfbRateMeter();
// Decided before RFB connects: in video mode its picture is quieted from the first request.
const video = await mountVideo({
  pageHref: location.href,
  screen,
  setRfbVideo: (on) => connection.setVideo(on),
  rfbRate,
});

/** noVNC's canvas of the current connection (the previous one left with its session). */
let rfbCanvas: HTMLCanvasElement | undefined;
const quality = mountRfbQuality({
  pageHref: location.href,
  framebufferPixels: () => (rfbCanvas === undefined ? 0 : rfbCanvas.width * rfbCanvas.height),
  rfbRate,
});

const clipboard = new ClipboardSync(
  viewOnly ? undefined : navigator.clipboard,
  (text) => {
    hook.remoteClipboard = text;
    toolbar.showRemoteClipboard(text);
  },
  clipboardReadPermission(navigator.permissions),
);

const hook: HeliosClientHook = {
  state: 'connecting',
  rfb: undefined,
  viewOnly,
  remoteClipboard: '',
  pushClipboard: () => clipboard.pushLocal(),
  audio: mountAudio(audioControls, {
    viewOnly,
    pageHref: location.href,
  }),
  hidpi: {
    get mode() {
      return hidpiMode;
    },
    get pixelRatio() {
      return connection.pixelRatio;
    },
    get desktopScale() {
      return connection.desktopScale;
    },
  },
  video: video.hook,
  screens: screens.hook,
  quality: quality.hook,
};
window.heliosClient = hook;

const setHidpiMode = (mode: HidpiMode) => {
  hidpiMode = mode;
  connection.setPixelRatio(pixelRatioFor(mode, window.devicePixelRatio));
};

const connection = new Connection({
  target: screen,
  pageHref: location.href,
  viewOnly,
  pixelRatio: pixelRatioFor(hidpiMode, window.devicePixelRatio),
  video: video.initialMode === 'video',
  viewerKey: video.rfbOptions.viewerKey,
  onBytes: (bytes) => rfbRate.count(bytes),
  bridgeParams: () => screens.bridgeParams(),
  onState(state, retryInMs) {
    hook.state = state;
    status.dataset.state = state;
    lastStatus = { state, retryInMs };
    showStatus();
    // A reconnect must not pull focus out of the controls (the clipboard field).
    if (state === 'connected' && (document.activeElement ?? document.body) === document.body) {
      textInput?.focus();
    }
  },
  onRfb(rfb) {
    hook.rfb = rfb;
    rfbCanvas = [...screen.querySelectorAll('canvas')].at(-1);
    if (rfbCanvas !== undefined) video.trackCanvas(rfbCanvas);
    quality.attach(rfb);
    toolbar.touchKeys?.forget();
    keepLocksOnGestureKeys(rfb);
    textInput?.attach(rfb);
    if (!viewOnly) clipboard.attach(rfb);
  },
});

let lastStatus: { state: ConnectionState; retryInMs: number | undefined } = {
  state: 'connecting',
  retryInMs: undefined,
};
function showStatus(): void {
  const { state, retryInMs } = lastStatus;
  const label =
    retryInMs === undefined
      ? LABELS[state]
      : `${LABELS[state]} — retrying in ${Math.ceil(retryInMs / 1000)} s`;
  status.textContent = screenProblem === undefined ? label : `${label} — ${screenProblem}`;
}

screens.start(connection);

// Nothing at all unless the gateway's FILE_TRANSFER policy allows a direction.
const files = mountFiles({
  pageHref: location.href,
  viewOnly,
  focusDesktop: () => textInput?.focus(),
  onOpen: () => toolbar.close(),
});

const toolbar = mountToolbar(
  toolbarRoot,
  {
    toggleFullscreen() {
      if (document.fullscreenElement) void document.exitFullscreen();
      else void document.documentElement.requestFullscreen().catch(() => {});
    },
    setScale: (scale) => connection.setScale(scale),
    setHidpiMode(mode) {
      rememberHidpiMode(mode);
      setHidpiMode(mode);
    },
    setPageMode: (mode) => video.choose(mode),
    sendClipboard: (text) => clipboard.send(text),
    sendCtrlAltDel: () => connection.rfb?.sendCtrlAltDel(),
    sendKey: (keysym, code, down) => connection.rfb?.sendKey(keysym, code, down),
    takeOverScreen: () => connection.takeOverScreen(),
    addScreen: screens.addScreen,
    toggleKeyboard: () => textInput?.toggleKeyboard(),
  },
  {
    viewOnly,
    scale: connection.scale,
    hidpiMode,
    pageMode: video.initialMode,
    sections: files === undefined ? [audioControls] : [audioControls, files.toolbarSection],
    touchKeys: touchScreen && !viewOnly ? (document.getElementById('touch-keys') as HTMLElement) : undefined,
    screenPlace: rememberedScreenPlace(),
  },
);

video.showModeIn((mode, reason) => toolbar.showPageMode(mode, reason));

// Another screen or another zoom: keep one remote pixel per physical pixel.
watchDevicePixelRatio(() => setHidpiMode(hidpiMode));

// Coming back to the tab is when a user has just copied something elsewhere.
window.addEventListener('focus', () => {
  if (!viewOnly) void clipboard.pushOnReturn();
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && !viewOnly) void clipboard.pushOnReturn();
});

connection.connect();
