import { AudioClient, type AudioPreferences, type AudioView } from './audio-client.ts';
import { mountAudioControls } from './audio-controls.ts';
import { mountHttpsNote } from './https-note.ts';

/** `window.heliosClient.audio`: the live {@link AudioView} plus controls for tests and automation. */
export interface AudioHook extends AudioView {
  enable(): Promise<void>;
  disable(): void;
  setMuted(muted: boolean): void;
  setMic(on: boolean): Promise<void>;
  /** The last ~170 ms of played samples (before the mute), as plain numbers. */
  samples(): number[];
}

/** Remembers the user's choice across visits; audio is on unless they turned it off. */
const PREFERENCE_KEY = 'helios-audio';

/**
 * Wires the audio client to its controls and the hook. Audio starts on
 * load when the browser allows it, otherwise at the first click or key
 * press. `?audio-codec=wasm` in the page URL forces the WebAssembly codec,
 * `?audio-output=scheduled` the output used where AudioWorklet is missing.
 * A page that is not a secure context also gets the HTTPS note.
 */
export function mountAudio(root: HTMLElement, options: { viewOnly: boolean; pageHref: string }): AudioHook {
  const secure = window.isSecureContext;
  const client = new AudioClient({
    pageHref: options.pageHref,
    viewOnly: options.viewOnly,
    secure,
    onChange: (view) => {
      Object.assign(hook, view);
      render(view);
    },
    prefer: preferencesFrom(options.pageHref),
  });
  const remember = (on: boolean) => {
    try {
      localStorage.setItem(PREFERENCE_KEY, on ? 'on' : 'off');
    } catch {
      // Storage blocked (private mode): the choice lasts for this page only.
    }
  };
  const render = mountAudioControls(
    root,
    {
      setEnabled(enabled) {
        remember(enabled);
        if (enabled) {
          client.disable();
          void client.enable();
        } else client.disable();
      },
      setMuted: (muted) => client.setMuted(muted),
      setMic: (on) => void client.setMic(on),
    },
    { viewOnly: options.viewOnly, secure },
  );
  if (!secure) mountHttpsNote(options);
  const hook: AudioHook = {
    ...client.view,
    enable: () => client.enable(),
    disable: () => client.disable(),
    setMuted: (muted) => client.setMuted(muted),
    setMic: (on) => client.setMic(on),
    samples: () => Array.from(client.samples()),
  };
  render(client.view);
  let preference: string | null = null;
  try {
    preference = localStorage.getItem(PREFERENCE_KEY);
  } catch {}
  if (preference !== 'off') void client.enable();
  return hook;
}

function preferencesFrom(pageHref: string): AudioPreferences {
  const query = new URL(pageHref).searchParams;
  return {
    ...(query.get('audio-codec') === 'wasm' ? { codec: 'wasm' } : {}),
    ...(query.get('audio-output') === 'scheduled' ? { output: 'scheduled' } : {}),
  };
}
