import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { startGateway } from '../../src/server/gateway.ts';
import { assertBuilt, CLIENT_DIR } from './gateway-process.ts';
import { connectRfb, type RfbTestClient, setEncodings } from './rfb-client.ts';
import { startXvnc, type XvncServer } from './xvnc.ts';

/**
 * Raw pixels and the ExtendedDesktopSize pseudo-encoding (-308), as noVNC
 * announces them: the gateway drops a SetDesktopSize from a client that did
 * not announce -308 (Xvnc 1.12 crashes on one).
 */
const RESIZING_ENCODINGS: readonly number[] = Object.freeze([0, -308]);

/** A real Xvnc with the gateway in this process in front of it, for one test file. */
export interface XvncGateway {
  readonly xvnc: XvncServer;
  readonly gateway: Awaited<ReturnType<typeof startGateway>>;
  /** `ws://127.0.0.1:PORT/` of the gateway. */
  readonly wsUrl: string;
  /** A raw RFB viewer of `path` (e.g. `websockify?resize=0`) that announced {@link RESIZING_ENCODINGS}. */
  viewer(path: string): Promise<RfbTestClient>;
  /** Closes `client` after the test, like the viewers made by {@link viewer}. */
  track(client: RfbTestClient): RfbTestClient;
}

/**
 * Starts Xvnc at `geometry` and a gateway before the file's tests, closes
 * every viewer after each test and stops both after the file.
 */
export function useXvncGateway(
  geometry: string,
  options: {
    /**
     * Runs the gateway with `DISPLAY` set to this Xvnc, as in the image,
     * where it acts on the X server itself (e.g. freeing spare keycodes).
     * @default false
     */
    readonly display?: boolean;
  } = {},
): XvncGateway {
  let xvnc: XvncServer | undefined;
  let gateway: XvncGateway['gateway'] | undefined;
  const viewers: RfbTestClient[] = [];
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useXvncGateway: used before its beforeAll ran');
    return value;
  };
  beforeAll(async () => {
    assertBuilt();
    xvnc = await startXvnc(geometry);
    if (options.display) vi.stubEnv('DISPLAY', xvnc.display);
    gateway = await startGateway({
      vnc: `unix:${xvnc.socket}`,
      port: 0,
      host: '127.0.0.1',
      clientDir: CLIENT_DIR,
      logLevel: 'silent',
    });
  });
  afterEach(async () => {
    const leaving = viewers.splice(0);
    for (const viewer of leaving) viewer.close();
    await Promise.all(leaving.map((viewer) => viewer.closed()));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await gateway?.close();
    await xvnc?.stop();
  });
  const harness: XvncGateway = {
    get xvnc() {
      return started(xvnc);
    },
    get gateway() {
      return started(gateway);
    },
    get wsUrl() {
      return started(gateway).address.url.replace('http', 'ws');
    },
    track(client) {
      viewers.push(client);
      return client;
    },
    async viewer(path) {
      const client = harness.track(await connectRfb(`${harness.wsUrl}${path}`));
      client.send(setEncodings(RESIZING_ENCODINGS));
      return client;
    },
  };
  return harness;
}
