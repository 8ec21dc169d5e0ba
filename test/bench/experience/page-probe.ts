import type { Page } from 'playwright-core';

/**
 * `helios` over RFB, `video` (`?mode=video`), `auto` (`?mode=auto`: RFB while
 * still, video while moving), `sharp` (RFB at a fixed `?quality=9`: no
 * lossless refresh, ever) and the plain noVNC + websockify stack.
 */
export type Stack = 'helios' | 'video' | 'auto' | 'sharp' | 'plain';

/**
 * What the probe records inside a viewer page, Helios' or plain noVNC's alike.
 * Times are `performance.timeOrigin + performance.now()` in milliseconds, so
 * they compare with the X clients' CLOCK_REALTIME on the same machine.
 */
/**
 * A frame drawn: when, and the rectangle it changed. Video frames drawn while
 * {@link watchPixel} is set also carry the colour they left at that pixel
 * (`rgb`, 0xRRGGBB): they cover the whole screen, so only the colour can tell
 * whether one carries a change to a small window.
 */
export interface ProbeFlip {
  readonly t: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly rgb?: number;
}

export interface ProbeRecord {
  /**
   * One entry per frame drawn onto the visible canvas: time and the rectangle it changed
   * (noVNC's flips; in video mode each decoded frame, which covers the whole screen).
   */
  readonly flips: readonly ProbeFlip[];
  /** Video mode: ms from the encoder's capture to the frame drawn in the page, per frame. */
  readonly captureToPaint: readonly number[];
  /** keydown events as the page saw them (before noVNC handled them). */
  readonly keys: readonly { t: number; key: string }[];
  /** Bytes received on the VNC WebSocket (audio and other sockets excluded). */
  readonly vncBytesIn: number;
  /** Each message of the VNC WebSocket since the last take: when it arrived and its size. */
  readonly vncArrivals: readonly { t: number; bytes: number }[];
  /** Bytes received on the video WebSocket. */
  readonly videoBytesIn: number;
  /** Bytes sent on the VNC WebSocket. */
  readonly vncBytesOut: number;
  /** FramebufferUpdateRequests sent alone on the VNC WebSocket (Helios' refresh pull; noVNC with continuous updates sends none). */
  readonly updateRequests: number;
}

declare global {
  interface Window {
    __benchProbe?: {
      flips: ProbeFlip[];
      captureToPaint: number[];
      keys: { t: number; key: string }[];
      vncBytesIn: number;
      vncArrivals: { t: number; bytes: number }[];
      videoBytesIn: number;
      vncBytesOut: number;
      updateRequests: number;
      hooked: boolean;
      /** Video mode: frames drawn from the video stream count as the page's frames. */
      countVideo: boolean;
      /** The framebuffer pixel whose colour each video frame records, and the last colour drawn there. */
      watch?: { x: number; y: number };
      lastRgb?: number;
    };
  }
}

/**
 * Installs, before the page's own scripts run, a keydown recorder, a
 * WebSocket byte counter for the sockets whose URL ends in `websockify` or
 * `video`, and a recorder of every decoded video frame drawn on a canvas
 * (armed by {@link hookFlips} in video mode). Call before `page.goto`.
 */
export async function installProbe(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const now = () => performance.timeOrigin + performance.now();
    const probe = {
      flips: [],
      captureToPaint: [],
      keys: [],
      vncBytesIn: 0,
      vncArrivals: [],
      videoBytesIn: 0,
      vncBytesOut: 0,
      updateRequests: 0,
      hooked: false,
      countVideo: false,
    } as NonNullable<Window['__benchProbe']>;
    window.__benchProbe = probe;
    // Capture phase on window: runs before noVNC's own handler on its canvas.
    window.addEventListener('keydown', (event) => probe.keys.push({ t: now(), key: event.key }), true);
    // A plain function returning a native socket, not a subclass: noVNC checks
    // that the socket's own prototype carries close/send/…, which a subclass's does not.
    const Native = window.WebSocket;
    function CountingWebSocket(url: string | URL, protocols?: string | string[]): WebSocket {
      const socket = new Native(url, protocols);
      const path = String(url).split('?')[0] ?? '';
      if (path.endsWith('video')) {
        socket.addEventListener('message', (event: MessageEvent) => {
          const data = event.data as ArrayBuffer | Blob | string;
          probe.videoBytesIn +=
            data instanceof ArrayBuffer ? data.byteLength : data instanceof Blob ? data.size : data.length;
        });
        return socket;
      }
      if (!path.endsWith('websockify')) return socket;
      socket.addEventListener('message', (event: MessageEvent) => {
        const data = event.data as ArrayBuffer | Blob | string;
        const bytes =
          data instanceof ArrayBuffer ? data.byteLength : data instanceof Blob ? data.size : data.length;
        probe.vncBytesIn += bytes;
        probe.vncArrivals.push({ t: now(), bytes });
      });
      const send = socket.send.bind(socket);
      socket.send = (data: string | ArrayBufferLike | Blob | ArrayBufferView) => {
        // RFB message 3 is 10 bytes; noVNC batches its own messages, the pull sends one alone.
        if (ArrayBuffer.isView(data) && data.byteLength === 10) {
          if (new Uint8Array(data.buffer, data.byteOffset, 1)[0] === 3) probe.updateRequests++;
        }
        probe.vncBytesOut +=
          typeof data === 'string'
            ? data.length
            : data instanceof Blob
              ? data.size
              : (data as ArrayBufferLike | ArrayBufferView).byteLength;
        send(data);
      };
      return socket;
    }
    CountingWebSocket.prototype = Native.prototype;
    Object.assign(CountingWebSocket, {
      CONNECTING: Native.CONNECTING,
      OPEN: Native.OPEN,
      CLOSING: Native.CLOSING,
      CLOSED: Native.CLOSED,
    });
    window.WebSocket = CountingWebSocket as unknown as typeof WebSocket;
    // A decoded frame drawn on a canvas is what the viewer sees in video mode; its
    // timestamp is the encoder's capture time (µs, the same wall clock).
    const drawImage = CanvasRenderingContext2D.prototype.drawImage;
    CanvasRenderingContext2D.prototype.drawImage = function (
      this: CanvasRenderingContext2D,
      ...args: unknown[]
    ) {
      (drawImage as (...a: unknown[]) => void).apply(this, args);
      const source = args[0];
      if (probe.countVideo && typeof VideoFrame !== 'undefined' && source instanceof VideoFrame) {
        const t = now();
        let rgb: number | undefined;
        if (probe.watch !== undefined) {
          // Read back after the draw (the page draws frames at their own size, from 0,0).
          const [r = 0, g = 0, b = 0] = this.getImageData(probe.watch.x, probe.watch.y, 1, 1).data;
          rgb = (r << 16) | (g << 8) | b;
          probe.lastRgb = rgb;
        }
        probe.flips.push({ t, x: 0, y: 0, w: source.displayWidth, h: source.displayHeight, rgb });
        probe.captureToPaint.push(t - source.timestamp / 1000);
      }
    } as typeof drawImage;
  });
}

