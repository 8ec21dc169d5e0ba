import { limitText } from './byte-sizes.ts';
import { displayPath, type FilePath } from './file-paths.ts';
import type { FileTransferRules } from './file-policy.ts';
import type { FolderView } from './folder-view.ts';

/** What the panel asks of the feature. */
export interface FilesPanelActions {
  /** The user picked files to upload. */
  upload(files: readonly File[]): void;
  /** The panel opened: time to list the folder again. */
  opened(): void;
  /** The panel closed with keyboard focus in it: the focus goes back to the desktop. */
  closedWithFocus(): void;
}

/**
 * The files dialog beside the toolbar: the upload picker with where files
 * go and the largest upload, a line for the page's own messages (uploads
 * off, for instance), the list of uploads, and, where downloads are
 * allowed, the folder view. It covers the desktop only while open: it
 * closes on its × button, on Escape and on a press outside it. Keys typed
 * in it stay in it: the desktop only gets keys from its own input field.
 */
export class FilesPanel {
  readonly element: HTMLElement;
  readonly uploadRows: HTMLUListElement;
  readonly #message: HTMLParagraphElement;
  readonly #target: HTMLElement | undefined;
  readonly #actions: FilesPanelActions;
  /** `, up to 10 GiB`, or nothing when the gateway does not say. */
  readonly #limit: string;
  /** The toolbar button that opens the panel: a press on it is no press outside. */
  #opener: HTMLElement | undefined;

  constructor(rules: FileTransferRules, folderView: FolderView | undefined, actions: FilesPanelActions) {
    this.#actions = actions;
    const panel = document.createElement('section');
    panel.id = 'files-panel';
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', 'Files');
    panel.hidden = true;
    this.element = panel;

    const header = document.createElement('header');
    const title = document.createElement('h2');
    title.textContent = 'Files';
    const close = document.createElement('button');
    close.type = 'button';
    close.id = 'files-close';
    close.textContent = '×';
    close.title = 'Close (Esc)';
    close.addEventListener('click', () => this.close());
    header.append(title, close);
    panel.append(header);

    if (rules.upload) {
      const pick = document.createElement('div');
      pick.id = 'files-upload';
      const input = document.createElement('input');
      input.type = 'file';
      input.multiple = true;
      input.id = 'files-input';
      input.hidden = true;
      input.addEventListener('change', () => {
        const files = [...(input.files ?? [])];
        // The same file picked again must fire change again.
        input.value = '';
        if (files.length > 0) actions.upload(files);
      });
      const button = document.createElement('button');
      button.type = 'button';
      button.id = 'files-pick';
      button.textContent = 'Upload files…';
      button.addEventListener('click', () => input.click());
      const target = document.createElement('p');
      target.className = 'files-hint';
      this.#target = target;
      pick.append(input, button, target);
      panel.append(pick);
    }

    this.#message = document.createElement('p');
    this.#message.id = 'files-message';
    this.#message.setAttribute('role', 'alert');
    this.#message.hidden = true;
    this.uploadRows = document.createElement('ul');
    this.uploadRows.id = 'files-uploads';
    panel.append(this.#message, this.uploadRows);
    if (folderView !== undefined) panel.append(folderView.element);
    this.#limit = rules.maxMb === undefined ? '' : `, ${limitText(rules.maxMb)}`;

    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });
    // Capture phase: noVNC stops the events it handles on its canvas.
    document.addEventListener(
      'pointerdown',
      (event) => {
        if (
          !panel.hidden &&
          !panel.contains(event.target as Node) &&
          !this.#opener?.contains(event.target as Node)
        ) {
          this.close();
        }
      },
      true,
    );
    document.body.append(panel);
  }

  /** Says where uploads go: the folder shown, or ~/Downloads. */
  showTarget(folder: FilePath): void {
    if (this.#target === undefined) return;
    this.#target.textContent = `To ${displayPath(folder)}, or drop files anywhere on the page${this.#limit}`;
  }

  /** A message of the page's own (an upload refused before sending), until the next one or `undefined`. */
  showMessage(text: string | undefined): void {
    this.#message.textContent = text ?? '';
    this.#message.hidden = text === undefined;
  }

  /** Remembers the button that opens the panel. */
  openedBy(button: HTMLElement): void {
    this.#opener = button;
    button.setAttribute('aria-controls', 'files-panel');
    button.setAttribute('aria-expanded', 'false');
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  /** Shows the panel; `focus` moves keyboard focus into it (opened from the keyboard or the toolbar). */
  open(options: { focus: boolean } = { focus: false }): void {
    const wasOpen = this.isOpen;
    this.element.hidden = false;
    this.#opener?.setAttribute('aria-expanded', 'true');
    if (options.focus) {
      const first = ['#files-pick', '#files-refresh', '#files-close']
        .map((selector) => this.element.querySelector<HTMLElement>(selector))
        .find((element) => element !== null);
      first?.focus();
    }
    if (!wasOpen) this.#actions.opened();
  }

  close(): void {
    if (!this.isOpen) return;
    const hadFocus = this.element.contains(document.activeElement);
    this.element.hidden = true;
    this.#opener?.setAttribute('aria-expanded', 'false');
    // Focus left in a hidden panel would swallow the next keys meant for the desktop.
    if (hadFocus) this.#actions.closedWithFocus();
  }
}
