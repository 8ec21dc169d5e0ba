import { SCREEN_PLACES, type ScreenPlace } from '../shared/screen-layout.ts';
import type { HidpiMode } from './hidpi-mode.ts';
import { mountTouchKeys, type TouchKeys, type TouchKeysActions } from './touch-keys.ts';
import type { PageMode } from './video/video-mode.ts';

/** What the toolbar can ask the page to do. */
export interface ToolbarActions extends TouchKeysActions {
  toggleFullscreen(): void;
  setScale(scale: boolean): void;
  setHidpiMode(mode: HidpiMode): void;
  /** Video (H.264) or VNC pixels; remembered per browser. */
  setPageMode(mode: PageMode): void;
  sendClipboard(text: string): void;
  sendCtrlAltDel(): void;
  /**
   * Makes the desktop take this window's size though another viewer owns
   * the screen size (README, "Several viewers"); no button without it.
   */
  takeOverScreen?(): void;
  /**
   * Opens a window that becomes one more monitor at `place` (README,
   * "Several screens"); no button without it.
   */
  addScreen?(place: ScreenPlace): void;
}

/** What the toolbar shows when it opens. */
export interface ToolbarOptions {
  readonly viewOnly: boolean;
  readonly scale: boolean;
  readonly hidpiMode: HidpiMode;
  readonly pageMode: PageMode;
  /** Sections other features own (audio), shown at the top of the panel. */
  readonly sections: readonly HTMLElement[];
  /**
   * Where the row of keys a phone lacks goes (touch-keys.ts), on touch
   * screens; undefined for no row (no touch screen, or view-only).
   */
  readonly touchKeys: HTMLElement | undefined;
  /** Where "Add screen" puts the next screen (remembered per browser). */
  readonly screenPlace: ScreenPlace;
}

/**
 * The page's controls, kept off the remote desktop: a slim handle at the
 * middle of the left edge (XFCE's panel is at the top, its dock at the
 * bottom centre) opens a panel with the other features' sections,
 * fullscreen, HiDPI mode, fit mode (remote resize or local scaling), video
 * or VNC pixels (with the reason when video is not possible), a
 * clipboard box for browsers without async clipboard access, and
 * Ctrl+Alt+Del. The panel closes on the handle, on Escape and on a press
 * anywhere else, so it only covers the desktop while the user works in it.
 * On touch screens a row of keys a phone lacks, with a button for the
 * on-screen keyboard, stays in view (touch-keys.ts).
 * Returns functions that show desktop clipboard text in the box and the
 * page mode, one that closes the panel, and the touch key row if there is one.
 */
