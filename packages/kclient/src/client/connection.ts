import RFB from '@novnc/novnc';
import { desktopScaleFor, physicalSize } from './hidpi-mode.ts';
import { requestPhysicalSize } from './physical-resize.ts';
import { bridgeUrl, reconnectDelay } from './reconnect.ts';
import { INITIAL_SCREEN_FIT, nextScreenFit, type ScreenFit, type Size } from './screen-fit.ts';

/** Connection lifecycle as the page shows it. */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

/** Settings of one {@link Connection}. */
export interface ConnectionOptions {
  /** Element noVNC draws into. */
  readonly target: HTMLElement;
  /** Page URL the bridge URL is derived from. */
  readonly pageHref: string;
  /** Never send input; scale instead of resizing the remote screen. */
  readonly viewOnly: boolean;
  /** Called on every state change with the delay until the next attempt, if any. */
  readonly onState: (state: ConnectionState, retryInMs: number | undefined) => void;
  /** Called with each new RFB object, so other features can attach to it. */
  readonly onRfb: (rfb: RFB) => void;
  /** Remote pixels per CSS pixel when the remote screen follows the window (see `pixelRatioFor`). */
  readonly pixelRatio: number;
  /**
   * Video mode: the bridge URL carries `video=1`, so the gateway quiets the
   * RFB picture (the page draws H.264 instead, video/video-feature.ts).
   * @default false
   */
  readonly video?: boolean;
  /**
   * Auto mode: the bridge URL carries `viewer=KEY`, the same key as the page's
   * video socket, so the gateway quiets this bridge while that socket is open.
   */
  readonly viewerKey?: string;
  /** Called with the size of every message the RFB socket receives (auto mode measures motion with it). */
  readonly onBytes?: (bytes: number) => void;
  /**
   * More query parameters of the bridge URL, read at each connect (a screen
   * window's `group`, `screen`, `width`, `height`, `place`).
   */
  readonly bridgeParams?: () => Readonly<Record<string, string>>;
}

/** Where this page's screen starts in the framebuffer, when it shows one screen of several. */
export interface ScreenOffset {
  readonly x: number;
  readonly y: number;
}

/**
 * Keeps one noVNC session alive: connects, and after any disconnect
 * reconnects with capped backoff. By default the remote screen follows the
 * window (resizeSession), as in the KasmVNC-era client; view-only scales instead,
 * because a viewer must not resize someone else's desktop.
 *
 * With a pixel ratio above 1 the remote screen is that many times the
 * element's CSS size and noVNC scales it back down, one remote pixel per
 * physical pixel; the bridge URL then carries the desktop scale, and in
 * video mode `video=1`. A change of what the URL carries reconnects, as the
 * gateway reads it at the upgrade.
 *
 * Several viewers: only the viewer that owns the screen size resizes it
 * (the gateway decides, README "Several viewers"). A page whose size is not
 * applied scales the screen into its window (screen-fit.ts); a page that
 * owned the screen claims it back when it reconnects (`takeover=1`).
 */
