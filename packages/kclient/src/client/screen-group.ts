import type RFB from '@novnc/novnc';
import type { ScreenLayout } from '../shared/screen-layout.ts';
import { setDesktopSizeMessage } from '../shared/set-desktop-size.ts';
import type { Connection } from './connection.ts';
import { framebufferSize, sendRfbMessage } from './novnc-internals.ts';

/** How often a page asks the gateway for its group's layout. */
const POLL_MS = 1000;

/** What a {@link ScreenGroupLink} works with. */
export interface ScreenGroupOptions {
  readonly pageHref: string;
  readonly group: string;
  /** The owner's page (screen 1) reports its size and asks for the layout; a screen window only reads it. */
  readonly owner: boolean;
  /** This page's screen number (1 for the owner's page). */
  readonly screen: number;
  readonly connection: Connection;
  /** The element noVNC draws into: its size is the owner's screen size. */
  readonly target: HTMLElement;
  /** A refused layout's message, or undefined once the layout is fine again. */
  readonly onProblem: (message: string | undefined) => void;
}

/**
 * Keeps a page in step with its group's layout (README "Several screens"),
 * asking `{prefix}screens` every second: every page shows its own screen's
 * part of the framebuffer; the owner's page sends the whole layout to the
 * VNC server as one SetDesktopSize whenever it differs from the desktop's,
 * so a window that opens or closes adds or removes its monitor.
 */
export class ScreenGroupLink {
  readonly #options: ScreenGroupOptions;
  #layout: ScreenLayout | undefined;
  /** The layout last sent, as JSON, and whether it had several screens. */
  #sent = '';
  #several = false;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: ScreenGroupOptions) {
    this.#options = options;
  }

  /** The group's last layout, undefined before the first answer. */
  get layout(): ScreenLayout | undefined {
    return this.#layout;
  }

  /** Starts asking (at once, then every second); asking again restarts nothing. */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => void this.#poll(), POLL_MS);
    void this.#poll();
  }

  async #poll(): Promise<void> {
    const { owner, target, group } = this.#options;
    const url = new URL('screens', this.#options.pageHref);
    url.searchParams.set('group', group);
    if (owner) {
      const box = target.getBoundingClientRect();
      url.searchParams.set('width', String(Math.floor(box.width)));
      url.searchParams.set('height', String(Math.floor(box.height)));
    }
    let response: Response;
    try {
      response = await fetch(url, { cache: 'no-store' });
    } catch {
      return; // The gateway is restarting: the connection says so already.
    }
    if (response.status === 204) return;
    const body = (await response.json()) as ScreenLayout & { message?: string };
    if (!response.ok) {
      this.#options.onProblem(body.message ?? `screen layout refused (${response.status})`);
      return;
    }
    this.#options.onProblem(undefined);
    this.#apply(body);
  }

  #apply(layout: ScreenLayout): void {
    this.#layout = layout;
    const { connection, screen, owner } = this.#options;
    const several = layout.screens.length > 1;
    const mine = layout.screens.find((s) => s.screen === screen);
    // The owner alone again: the page shows and resizes the whole desktop, as before.
    connection.showScreen(mine === undefined || (owner && !several) ? undefined : mine);
    if (!owner || (!several && !this.#several)) return;
    const rfb = connection.rfb;
    if (rfb === undefined || connection.state !== 'connected') return;
    const json = JSON.stringify(layout);
    const size = framebufferSize(rfb);
    if (json === this.#sent && size?.width === layout.width && size.height === layout.height) return;
    if (!sendLayout(rfb, layout)) return;
    this.#sent = json;
    this.#several = several;
  }
}

/** noVNC 1.7 internals (version pinned in the workspace catalog) the layout needs besides novnc-internals.ts. */
interface NoVncLayoutInternals {
  _screenID: number;
  _supportsSetDesktopSize: boolean;
}

/**
 * Sends `layout` as one SetDesktopSize, screen 1 keeping the server's id
 * for the desktop's first screen. False when the server cannot take it yet
 * (no ExtendedDesktopSize seen) or this noVNC lacks the internals.
 */
function sendLayout(rfb: RFB, layout: ScreenLayout): boolean {
  const { _screenID: id, _supportsSetDesktopSize: supported } =
    rfb as unknown as Partial<NoVncLayoutInternals>;
  if (supported !== true || typeof id !== 'number') return false;
  return sendRfbMessage(rfb, setDesktopSizeMessage(layout, id));
}
