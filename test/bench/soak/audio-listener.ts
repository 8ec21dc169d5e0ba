/**
 * A desktop-audio listener without a browser: a WebSocket on the gateway's
 * `audio` route that stays open for the whole soak (listening is on by
 * default when the socket opens) and counts the desktop-audio frames
 * (kind 1, see @helios/kclient's audio wire format). If the gateway closes
 * it, it opens again and counts the reconnect.
 */

/** What the listener heard so far. */
export interface AudioListenerCounts {
  readonly frames: number;
  readonly connects: number;
  /** Text messages other than `hello` and state reports, e.g. a refusal. */
  readonly lastState: string;
}

export interface AudioListener {
  counts(): AudioListenerCounts;
  stop(): Promise<void>;
}

const DESKTOP_FRAME = 1;

export function startAudioListener(url: string): AudioListener {
  let frames = 0;
  let connects = 0;
  let lastState = 'connecting';
  let running = true;
  let socket: WebSocket | undefined;
  let closed: Promise<void> = Promise.resolve();

  const open = () => {
    if (!running) return;
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    closed = new Promise<void>((resolve) =>
      ws.addEventListener('close', () => {
        resolve();
        // Back after a second, unless the soak is over.
        if (running) setTimeout(open, 1_000);
      }),
    );
    ws.addEventListener('open', () => {
      connects += 1;
    });
    ws.addEventListener('message', (event: MessageEvent) => {
      if (typeof event.data === 'string') {
        const message = JSON.parse(event.data) as { type?: string; state?: string };
        lastState = `${message.type ?? '?'}${message.state === undefined ? '' : ` ${message.state}`}`;
        return;
      }
      if (new Uint8Array(event.data as ArrayBuffer)[0] === DESKTOP_FRAME) frames += 1;
    });
  };
  open();
  return {
    counts: () => ({ frames, connects, lastState }),
    async stop() {
      running = false;
      socket?.close();
      await closed;
    },
  };
}
