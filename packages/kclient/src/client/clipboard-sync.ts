import type RFB from '@novnc/novnc';

/** The parts of the async clipboard API this uses (absent in some browsers and insecure contexts). */
export interface ClipboardLike {
  readText?(): Promise<string>;
  writeText?(text: string): Promise<void>;
}

/** What the Permissions API says of `clipboard-read`; `unsupported` where it knows no such permission. */
export type ClipboardReadPermission = PermissionState | 'unsupported';

/**
 * Whether the page may read the clipboard without being asked to at that
 * moment. Chromium keeps a `clipboard-read` permission: granted, reads are
 * silent; prompt, it asks once. Firefox and Safari have no such permission
 * and show a "Paste" menu at every read instead, which takes the keyboard
 * until it is dismissed: reading there on focus would put that menu under
 * the pointer each time the user comes back and swallow the first keys.
 */
export function readsClipboardUnasked(permission: ClipboardReadPermission): boolean {
  return permission === 'granted' || permission === 'prompt';
}

/** The browser's `clipboard-read` permission state (never throws). */
export async function clipboardReadPermission(
  permissions: Pick<Permissions, 'query'> | undefined,
): Promise<ClipboardReadPermission> {
  try {
    if (permissions === undefined) return 'unsupported';
    // Not in TypeScript's PermissionName; Firefox and Safari throw a TypeError for it.
    return (await permissions.query({ name: 'clipboard-read' as PermissionName })).state;
  } catch {
    return 'unsupported';
  }
}

/**
 * Keeps the browser's clipboard and the desktop's in step, both ways, where
 * the async clipboard API allows:
 * - desktop -> browser: every ServerCutText is written to the local clipboard;
 * - browser -> desktop: when the page connects or gains focus (the moment a
 *   user comes back after copying elsewhere) the local clipboard is read and,
 *   if it changed, sent to the desktop, where the browser reads it without a
 *   prompt of its own each time ({@link readsClipboardUnasked}).
 * Elsewhere (Firefox, Safari), and where the browser refuses, the manual
 * clipboard box in the toolbar is the way in.
 */
export class ClipboardSync {
  readonly #clipboard: ClipboardLike | undefined;
  #rfb: RFB | undefined;
  /** Last text known to be on both sides, so nothing is echoed back. */
  #last = '';
  readonly #onRemote: (text: string) => void;
  readonly #readPermission: Promise<ClipboardReadPermission>;

  constructor(
    clipboard: ClipboardLike | undefined,
    onRemote: (text: string) => void,
    readPermission: Promise<ClipboardReadPermission>,
  ) {
    this.#clipboard = clipboard;
    this.#onRemote = onRemote;
    this.#readPermission = readPermission;
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
      void this.pushOnReturn();
    });
  }

  /** The user is back (connected, focused, tab shown): {@link pushLocal} where that reads unasked. */
  async pushOnReturn(): Promise<void> {
    if (readsClipboardUnasked(await this.#readPermission)) await this.pushLocal();
  }

  /** Reads the local clipboard and sends it to the desktop if it changed (whatever the browser shows). */
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