export class Connection {
  readonly #options: ConnectionOptions;
  #rfb: RFB | undefined;
  #state: ConnectionState = 'connecting';
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #scale = false;
  #pixelRatio: number;
  #video: boolean;
  #url = '';
  #fit: ScreenFit = INITIAL_SCREEN_FIT;
  #fitTimer: ReturnType<typeof setInterval> | undefined;
  /** The next connection takes the screen size over (see {@link takeOverScreen}). */
  #takeOver = false;
  /** Set while the page shows one screen of several (see {@link showScreen}). */
  #screen: ScreenOffset | undefined;

  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.#scale = options.viewOnly;
    this.#pixelRatio = options.pixelRatio;
    this.#video = options.video ?? false;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  get rfb(): RFB | undefined {
    return this.#rfb;
  }

  /** Switches between remote resize (false) and local scaling (true). */
  setScale(scale: boolean): void {
    this.#scale = scale;
    this.#update();
  }

  get scale(): boolean {
    return this.#scale;
  }

  /** Sets the remote pixels per CSS pixel (1: CSS pixels, today's light mode). */
  setPixelRatio(pixelRatio: number): void {
    this.#pixelRatio = pixelRatio;
    this.#update();
  }

  get pixelRatio(): number {
    return this.#pixelRatio;
  }

  /** Reconnects with the RFB picture quieted (video mode) or whole (VNC mode). */
  setVideo(video: boolean): void {
    this.#video = video;
    this.#update();
  }

  /** The scale this viewer asks the desktop for, or undefined when it does not resize it. */
  get desktopScale(): number | undefined {
    return this.#resizes() ? desktopScaleFor(this.#pixelRatio) : undefined;
  }

  /** Another viewer owns the screen size: the page shows the screen scaled into its window. */
  get screenFitted(): boolean {
    return this.#fit.fit;
  }

  /** Reconnects as the owner of the screen size: the desktop takes this window's size. */
  takeOverScreen(): void {
    if (!this.#resizes()) return;
    this.#takeOver = true;
    this.#reconnect();
  }

  /**
   * Shows only the part of the framebuffer that starts at `offset`, at one
   * remote pixel per CSS pixel, the canvas moved under the window (pointer
   * positions follow, noVNC reads the canvas's place); noVNC neither scales
   * nor resizes then, as the layout is asked for as a whole. Undefined
   * shows the whole framebuffer again, as before.
   */
  showScreen(offset: ScreenOffset | undefined): void {
    if (offset?.x === this.#screen?.x && offset?.y === this.#screen?.y) return;
    this.#screen = offset;
    if (this.#rfb !== undefined) this.#apply(this.#rfb);
  }

  /** Reconnects when the bridge parameters changed (a screen window was resized). */
  bridgeParamsChanged(): void {
    this.#update();
  }

  /** Starts (or restarts right away) connecting. */
  connect(): void {
    clearTimeout(this.#timer);
    this.#setState('connecting', undefined);
    this.#url = this.#bridgeUrl();
    this.#fitTimer ??= setInterval(() => this.#checkFit(), 500);
    // A page that owned the screen (a dropped connection, a HiDPI or video switch) keeps it.
    const claim = (this.#takeOver || this.#fit.owner) && this.#resizes();
    this.#takeOver = false;
    const url = claim ? withTakeOver(this.#url) : this.#url;
    const { onBytes } = this.#options;
    // noVNC takes an open(ing) WebSocket as well as a URL: one of ours lets the page count bytes.
    const rfb = new RFB(this.#options.target, onBytes ? countingSocket(url, onBytes) : url, {
      shared: true,
      wsProtocols: ['binary'],
    });
    this.#rfb = rfb;
    // Without the internals (another noVNC) the ratio cannot be honoured: CSS pixels it is.
    if (!requestPhysicalSize(rfb, () => this.#pixelRatio)) this.#pixelRatio = 1;
    this.#apply(rfb);
    rfb.addEventListener('connect', () => {
      this.#attempt = 0;
      this.#setState('connected', undefined);
    });
    rfb.addEventListener('disconnect', () => {
      if (this.#rfb !== rfb) return;
      const delay = reconnectDelay(this.#attempt++);
      this.#setState('disconnected', delay);
      this.#timer = setTimeout(() => this.connect(), delay);
    });
    this.#options.onRfb(rfb);
  }

  #resizes(): boolean {
    return !this.#scale && !this.#options.viewOnly;
  }

  #bridgeUrl(): string {
    const url = new URL(bridgeUrl(this.#options.pageHref, this.desktopScale));
    if (this.#video) url.searchParams.set('video', '1');
    // Scaling locally, this viewer leaves the screen size to the others.
    if (!this.#resizes() && !this.#options.viewOnly) url.searchParams.set('resize', '0');
    if (this.#options.viewerKey !== undefined) url.searchParams.set('viewer', this.#options.viewerKey);
    for (const [name, value] of Object.entries(this.#options.bridgeParams?.() ?? {}))
      url.searchParams.set(name, value);
    return url.href;
  }

  /** Applies changed settings: in place, or by reconnecting when the bridge URL changed. */
  #update(): void {
    const rfb = this.#rfb;
    if (rfb === undefined) return;
    if (this.#bridgeUrl() === this.#url) {
      this.#apply(rfb);
      return;
    }
    this.#reconnect();
  }

  /** Closes the session (if open) and connects again. */
  #reconnect(): void {
    const rfb = this.#rfb;
    if (rfb === undefined) return;
    if (this.#state === 'disconnected') {
      this.connect();
      return;
    }
    // Connect again once the old session is gone: two noVNC screens in one element would halve both.
    this.#rfb = undefined;
    rfb.addEventListener('disconnect', () => this.connect(), { once: true });
    rfb.disconnect();
  }

  #apply(rfb: RFB): void {
    rfb.viewOnly = this.#options.viewOnly;
    // A framebuffer larger than the element (pixel ratio above 1) is shown scaled down to fit,
    // and so is another viewer's screen size.
    rfb.scaleViewport =
      this.#screen === undefined && (!this.#resizes() || this.#pixelRatio !== 1 || this.#fit.fit);
    rfb.resizeSession = this.#screen === undefined && this.#resizes();
    rfb.clipViewport = false;
    placeCanvas(this.#options.target, this.#screen);
    // Focus belongs to the page's TextInput (text-input.ts), not the canvas.
    rfb.focusOnClick = false;
  }

  /** Compares the screen with the size this page asks for, and scales it when another viewer's applies. */
  #checkFit(): void {
    const rfb = this.#rfb;
    if (rfb === undefined || this.#state !== 'connected' || !this.#resizes() || this.#screen !== undefined)
      return;
    const wanted = requestedSize(rfb, this.#pixelRatio);
    const next = nextScreenFit(this.#fit, wanted, framebufferSize(rfb), Date.now());
    const changed = next.fit !== this.#fit.fit;
    this.#fit = next;
    // noVNC asks again only after an answer to its last request, which the gateway held back.
    if (next.fit) allowNextResizeRequest(rfb);
    if (changed) this.#apply(rfb);
    // Ask once more, so the gateway holds this window's size for when this viewer owns the
    // screen (noVNC asks nothing on connect when the screen already had the window's size).
    if (changed && next.fit) sizeInternals(rfb)._requestRemoteResize?.call(rfb);
  }

  #setState(state: ConnectionState, retryInMs: number | undefined): void {
    this.#state = state;
    this.#options.onState(state, retryInMs);
  }
}

/**
 * Moves noVNC's canvas so the screen at `offset` fills the element, its
 * container clipping the rest; no offset puts it back as noVNC made it.
 */
function placeCanvas(target: HTMLElement, offset: ScreenOffset | undefined): void {
  const canvas = [...target.querySelectorAll('canvas')].at(-1);
  const container = canvas?.parentElement;
  if (canvas === undefined || !container) return;
  container.style.overflow = offset === undefined ? 'auto' : 'hidden';
  canvas.style.margin = offset === undefined ? 'auto' : '0';
  canvas.style.transform = offset === undefined ? '' : `translate(${-offset.x}px, ${-offset.y}px)`;
}

/** A WebSocket to the bridge that reports the size of every message it receives. */
function countingSocket(url: string, onBytes: (bytes: number) => void): WebSocket {
  const ws = new WebSocket(url, ['binary']);
  ws.binaryType = 'arraybuffer';
  ws.addEventListener('message', (event: MessageEvent<ArrayBuffer>) => onBytes(event.data.byteLength));
  return ws;
}

/** noVNC 1.7 internals (version pinned in the workspace catalog) the screen-size check reads. */
interface NoVncSizeInternals {
  _fbWidth: number;
  _fbHeight: number;
  _pendingRemoteResize: boolean;
  _screenSize(): Size;
  _requestRemoteResize(): void;
}

function sizeInternals(rfb: RFB): Partial<NoVncSizeInternals> {
  return rfb as unknown as Partial<NoVncSizeInternals>;
}

/** The framebuffer size the server sends, or undefined before ServerInit or without the internals. */
function framebufferSize(rfb: RFB): Size | undefined {
  const { _fbWidth: w, _fbHeight: h } = sizeInternals(rfb);
  return typeof w === 'number' && typeof h === 'number' ? { w, h } : undefined;
}

/** The size noVNC asks the server for: the element's, times the pixel ratio, rounded down as noVNC sends it. */
function requestedSize(rfb: RFB, pixelRatio: number): Size | undefined {
  const internals = sizeInternals(rfb);
  if (typeof internals._screenSize !== 'function') return undefined;
  const size = physicalSize(internals._screenSize.call(rfb), pixelRatio);
  return { w: Math.floor(size.w), h: Math.floor(size.h) };
}

/** Lets noVNC send its next size request (a window resize) though the last one got no answer. */
function allowNextResizeRequest(rfb: RFB): void {
  const internals = sizeInternals(rfb);
  if (internals._pendingRemoteResize === true) internals._pendingRemoteResize = false;
}

/** The bridge URL with `takeover=1`: the gateway makes this viewer owner of the screen size at once. */
function withTakeOver(href: string): string {
  const url = new URL(href);
  url.searchParams.set('takeover', '1');
  return url.href;
}
