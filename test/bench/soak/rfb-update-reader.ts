/**
 * Reads the server-to-client RFB stream after ServerInit (pure): counts
 * complete FramebufferUpdates and skips their pixel data without decoding
 * it. The soak's raw viewers announce only CopyRect, ZRLE and Raw, whose
 * lengths are known without decoding (ZRLE carries a length prefix), so a
 * viewer costs the gateway and Xvnc what a real one does while costing the
 * benchmark almost nothing.
 */

/** RFB encoding numbers the soak viewers announce, most preferred first (RFC 6143). */
export const SOAK_VIEWER_ENCODINGS = Object.freeze([1, 16, 0]);

const ENCODING = { raw: 0, copyRect: 1, zrle: 16 } as const;

type Step =
  | { readonly kind: 'message-type' }
  | { readonly kind: 'update-header' }
  | { readonly kind: 'rect-header'; readonly left: number }
  | { readonly kind: 'zrle-length'; readonly left: number }
  /** A rectangle's data is read; `left` rectangles of the update follow. */
  | { readonly kind: 'rect-done'; readonly left: number }
  | { readonly kind: 'skip'; readonly bytes: number; readonly next: Step }
  | { readonly kind: 'colour-map-header' }
  | { readonly kind: 'cut-text-header' };

/** Bytes each step reads before it can decide the next one. */
const STEP_BYTES: Readonly<Record<Exclude<Step['kind'], 'skip'>, number>> = {
  'message-type': 1,
  'update-header': 3,
  'rect-header': 12,
  'zrle-length': 4,
  'rect-done': 0,
  'colour-map-header': 5,
  'cut-text-header': 7,
};

/** Thrown when the stream holds something the soak viewer did not ask for. */
export class RfbStreamError extends Error {
  readonly code = 'HELIOS_SOAK_RFB_STREAM';
}

export class RfbUpdateReader {
  /** Complete FramebufferUpdate messages read so far. */
  updates = 0;
  /** Bytes read so far. */
  bytes = 0;
  readonly #bytesPerPixel: number;
  #pending: Buffer = Buffer.alloc(0);
  #step: Step = { kind: 'message-type' };

  /** @param bitsPerPixel from ServerInit's pixel format (the viewer keeps the server's). */
  constructor(bitsPerPixel: number) {
    this.#bytesPerPixel = bitsPerPixel / 8;
  }

  /** Feeds the next chunk of the stream; returns how many updates it completed. */
  push(chunk: Uint8Array): number {
    const before = this.updates;
    this.bytes += chunk.length;
    this.#pending = this.#pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#pending, chunk]);
    for (;;) {
      const step = this.#step;
      if (step.kind === 'skip') {
        const taken = Math.min(step.bytes, this.#pending.length);
        this.#pending = this.#pending.subarray(taken);
        if (taken < step.bytes) {
          this.#step = { ...step, bytes: step.bytes - taken };
          break;
        }
        this.#step = step.next;
        continue;
      }
      const need = STEP_BYTES[step.kind];
      if (this.#pending.length < need) break;
      const head = this.#pending.subarray(0, need);
      this.#pending = this.#pending.subarray(need);
      this.#step = this.#next(step, head);
    }
    return this.updates - before;
  }

  #next(step: Exclude<Step, { kind: 'skip' }>, head: Buffer): Step {
    switch (step.kind) {
      case 'message-type': {
        const type = head[0];
        if (type === 0) return { kind: 'update-header' };
        if (type === 1) return { kind: 'colour-map-header' };
        if (type === 2) return { kind: 'message-type' };
        if (type === 3) return { kind: 'cut-text-header' };
        throw new RfbStreamError(
          `RFB message type ${type} (expected 0-3: the viewer asked for no extension)`,
        );
      }
      case 'update-header':
        return { kind: 'rect-done', left: head.readUInt16BE(1) };
      case 'rect-header': {
        const width = head.readUInt16BE(4);
        const height = head.readUInt16BE(6);
        const encoding = head.readInt32BE(8);
        const done = { kind: 'rect-done', left: step.left - 1 } as const;
        if (encoding === ENCODING.copyRect) return { kind: 'skip', bytes: 4, next: done };
        if (encoding === ENCODING.zrle) return { kind: 'zrle-length', left: step.left - 1 };
        if (encoding === ENCODING.raw)
          return { kind: 'skip', bytes: width * height * this.#bytesPerPixel, next: done };
        throw new RfbStreamError(
          `RFB rectangle with encoding ${encoding} (expected one of ${SOAK_VIEWER_ENCODINGS.join(', ')})`,
        );
      }
      case 'zrle-length':
        return { kind: 'skip', bytes: head.readUInt32BE(0), next: { kind: 'rect-done', left: step.left } };
      case 'rect-done':
        if (step.left > 0) return { kind: 'rect-header', left: step.left };
        this.updates += 1;
        return { kind: 'message-type' };
      case 'colour-map-header':
        return { kind: 'skip', bytes: 6 * head.readUInt16BE(3), next: { kind: 'message-type' } };
      case 'cut-text-header':
        return { kind: 'skip', bytes: head.readUInt32BE(3), next: { kind: 'message-type' } };
    }
  }
}
