import type { AudioView } from './audio-client.ts';

/** What the audio controls can ask for. */
export interface AudioActions {
  setEnabled(enabled: boolean): void;
  setMuted(muted: boolean): void;
  setMic(on: boolean): void;
}

const STATE_LABELS: Record<AudioView['state'], string> = {
  off: 'Audio off',
  waiting: 'Audio: click to start',
  connecting: 'Audio: connecting…',
  on: 'Audio on',
  error: 'Audio unavailable',
};

/**
 * The always-visible audio bar: on/off toggle, mute, a level meter (its
 * `data-level` attribute holds the 0..1 level, for tests and automation)
 * and, unless view-only, the microphone. Returns the function that redraws
 * it from an {@link AudioView}.
 */
export function mountAudioControls(
  root: HTMLElement,
  actions: AudioActions,
  options: { viewOnly: boolean; secure: boolean },
): (view: AudioView) => void {
  root.innerHTML = '';
  const toggle = button('audio-toggle', '🔈', 'Turn desktop audio on or off');
  const mute = button('audio-mute', 'Mute', 'Mute desktop audio (it keeps flowing)');
  const meter = document.createElement('span');
  meter.id = 'audio-level';
  meter.setAttribute('role', 'meter');
  meter.setAttribute('aria-label', 'Desktop audio level');
  meter.setAttribute('aria-valuemin', '0');
  meter.setAttribute('aria-valuemax', '1');
  const bar = document.createElement('span');
  meter.append(bar);
  const mic = button('audio-mic', '🎤', 'Send your microphone to the desktop');
  mic.hidden = options.viewOnly;
  root.append(toggle, mute, meter, mic);

  let view: AudioView | undefined;
  toggle.addEventListener('click', () =>
    actions.setEnabled(view?.state === 'off' || view?.state === 'error'),
  );
  mute.addEventListener('click', () => actions.setMuted(!(view?.muted ?? false)));
  mic.addEventListener('click', () => actions.setMic(view?.mic !== 'on' && view?.mic !== 'starting'));

  return (next) => {
    view = next;
    const on = next.state !== 'off';
    toggle.dataset.state = next.state;
    toggle.setAttribute('aria-pressed', String(on));
    toggle.textContent = on ? '🔊' : '🔈';
    toggle.title =
      next.error !== undefined && next.state === 'error'
        ? `${STATE_LABELS.error}: ${next.error}`
        : STATE_LABELS[next.state];
    mute.setAttribute('aria-pressed', String(next.muted));
    mute.textContent = next.muted ? 'Unmute' : 'Mute';
    mute.disabled = !on;
    const level = on ? next.level : 0;
    meter.dataset.level = level.toFixed(2);
    meter.setAttribute('aria-valuenow', level.toFixed(2));
    bar.style.width = `${Math.round(level * 100)}%`;
    mic.dataset.state = next.mic;
    mic.setAttribute('aria-pressed', String(next.mic === 'on'));
    mic.disabled = next.mic === 'unavailable' || (next.state !== 'on' && next.mic !== 'on');
    mic.title = micTitle(next.mic, options.secure);
  };
}

function micTitle(mic: AudioView['mic'], secure: boolean): string {
  if (mic === 'busy') return 'Someone else is using the microphone';
  // The browser offers no microphone to a page that is not a secure context.
  if (mic === 'unavailable' && !secure) return 'The microphone needs HTTPS (see the note)';
  return `Microphone: ${mic}`;
}

function button(id: string, text: string, title: string): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.id = id;
  element.textContent = text;
  element.title = title;
  return element;
}