/**
 * Wraps noVNC's `Display.flip` of the page's RFB object
 * (`window.heliosClient.rfb` in Helios' page, `window.rfb` in the plain
 * page), recording every frame actually drawn and the rectangle it changed.
 * noVNC 1.3 and 1.7 share this private shape; the probe checks it. In video
 * mode the frames counted are the decoded video frames drawn instead.
 */
export async function hookFlips(page: Page, stack: Stack): Promise<void> {
  if (stack === 'video' || stack === 'auto') {
    await page.evaluate(() => {
      const probe = window.__benchProbe;
      if (probe === undefined) throw new Error('installProbe must run before the page loads');
      probe.countVideo = true;
      probe.hooked = true;
    });
    // Auto mode shows RFB frames too, whenever the screen is not moving.
    if (stack === 'video') return;
  }
  // A function, not a string: Helios' CSP forbids evaluating strings in the page.
  await page.waitForFunction(
    (which) => {
      const w = window as unknown as {
        heliosClient?: { rfb?: { _display?: unknown } };
        rfb?: { _display?: unknown };
      };
      return (which === 'plain' ? w.rfb : w.heliosClient?.rfb)?._display !== undefined;
    },
    stack,
    { timeout: 30_000 },
  );
  await page.evaluate((which) => {
    const probe = window.__benchProbe;
    if (probe === undefined) throw new Error('installProbe must run before the page loads');
    const pageWindow = window as unknown as { heliosClient?: { rfb?: unknown }; rfb?: unknown };
    const rfb = (which === 'plain' ? pageWindow.rfb : pageWindow.heliosClient?.rfb) as {
      _display: Record<string, unknown>;
    };
    const display = rfb._display as {
      flip: (fromQueue?: boolean) => void;
      _renderQ: unknown[];
      _damageBounds: { left: number; top: number; right: number; bottom: number };
    };
    if (typeof display.flip !== 'function' || display._damageBounds === undefined) {
      throw new Error("this noVNC's Display has no flip/_damageBounds: the probe needs updating");
    }
    const original = display.flip.bind(display);
    display.flip = (fromQueue?: boolean) => {
      // flip() only queues itself while decoded images are pending; record the real draw.
      const draws = fromQueue === true || display._renderQ.length === 0;
      const { left, top, right, bottom } = display._damageBounds;
      original(fromQueue);
      if (draws && right > left && bottom > top) {
        probe.flips.push({
          t: performance.timeOrigin + performance.now(),
          x: left,
          y: top,
          w: right - left,
          h: bottom - top,
        });
      }
    };
    probe.hooked = true;
  }, stack);
}

/** Everything recorded so far, and clears the lists (frames, keys, VNC messages). */
export async function takeProbe(page: Page): Promise<ProbeRecord> {
  return page.evaluate(() => {
    const probe = window.__benchProbe;
    if (probe === undefined) throw new Error('no probe in this page');
    const record = {
      flips: probe.flips,
      captureToPaint: probe.captureToPaint,
      keys: probe.keys,
      vncBytesIn: probe.vncBytesIn,
      vncArrivals: probe.vncArrivals,
      videoBytesIn: probe.videoBytesIn,
      vncBytesOut: probe.vncBytesOut,
      updateRequests: probe.updateRequests,
    };
    probe.vncArrivals = [];
    probe.flips = [];
    probe.captureToPaint = [];
    probe.keys = [];
    return record;
  });
}

/**
 * Makes every video frame drawn record its colour at `at` (framebuffer
 * pixels), or stops that (`undefined`); returns the colour last drawn there
 * while watching, if any. RFB frames need no colour: their rectangle says
 * what they changed.
 */
export async function watchPixel(
  page: Page,
  at: { readonly x: number; readonly y: number } | undefined,
): Promise<number | undefined> {
  return page.evaluate((pixel: { x: number; y: number } | null) => {
    const probe = window.__benchProbe;
    if (probe === undefined) throw new Error('no probe in this page');
    const same = pixel !== null && probe.watch?.x === pixel.x && probe.watch?.y === pixel.y;
    if (!same) probe.lastRgb = undefined;
    probe.watch = pixel ?? undefined;
    return probe.lastRgb;
  }, at ?? null);
}
