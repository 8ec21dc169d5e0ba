import type RFB from '@novnc/novnc';
import { type AudioHook, mountAudio } from './audio/audio-feature.ts';
import { ClipboardSync } from './clipboard-sync.ts';
import { Connection, type ConnectionState } from './connection.ts';
import { mountToolbar } from './toolbar.ts';

/** Test and automation hook: `window.heliosClient`. */
interface HeliosClientHook {
  state: ConnectionState;
  rfb: RFB | undefined;
  viewOnly: boolean;
  /** Last clipboard text received from the desktop. */
  remoteClipboard: string;
  /** Reads the local clipboard and sends it if it changed (also runs on focus). */
  pushClipboard(): Promise<void>;
  /** Desktop audio and microphone: state, level, frames, and controls. */
  audio: AudioHook;
}

declare global {
  interface Window {
    heliosClient: HeliosClientHook;
  }
}

const screen = document.getElementById('screen') as HTMLElement;
const status = document.getElementById('status') as HTMLElement;
const toolbarRoot = document.getElementById('toolbar') as HTMLElement;
const viewOnly = document.querySelector('meta[name="helios-view-only"]')?.getAttribute('content') === 'true';

const LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  disconnected: 'Disconnected',
};

const clipboard = new ClipboardSync(viewOnly ? undefined : navigator.clipboard, (text) => {
  hook.remoteClipboard = text;
  toolbar.showRemoteClipboard(text);
});

const hook: HeliosClientHook = {
  state: 'connecting',
  rfb: undefined,
  viewOnly,
  remoteClipboard: '',
  pushClipboard: () => clipboard.pushLocal(),
  audio: mountAudio(document.getElementById('audio-controls') as HTMLElement, {
    viewOnly,
    pageHref: location.href,
  }),
};
window.heliosClient = hook;

const connection = new Connection({
  target: screen,
  pageHref: location.href,
  viewOnly,
  onState(state, retryInMs) {
    hook.state = state;
    status.dataset.state = state;
    status.textContent =
      retryInMs === undefined
        ? LABELS[state]
        : `${LABELS[state]} — retrying in ${Math.ceil(retryInMs / 1000)} s`;
    if (state === 'connected' && !viewOnly) connection.rfb?.focus();
  },
  onRfb(rfb) {
    hook.rfb = rfb;
    if (!viewOnly) clipboard.attach(rfb);
  },
});

const toolbar = mountToolbar(
  toolbarRoot,
  {
    toggleFullscreen() {
      if (document.fullscreenElement) void document.exitFullscreen();
      else void document.documentElement.requestFullscreen().catch(() => {});
    },
    setScale: (scale) => connection.setScale(scale),
    sendClipboard: (text) => clipboard.send(text),
    sendCtrlAltDel: () => connection.rfb?.sendCtrlAltDel(),
  },
  { viewOnly, scale: connection.scale },
);

// Coming back to the tab is when a user has just copied something elsewhere.
window.addEventListener('focus', () => {
  if (!viewOnly) void clipboard.pushLocal();
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && !viewOnly) void clipboard.pushLocal();
});

connection.connect();
