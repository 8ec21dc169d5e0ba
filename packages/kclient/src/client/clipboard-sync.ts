import type RFB from '@novnc/novnc';

/** The parts of the async clipboard API this uses (absent in some browsers and insecure contexts). */
export interface ClipboardLike {
  readText?(): Promise<string>;
  writeText?(text: string): Promise<void>;
}

/**
 * Keeps the browser's clipboard and the desktop's in step, both ways, where
 * the async clipboard API allows:
 * - desktop -> browser: every ServerCutText is written to the local clipboard;
 * - browser -> desktop: when the page gains focus (the moment a user comes
 *   back after copying elsewhere) the local clipboard is read and, if it
 *   changed, sent to the desktop.
 * Browsers that refuse (no permission, Firefox without a gesture) leave the
 * manual clipboard box in the toolbar as the fallback.
 */
export class ClipboardSync {
  readonly #clipboard: ClipboardLike | undefined;
  #rfb: RFB | undefined;
  /** Last text known to be on both sides, so nothing is echoed back. */
  #last = '';
  readonly #onRemote: (text: string) => void;

  constructor(clipboard: ClipboardLike | undefined, onRemote: (text: string) => void) {
    this.#clipboard = clipboard;
    this.#onRemote = onRemote;
  }

  /** Follows a new connection. */
  attach(rfb: RFB): void {
    this.#rfb = rfb;
    rfb.addEventListener('clipboard', (event) => {
      const text = (event as CustomEvent<{ text: string }>).detail.text;
      this.#last = text;
      this.#onRemote(text);
      this.#clipboard?.writeText?.(text).catch(() => {});
    });
    rfb.addEventListener('connect', () => {
      void this.pushLocal();
    });
  }

  /** Reads the local clipboard and sends it to the desktop if it changed. */
  async pushLocal(): Promise<void> {
    let text: string | undefined;
    try {
      text = await this.#clipboard?.readText?.();
    } catch {
      return;
    }
    if (text !== undefined) this.send(text);
  }

  /** Sends `text` to the desktop (also used by the manual clipboard box). */
  send(text: string): void {
    if (text === this.#last || this.#rfb === undefined) return;
    this.#last = text;
    this.#rfb.clipboardPasteFrom(text);
  }
}
