import { RfbProtocolError, RfbUnsupportedError } from './errors.ts';

/** What a client-to-server RFB message does to the desktop. */
export type RfbMessageKind = 'harmless' | 'key' | 'pointer' | 'clipboard' | 'resize' | 'power' | 'gii';

/** Outcome of feeding one chunk of the client stream to {@link RfbInputFilter}. */
export interface RfbFilterResult {
  /** Bytes to send on to the VNC server; the very chunk passed in when nothing was dropped. */
  readonly forward: Buffer;
  /** KeyEvent and QEMU extended key messages forwarded. */
  readonly keys: number;
  /** PointerEvent messages forwarded. */
  readonly pointers: number;
  /** Messages removed because the connection is view-only. */
  readonly dropped: number;
  /** Set once, when a full-access filter met something it cannot follow and stopped parsing. */
  readonly gaveUp?: string;
  /** The key events forwarded, in order, when the filter was made with `reportKeys`; else empty. */
  readonly keyEvents: readonly KeyEventSeen[];
}

/** A key event on its way to the VNC server (KeyEvent or QEMU extended key event). */
export interface KeyEventSeen {
  readonly keysym: number;
  readonly down: boolean;
}

const NO_KEY_EVENTS: readonly KeyEventSeen[] = Object.freeze([]);

type Phase = 'version' | 'security' | 'vnc-auth' | 'client-init' | 'message' | 'passthrough';

/** Longest fixed header of any message we parse (SetPixelFormat). */
const MAX_HEADER = 20;
const EMPTY = Buffer.alloc(0);

/**
 * Follows the client-to-server half of an RFB session (RFC 6143 plus the
 * TigerVNC/QEMU extensions noVNC uses) without ever holding a message body:
 * only headers are buffered, bodies are skipped by length. It counts key and
 * pointer input (the activity signal) and, when view-only, removes every
 * message that would change the desktop, so a modified client cannot type.
 *
 * For a page that shows the screen as video (`?video=1`), every
 * FramebufferUpdateRequest and EnableContinuousUpdates asks for the 1×1
 * rectangle at (0, 0) instead of its own: the VNC server still sends cursor
 * shapes, size changes and fences, but no pixels the page would hide. A
 * `switchable` filter (the page's `auto` mode) is quieted and woken while it
 * runs with {@link RfbInputFilter.quietPixels}.
 *
 * On a `sharedScreen` filter SetDesktopSize goes through only while the
 * bridge owns the screen (see `screen-ownership.ts`); otherwise the filter
 * holds the last one back, and sends it when {@link RfbInputFilter.ownScreen}
 * makes the bridge owner, so the screen takes the new owner's size.
 *
 * A SetDesktopSize from a client that never announced ExtendedDesktopSize
 * (pseudo-encoding -308) in its SetEncodings is dropped: TigerVNC 1.12
 * (bookworm) answers one with a crash (SMsgWriter::writeDesktopSize), and no
 * client that does not announce the extension may send the message.
 *
 * View-only fails closed: a protocol it cannot follow (RFB 3.3, a security
 * type other than None or VNC auth, an unknown message type) throws. A
 * full-access filter instead stops parsing and forwards the rest unchanged,
 * because the VNC server, not the gateway, is the authority there.
 */
export class RfbInputFilter {
  readonly #viewOnly: boolean;
  #video: boolean;
  /** Forwarded bytes are assembled message by message (view-only drops, video rewrites). */
  readonly #rebuild: boolean;
  /** The page's own last FramebufferUpdateRequest and EnableContinuousUpdates, as it sent them. */
  #lastUpdateRequest: Buffer | undefined;
  #lastContinuous: Buffer | undefined;
  /** Messages made by the gateway, sent at the next boundary between the page's messages. */
  #pendingInjection: Buffer | undefined;
  /** SetDesktopSize is forwarded (always, unless `sharedScreen`). */
  #ownsScreen: boolean;
  /** The last SetDesktopSize held back while not owning the screen. */
  #heldResize: Buffer | undefined;
  /** Pieces of the SetDesktopSize being held back, while its body arrives. */
  #capture: Buffer[] | undefined;
  /** Pieces of the SetEncodings passing through, read once whole. */
  #encodings: Buffer[] | undefined;
  /** The client's last SetEncodings named ExtendedDesktopSize: only then may it resize. */
  #extendedDesktopSize = false;
  #phase: Phase = 'version';
  readonly #header = Buffer.alloc(MAX_HEADER);
  #have = 0;
  #need = 12;
  #skip = 0;
  #skipForward = true;
  #handshakeDone = false;
  readonly #reportKeys: boolean;

