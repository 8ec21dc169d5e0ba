/** What the toolbar can ask the page to do. */
export interface ToolbarActions {
  toggleFullscreen(): void;
  setScale(scale: boolean): void;
  sendClipboard(text: string): void;
  sendCtrlAltDel(): void;
}

/**
 * The small control bar: fullscreen, fit mode (remote resize or local
 * scaling), a clipboard box for browsers without async clipboard access,
 * and Ctrl+Alt+Del. Returns a function that shows desktop clipboard text
 * in the box.
 */
export function mountToolbar(
  root: HTMLElement,
  actions: ToolbarActions,
  options: { viewOnly: boolean; scale: boolean },
): { showRemoteClipboard(text: string): void } {
  root.innerHTML = '';
  const toggle = button('☰', 'Show controls');
  toggle.id = 'toolbar-toggle';
  const panel = document.createElement('div');
  panel.id = 'toolbar-panel';
  panel.hidden = true;
  toggle.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
  });

  const fullscreen = button('Fullscreen', 'Toggle fullscreen');
  fullscreen.id = 'fullscreen';
  fullscreen.addEventListener('click', () => actions.toggleFullscreen());
  panel.append(fullscreen);

  const scaleLabel = document.createElement('label');
  const scale = document.createElement('input');
  scale.type = 'checkbox';
  scale.id = 'scale';
  scale.checked = options.scale;
  scale.disabled = options.viewOnly;
  scale.addEventListener('change', () => actions.setScale(scale.checked));
  scaleLabel.append(scale, ' Scale instead of resizing the desktop');
  panel.append(scaleLabel);

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
  };
}

function button(text: string, title: string): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = text;
  element.title = title;
  return element;
}
