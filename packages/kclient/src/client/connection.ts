import RFB from '@novnc/novnc';
import { bridgeUrl, reconnectDelay } from './reconnect.ts';

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
}

/**
 * Keeps one noVNC session alive: connects, and after any disconnect
 * reconnects with capped backoff. By default the remote screen follows the
 * window (resizeSession), as in the KasmVNC-era client; view-only scales instead,
 * because a viewer must not resize someone else's desktop.
 */
export class Connection {
  readonly #options: ConnectionOptions;
  #rfb: RFB | undefined;
  #state: ConnectionState = 'connecting';
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #scale = false;

  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.#scale = options.viewOnly;
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
    if (this.#rfb !== undefined) this.#apply(this.#rfb);
  }

  get scale(): boolean {
    return this.#scale;
  }

  /** Starts (or restarts right away) connecting. */
  connect(): void {
    clearTimeout(this.#timer);
    this.#setState('connecting', undefined);
    const rfb = new RFB(this.#options.target, bridgeUrl(this.#options.pageHref), {
      shared: true,
      wsProtocols: ['binary'],
    });
    this.#rfb = rfb;
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

  #apply(rfb: RFB): void {
    rfb.viewOnly = this.#options.viewOnly;
    rfb.scaleViewport = this.#scale;
    rfb.resizeSession = !this.#scale && !this.#options.viewOnly;
    rfb.clipViewport = false;
    rfb.focusOnClick = true;
  }

  #setState(state: ConnectionState, retryInMs: number | undefined): void {
    this.#state = state;
    this.#options.onState(state, retryInMs);
  }
}