  /**
   * @param options `viewOnly` drops input; `video` quiets pixel updates to a
   * 1×1 rectangle from the start; `switchable` allows {@link quietPixels};
   * `sharedScreen` holds SetDesktopSize back until {@link ownScreen};
   * `reportKeys` lists the key events forwarded in each result.
   * @default video false, switchable false, sharedScreen false, reportKeys false
   */
  constructor(options: {
    readonly viewOnly: boolean;
    readonly video?: boolean;
    readonly switchable?: boolean;
    readonly sharedScreen?: boolean;
    readonly reportKeys?: boolean;
  }) {
    this.#viewOnly = options.viewOnly;
    this.#reportKeys = options.reportKeys ?? false;
    this.#video = options.video ?? false;
    const shared = options.sharedScreen ?? false;
    this.#ownsScreen = !shared;
    this.#rebuild = this.#viewOnly || this.#video || (options.switchable ?? false) || shared;
  }

  /** Whether this page's SetDesktopSize messages reach the VNC server now. */
  get ownsScreen(): boolean {
    return this.#ownsScreen;
  }

  /**
   * Makes the bridge owner of the screen size (its SetDesktopSize goes
   * through) or not (held back) on a `sharedScreen` filter. On becoming
   * owner, returns the last request held back, for the VNC server, as
   * {@link inject} does; otherwise an empty buffer.
   */
  ownScreen(owns: boolean): Buffer {
    if (this.#ownsScreen === owns || !this.#rebuild) return EMPTY;
    this.#ownsScreen = owns;
    const held = this.#heldResize;
    if (!owns || held === undefined) return EMPTY;
    this.#heldResize = undefined;
    return this.inject(held);
  }

  /**
   * Adds a message made by the gateway to the stream, never inside one of
   * the page's: returns it when the page is between messages (send it right
   * away), or an empty buffer when it waits for the end of the current one
   * and comes out of the next {@link push}. A filter that does not rebuild
   * the stream (full access without video, switching or a shared screen) or
   * that stopped parsing cannot place it and drops it.
   */
  inject(message: Buffer): Buffer {
    if (!this.#rebuild || this.#phase === 'passthrough' || message.length === 0) return EMPTY;
    if (this.#atBoundary()) return message;
    this.#pendingInjection = Buffer.concat([this.#pendingInjection ?? EMPTY, message]);
    return EMPTY;
  }

  /** Between two of the page's messages, after the handshake. */
  #atBoundary(): boolean {
    return this.#phase === 'message' && this.#have === 0 && this.#skip === 0;
  }

  /** Whether pixel updates are quieted to 1×1 now. */
  get pixelsQuiet(): boolean {
    return this.#video;
  }

  /**
   * Quiets pixel updates (the page shows video now) or wakes them (the page
   * shows RFB again) on a `switchable` filter. Returns messages for the VNC
   * server to send right away, or an empty buffer: on waking, the page's own
   * continuous-updates region and a non-incremental request for its last
   * region, so the whole picture arrives at once; on quieting, continuous
   * updates narrowed to 1×1. When the page is in the middle of a message the
   * messages wait for its end and come out of the next {@link push}.
   */
  quietPixels(quiet: boolean): Buffer {
    if (!this.#rebuild || this.#phase === 'passthrough' || quiet === this.#video) return EMPTY;
    this.#video = quiet;
    const messages: Buffer[] = [];
    const continuous = this.#lastContinuous;
    if (continuous !== undefined && continuous[1] === 1)
      messages.push(quiet ? quieted(continuous) : continuous);
    const region = this.#lastUpdateRequest ?? continuous;
    if (!quiet && region !== undefined) {
      const whole = Buffer.from(region);
      whole[0] = 3;
      whole[1] = 0; // non-incremental: everything, not only what changed since
      messages.push(whole);
    }
    if (messages.length === 0) return EMPTY;
    return this.inject(Buffer.concat(messages));
  }

  /**
   * True once the client sent ClientInit: the server has accepted its
   * credentials. Stays false when the filter gave up during the handshake.
   */
  get handshakeDone(): boolean {
    return this.#handshakeDone;
  }

  /** True once the filter stopped parsing (full access only). */
  get passthrough(): boolean {
    return this.#phase === 'passthrough';
  }

  /**
   * Feeds the next chunk of the client stream. Throws {@link RfbProtocolError}
   * or {@link RfbUnsupportedError} only when view-only.
   */
  push(chunk: Buffer): RfbFilterResult {
    const out: Buffer[] = [];
    let keys = 0;
    let pointers = 0;
    let dropped = 0;
    let gaveUp: string | undefined;
    let keyEvents: KeyEventSeen[] | undefined;
    let offset = 0;
    while (offset < chunk.length && this.#phase !== 'passthrough') {
      if (this.#pendingInjection !== undefined && this.#atBoundary()) {
        out.push(this.#pendingInjection);
        this.#pendingInjection = undefined;
      }
      if (this.#skip > 0) {
        const n = Math.min(this.#skip, chunk.length - offset);
        if (this.#skipForward && this.#rebuild) out.push(chunk.subarray(offset, offset + n));
        this.#capture?.push(Buffer.from(chunk.subarray(offset, offset + n)));
        this.#encodings?.push(Buffer.from(chunk.subarray(offset, offset + n)));
        this.#skip -= n;
        offset += n;
        if (this.#skip === 0) this.#endCapture();
        continue;
      }
      const n = Math.min(this.#need - this.#have, chunk.length - offset);
      chunk.copy(this.#header, this.#have, offset, offset + n);
      this.#have += n;
      offset += n;
      if (this.#have < this.#need) break;
      let step: Step;
      try {
        step = this.#advance();
      } catch (error) {
        if (this.#viewOnly) throw error;
        gaveUp = (error as Error).message;
        this.#phase = 'passthrough';
        // Held-back header bytes go on unchanged, like everything after them.
        if (this.#rebuild) out.push(Buffer.from(this.#header.subarray(0, this.#have)));
        break;
      }
      if (step.kind === 'more') {
        this.#need = step.need;
        continue;
      }
      const unannounced = step.message === 'resize' && !this.#extendedDesktopSize;
      const held = step.message === 'resize' && !this.#ownsScreen && !this.#viewOnly && !unannounced;
      const forward = (!this.#viewOnly || step.message === 'harmless') && !held && !unannounced;
      if (this.#phase === 'message' && this.#header[0] === 2) this.#encodings = [];
      if (forward) {
        if (this.#rebuild) out.push(this.#forwardedHeader());
        if (step.message === 'key') {
          keys++;
          if (this.#reportKeys) {
            keyEvents ??= [];
            keyEvents.push(this.#keyEvent());
          }
        }
        if (step.message === 'pointer') pointers++;
      } else if (held) {
        this.#capture = [Buffer.from(this.#header.subarray(0, this.#have))];
      } else {
        dropped++;
      }
      this.#skip = step.body;
      this.#skipForward = forward;
      this.#have = 0;
      this.#need = step.next ?? 1;
      if (this.#skip === 0) this.#endCapture();
    }
    if (offset < chunk.length && this.#rebuild) out.push(chunk.subarray(offset));
    if (this.#pendingInjection !== undefined && this.#atBoundary()) {
      out.push(this.#pendingInjection);
      this.#pendingInjection = undefined;
    }
    const forward = !this.#rebuild ? chunk : out.length === 1 && out[0] ? out[0] : Buffer.concat(out);
    const result = {
      forward: forward.length === 0 ? EMPTY : forward,
      keys,
      pointers,
      dropped,
      keyEvents: keyEvents ?? NO_KEY_EVENTS,
    };
    return gaveUp === undefined ? result : { ...result, gaveUp };
  }

  /** Keeps a held-back SetDesktopSize once whole; sends it instead if the bridge owns the screen by now. */
  #endCapture(): void {
    const encodings = this.#encodings;
    if (encodings !== undefined) {
      this.#encodings = undefined;
      const body = Buffer.concat(encodings);
      this.#extendedDesktopSize = false;
      for (let at = 0; at + 4 <= body.length; at += 4) {
        if (body.readInt32BE(at) === PSEUDO_ENCODING_EXTENDED_DESKTOP_SIZE) this.#extendedDesktopSize = true;
      }
    }
    const pieces = this.#capture;
    if (pieces === undefined) return;
    this.#capture = undefined;
    const message = Buffer.concat(pieces);
    if (this.#ownsScreen) this.#pendingInjection = Buffer.concat([this.#pendingInjection ?? EMPTY, message]);
    else this.#heldResize = message;
  }

  /** The key event whose complete header is held: KeyEvent (type 4) or QEMU's extended one (255, 0). */
  #keyEvent(): KeyEventSeen {
    const h = this.#header;
    const down = h[0] === 4 ? h[1] !== 0 : h.readUInt16BE(2) !== 0;
    return { keysym: h.readUInt32BE(4), down };
  }

  /** A copy of the complete header, its region made 1×1 at (0, 0) for video. */
  #forwardedHeader(): Buffer {
    const header = Buffer.from(this.#header.subarray(0, this.#have));
    const type = header[0];
    // Type 3 FramebufferUpdateRequest and 150 EnableContinuousUpdates share
    // the layout: type, flag, x, y, width, height (16 bits each).
    if (this.#phase !== 'message' || (type !== 3 && type !== 150) || header.length !== 10) return header;
    if (type === 3) this.#lastUpdateRequest = Buffer.from(header);
    else this.#lastContinuous = Buffer.from(header);
    return this.#video ? quieted(header) : header;
  }

  /** Acts on a complete header of `#need` bytes. */
  #advance(): Step {
    const h = this.#header;
    switch (this.#phase) {
      case 'version': {
        const text = h.toString('latin1', 0, 12);
        const match = /^RFB (\d{3})\.(\d{3})\n$/.exec(text);
        if (!match) throw new RfbProtocolError(`expected "RFB 003.008\\n", received ${JSON.stringify(text)}`);
        if (Number(match[1]) !== 3 || Number(match[2]) < 7) {
          // In 3.3 the server alone picks the security type; we would have to
          // parse the other direction too, so view-only refuses it.
          throw new RfbUnsupportedError(
            `protocol version ${match[1]}.${match[2]} is not supported (3.7 or 3.8)`,
          );
        }
        this.#phase = 'security';
        return handshake(1);
      }
      case 'security': {
        const type = h[0];
        if (type === 1) this.#phase = 'client-init';
        else if (type === 2) {
          this.#phase = 'vnc-auth';
          return handshake(16);
        } else {
          throw new RfbUnsupportedError(
            `security type ${type} is not supported (expected 1 None or 2 VNC authentication)`,
          );
        }
        return handshake(1);
      }
      case 'vnc-auth':
        this.#phase = 'client-init';
        return handshake(1);
      case 'client-init':
        this.#phase = 'message';
        this.#handshakeDone = true;
        return handshake(1);
      case 'message':
        return messageStep(h, this.#have);
      case 'passthrough':
        throw new RfbProtocolError('internal: passthrough has no header');
    }
  }
}

/** The pseudo-encoding a client names in SetEncodings to say it speaks ExtendedDesktopSize. */
const PSEUDO_ENCODING_EXTENDED_DESKTOP_SIZE = -308;

/** A FramebufferUpdateRequest or EnableContinuousUpdates header with its region made 1×1 at (0, 0). */
function quieted(header: Buffer): Buffer {
  const copy = Buffer.from(header);
  copy.writeUInt16BE(0, 2);
  copy.writeUInt16BE(0, 4);
  copy.writeUInt16BE(1, 6);
  copy.writeUInt16BE(1, 8);
  return copy;
}

type Step =
  | { readonly kind: 'more'; readonly need: number }
  | {
      readonly kind: 'done';
      readonly message: RfbMessageKind;
      /** Body bytes that follow the header. */
      readonly body: number;
      /** Header bytes of the next unit; a message's first byte unless set. */
      readonly next?: number;
    };

/** Handshake bytes are always forwarded: they change nothing on the desktop. */
function handshake(next: number): Step {
  return { kind: 'done', message: 'harmless', body: 0, next };
}

/**
 * Given `have` header bytes of a client message, says how many header bytes
 * are needed in total, or classifies the message and its body length.
 */
function messageStep(h: Buffer, have: number): Step {
  const type = h[0] as number;
  const fixed = (length: number, message: RfbMessageKind, body = 0): Step =>
    have < length ? { kind: 'more', need: length } : { kind: 'done', message, body };
  switch (type) {
    case 0: // SetPixelFormat
      return fixed(20, 'harmless');
    case 2: // SetEncodings
      return have < 4 ? { kind: 'more', need: 4 } : fixed(4, 'harmless', 4 * h.readUInt16BE(2));
    case 3: // FramebufferUpdateRequest
      return fixed(10, 'harmless');
    case 4: // KeyEvent
      return fixed(8, 'key');
    case 5: // PointerEvent
      return fixed(6, 'pointer');
    case 6: // ClientCutText; a negative length is the extended-clipboard form
      return have < 8 ? { kind: 'more', need: 8 } : fixed(8, 'clipboard', Math.abs(h.readInt32BE(4)));
    case 150: // EnableContinuousUpdates
      return fixed(10, 'harmless');
    case 248: {
      // ClientFence
      if (have < 9) return { kind: 'more', need: 9 };
      const length = h[8] as number;
      if (length > 64) throw new RfbProtocolError(`ClientFence payload of ${length} bytes (expected <= 64)`);
      return fixed(9, 'harmless', length);
    }
    case 250: // xvp: shutdown, reboot, reset
      return fixed(4, 'power');
    case 251: // SetDesktopSize
      return have < 8 ? { kind: 'more', need: 8 } : fixed(8, 'resize', 16 * (h[6] as number));
    case 253: {
      // gii: the high bit of byte 1 says big-endian
      if (have < 4) return { kind: 'more', need: 4 };
      const big = ((h[1] as number) & 0x80) !== 0;
      return fixed(4, 'gii', big ? h.readUInt16BE(2) : h.readUInt16LE(2));
    }
    case 255: {
      // QEMU: 0 extended key event, 1 audio
      if (have < 2) return { kind: 'more', need: 2 };
      if (h[1] === 0) return fixed(12, 'key');
      if (h[1] === 1) {
        if (have < 4) return { kind: 'more', need: 4 };
        const operation = h.readUInt16BE(2);
        if (operation === 0 || operation === 1) return fixed(4, 'harmless');
        if (operation === 2) return fixed(10, 'harmless');
        throw new RfbUnsupportedError(`QEMU audio operation ${operation} is unknown`);
      }
      throw new RfbUnsupportedError(`QEMU message subtype ${h[1]} is unknown`);
    }
    default:
      throw new RfbUnsupportedError(`message type ${type} is unknown`);
  }
}