export function mountToolbar(
  root: HTMLElement,
  actions: ToolbarActions,
  options: ToolbarOptions,
): {
  showRemoteClipboard(text: string): void;
  showPageMode(mode: PageMode, reason: string | undefined): void;
  /** Closes the panel (another feature opened a panel of its own). */
  close(): void;
  /** Shows why a screen cannot be added or its layout was refused; undefined hides it. */
  showScreenProblem(message: string | undefined): void;
  readonly touchKeys: TouchKeys | undefined;
} {
  root.replaceChildren();
  const toggle = button('☰', 'Show controls');
  toggle.id = 'toolbar-toggle';
  toggle.setAttribute('aria-controls', 'toolbar-panel');
  const panel = document.createElement('div');
  panel.id = 'toolbar-panel';
  const setOpen = (open: boolean) => {
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.title = open ? 'Hide controls' : 'Show controls';
  };
  setOpen(false);
  toggle.addEventListener('click', () => setOpen(panel.hidden));
  panel.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    setOpen(false);
    toggle.focus();
  });
  // Capture phase: noVNC stops the events it handles on its canvas.
  document.addEventListener(
    'pointerdown',
    (event) => {
      if (!panel.hidden && !root.contains(event.target as Node)) setOpen(false);
    },
    true,
  );

  panel.append(...options.sections);

  const fullscreen = button('Fullscreen', 'Toggle fullscreen');
  fullscreen.id = 'fullscreen';
  fullscreen.addEventListener('click', () => actions.toggleFullscreen());
  panel.append(fullscreen);

  const sharp = checkbox('hidpi-sharp', ' Sharp text (HiDPI)', {
    checked: options.hidpiMode === 'sharp',
    disabled: options.viewOnly,
    title:
      'On HiDPI screens: one desktop pixel per screen pixel, the desktop scaled up to match. Off: a quarter of the pixels to send, blurred.',
    onChange: (checked) => actions.setHidpiMode(checked ? 'sharp' : 'light'),
  });
  const scale = checkbox('scale', ' Scale instead of resizing the desktop', {
    checked: options.scale,
    disabled: options.viewOnly,
    title: 'Leave the desktop size alone and fit it into the window',
    onChange: (checked) => actions.setScale(checked),
  });
  const video = checkbox('video-mode', ' Video (H.264)', {
    checked: options.pageMode === 'video',
    disabled: false,
    title: 'Pixels as H.264 video decoded by the browser: smoother motion, less bandwidth. Off: VNC.',
    onChange: (checked) => actions.setPageMode(checked ? 'video' : 'vnc'),
  });
  const videoReason = document.createElement('p');
  videoReason.id = 'video-fallback';
  videoReason.hidden = true;
  panel.append(sharp, scale, video, videoReason);

  const takeOverScreen = actions.takeOverScreen?.bind(actions);
  if (!options.viewOnly && takeOverScreen !== undefined) {
    const takeOver = button(
      'Take over the screen size',
      "Resize the desktop to this window, though another viewer's size applies now",
    );
    takeOver.id = 'take-over-screen';
    takeOver.addEventListener('click', () => {
      takeOverScreen();
      setOpen(false);
    });
    panel.append(takeOver);
  }

  const screenProblem = document.createElement('p');
  screenProblem.id = 'screen-problem';
  screenProblem.hidden = true;
  const addScreen = actions.addScreen?.bind(actions);
  if (!options.viewOnly && addScreen !== undefined) {
    const row = document.createElement('div');
    row.className = 'add-screen';
    const place = document.createElement('select');
    place.id = 'screen-place';
    place.title = 'Where the new screen goes, beside the screens there are';
    for (const name of SCREEN_PLACES)
      place.append(new Option(name, name, false, name === options.screenPlace));
    const add = button('Add screen', 'Open a window that becomes one more monitor of this desktop (up to 4)');
    add.id = 'add-screen';
    add.addEventListener('click', () => {
      addScreen(place.value as ScreenPlace);
      setOpen(false);
    });
    row.append(add, place);
    panel.append(row, screenProblem);
  }

  const clipboard = document.createElement('textarea');
  clipboard.id = 'clipboard';
  clipboard.rows = 3;
  clipboard.placeholder = 'Clipboard: text here is sent to the desktop';
  clipboard.disabled = options.viewOnly;
  clipboard.addEventListener('change', () => actions.sendClipboard(clipboard.value));
  panel.append(clipboard);

  if (!options.viewOnly) {
    const cad = button('Ctrl+Alt+Del', 'Send Ctrl+Alt+Del');
    cad.addEventListener('click', () => actions.sendCtrlAltDel());
    panel.append(cad);
  }

  root.append(toggle, panel);
  return {
    showRemoteClipboard(text) {
      clipboard.value = text;
    },
    showPageMode(mode, reason) {
      (video.querySelector('input') as HTMLInputElement).checked = mode === 'video';
      videoReason.textContent = reason === undefined ? '' : `VNC: ${reason}`;
      videoReason.hidden = reason === undefined;
    },
    close: () => setOpen(false),
    showScreenProblem(message) {
      screenProblem.textContent = message ?? '';
      screenProblem.hidden = message === undefined;
    },
    touchKeys: options.touchKeys === undefined ? undefined : mountTouchKeys(options.touchKeys, actions),
  };
}

function button(text: string, title: string): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = text;
  element.title = title;
  return element;
}

function checkbox(
  id: string,
  text: string,
  options: { checked: boolean; disabled: boolean; title: string; onChange(checked: boolean): void },
): HTMLLabelElement {
  const label = document.createElement('label');
  label.title = options.title;
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.id = id;
  input.checked = options.checked;
  input.disabled = options.disabled;
  input.addEventListener('change', () => options.onChange(input.checked));
  label.append(input, text);
  return label;
}
