/**
 * Auto mode (docs/video-transport.md, section 4): a page shows RFB pixels
 * while the screen changes little and H.264 under motion. It names itself
 * with one random viewer key on both of its sockets (`?viewer=KEY`); while a
 * video socket with that key is open, the RFB bridges with the same key are
 * quieted to 1×1, and they are woken (the whole picture sent at once) when
 * the last one closes. Pure bookkeeping: the bridges do the quieting.
 */

/** Quiets (`true`) or wakes (`false`) one bridge's pixel updates. */
export type QuietPixels = (quiet: boolean) => void;

/** What a viewer key looks like: the page makes 22 URL-safe random characters. */
const VIEWER_KEY = /^[A-Za-z0-9_-]{16,64}$/;

/** The `viewer` query parameter when it is a well-formed key; anything else is no key at all. */
export function viewerKeyOf(query: URLSearchParams): string | undefined {
  const key = query.get('viewer');
  return key !== null && VIEWER_KEY.test(key) ? key : undefined;
}

/** Which bridges are quiet, by viewer key. */
export class PixelSwitch {
  readonly #bridges = new Map<string, Set<QuietPixels>>();
  readonly #videoSockets = new Map<string, number>();

  /** Registers a bridge of `key` (quieted at once when its video is already open); returns its removal. */
  attachBridge(key: string, quiet: QuietPixels): () => void {
    let set = this.#bridges.get(key);
    if (set === undefined) {
      set = new Set();
      this.#bridges.set(key, set);
    }
    set.add(quiet);
    if (this.#videoOpen(key)) quiet(true);
    const bridges = set;
    return () => {
      bridges.delete(quiet);
      if (bridges.size === 0 && this.#bridges.get(key) === bridges) this.#bridges.delete(key);
    };
  }

  /** A video socket of `key` opened; returns what to call when it closes (once). */
  videoOpened(key: string): () => void {
    const open = this.#videoSockets.get(key) ?? 0;
    this.#videoSockets.set(key, open + 1);
    if (open === 0) this.#tell(key, true);
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      const left = (this.#videoSockets.get(key) ?? 1) - 1;
      if (left > 0) {
        this.#videoSockets.set(key, left);
        return;
      }
      this.#videoSockets.delete(key);
      this.#tell(key, false);
    };
  }

  /** Keys with a bridge or a video socket: empty once every page left. */
  get size(): number {
    return new Set([...this.#bridges.keys(), ...this.#videoSockets.keys()]).size;
  }

  #videoOpen(key: string): boolean {
    return (this.#videoSockets.get(key) ?? 0) > 0;
  }

  #tell(key: string, quiet: boolean): void {
    for (const bridge of this.#bridges.get(key) ?? []) bridge(quiet);
  }
}
