import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type GatewayProcess, startGatewayProcess } from './support/gateway-process.ts';
import { connectRfb, setEncodings } from './support/rfb-client.ts';
import { videoEncoderBinary } from './support/video-encoder.ts';
import { startXvnc, type XvncServer } from './support/xvnc.ts';

const run = promisify(execFile);
const MOTION_SOURCE = fileURLToPath(new URL('../../../test/fixtures/bench-image/motion.c', import.meta.url));

let xvnc: XvncServer;
let gateway: GatewayProcess;
let motionBinary: string;
const dir = mkdtempSync(join(tmpdir(), 'kclient-video-'));

beforeAll(async () => {
  motionBinary = join(dir, 'motion');
  const [encoder] = await Promise.all([
    videoEncoderBinary(),
    run('cc', ['-O2', '-o', motionBinary, MOTION_SOURCE, '-lX11', '-lXext', '-lm']),
  ]);
  xvnc = await startXvnc('1024x768');
  gateway = await startGatewayProcess(['--vnc', `unix:${xvnc.socket}`, '--video-encoder', encoder], {
    DISPLAY: xvnc.display,
  });
});

const viewers: VideoViewer[] = [];

afterEach(async () => {
  await Promise.all(viewers.splice(0).map((viewer) => viewer.close()));
});

afterAll(async () => {
  await gateway?.stop();
  await xvnc?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** One frame message as the page reads it (docs/video-transport.md §2). */
interface FrameMessage {
  readonly keyframe: boolean;
  readonly width: number;
  readonly height: number;
  readonly frameNumber: number;
  readonly captureUs: number;
  readonly payload: Buffer;
  /** `performance.now()` when it arrived. */
  readonly at: number;
}

interface VideoViewer {
  readonly ws: WebSocket;
  readonly openedAt: number;
  readonly frames: FrameMessage[];
  readonly statuses: { state: string; reason?: string }[];
  /** Every message in order: `frame` or `status`. */
  readonly order: string[];
  readonly closed: Promise<number>;
  close(): Promise<void>;
}

async function openVideo(path = 'video', base = gateway.url, headers: Record<string, string> = {}) {
  const ws = new WebSocket(new URL(path, base.replace(/^http/, 'ws')), { headers });
  const viewer: VideoViewer = {
    ws,
    openedAt: 0,
    frames: [],
    statuses: [],
    order: [],
    closed: new Promise((resolve) => ws.once('close', (code) => resolve(code))),
    async close() {
      if (ws.readyState === ws.CLOSED) return;
      ws.close();
      await viewer.closed;
    },
  };
  viewers.push(viewer);
  ws.on('message', (data: Buffer, isBinary) => {
    if (!isBinary) {
      viewer.statuses.push(JSON.parse(data.toString()));
      viewer.order.push('status');
      return;
    }
    expect(data[0]).toBe(1);
    viewer.order.push('frame');
    viewer.frames.push({
      keyframe: ((data[1] as number) & 1) === 1,
      width: data.readUInt16BE(2),
      height: data.readUInt16BE(4),
      frameNumber: data.readUInt32BE(6),
      captureUs: Number(data.readBigUInt64BE(10)),
      payload: data.subarray(18),
      at: performance.now(),
    });
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  (viewer as { openedAt: number }).openedAt = performance.now();
  return viewer;
}

/** Resolves with the status of a refused upgrade. */
function refusal(path: string, base: string, headers: Record<string, string> = {}) {
  return new Promise<number | undefined>((resolve) => {
    const ws = new WebSocket(new URL(path, base.replace(/^http/, 'ws')), { headers });
    ws.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode);
      response.resume();
    });
    ws.once('open', () => {
      ws.close();
      resolve(undefined);
    });
    ws.once('error', () => resolve(undefined));
  });
}

/** Pids of the gateway's children running helios-video-encoder. */
function encoderProcesses(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const argv0 = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0] ?? '';
      if (ppid === parent && argv0.endsWith('/helios-video-encoder')) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

const gatewayPid = () => gateway.child.pid ?? -1;

/** Moves a photo-like picture in a 320×240 window at (100, 100), 30 times a second. */
function startMotion() {
  return xvnc.spawnClient(motionBinary, ['30', '100', '100', '320', '240']);
}

const isSps = (payload: Buffer) =>
  (payload.subarray(0, 4).equals(Buffer.from([0, 0, 0, 1])) && ((payload[4] as number) & 0x1f) === 7) ||
  (payload.subarray(0, 3).equals(Buffer.from([0, 0, 1])) && ((payload[3] as number) & 0x1f) === 7);

const metric = async (name: string) => {
  const text = await (await fetch(new URL('/metrics', gateway.url))).text();
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : Number.NaN;
};

describe('{prefix}video (real Xvnc, real encoder)', () => {
  it('starts with a keyframe within a second: SPS first, at the X screen size', async () => {
    const viewer = await openVideo();
    await expect.poll(() => viewer.frames.length, { timeout: 1000, interval: 20 }).toBeGreaterThan(0);
    const first = viewer.frames[0] as FrameMessage;
    expect(first.at - viewer.openedAt).toBeLessThan(1000);
    expect(first.keyframe).toBe(true);
    expect(isSps(first.payload)).toBe(true);
    expect({ width: first.width, height: first.height }).toEqual(await xvnc.screenSize());
    // The page hears the encoder's state as text, never in the middle of a frame.
    expect(viewer.statuses[0]).toEqual({ type: 'status', state: 'starting' });
    expect(Math.abs(first.captureUs / 1000 - Date.now())).toBeLessThan(10_000);
  });

  it('sends frames with growing numbers while the screen moves', async () => {
    const motion = startMotion();
    try {
      const viewer = await openVideo();
      await expect.poll(() => viewer.frames.length, { timeout: 5000 }).toBeGreaterThan(10);
      const numbers = viewer.frames.map((frame) => frame.frameNumber);
      for (let i = 1; i < numbers.length; i++) expect(numbers[i]).toBeGreaterThan(numbers[i - 1] as number);
      expect(viewer.frames.filter((frame) => !frame.keyframe).length).toBeGreaterThan(5);
    } finally {
      motion.kill();
    }
  });

  it('runs one encoder for all viewers, gives a late viewer a keyframe first, and stops it after the last one', async () => {
    const motion = startMotion();
    try {
      const first = await openVideo();
      await expect.poll(() => first.frames.length, { timeout: 5000 }).toBeGreaterThan(10);
      const second = await openVideo('view-only/video');
      await expect.poll(() => second.frames.length, { timeout: 1000, interval: 20 }).toBeGreaterThan(0);
      expect((second.frames[0] as FrameMessage).at - second.openedAt).toBeLessThan(1000);
      expect(second.frames[0]?.keyframe).toBe(true);
      expect(isSps(second.frames[0]?.payload as Buffer)).toBe(true);
      expect(encoderProcesses(gatewayPid())).toHaveLength(1);
      // The view-only page keeps receiving, like a full one.
      await expect.poll(() => second.frames.length, { timeout: 5000 }).toBeGreaterThan(10);
      await first.close();
      await second.close();
      await expect.poll(() => encoderProcesses(gatewayPid()), { timeout: 5000 }).toEqual([]);
    } finally {
      motion.kill();
    }
  });

  it.each([
    ['garbage text', (ws: WebSocket) => ws.send('hello, encoder')],
    ['a binary message', (ws: WebSocket) => ws.send(Buffer.from([1, 2, 3]))],
    [
      'an oversized message',
      (ws: WebSocket) => ws.send(JSON.stringify({ type: 'keyframe', pad: 'x'.repeat(2000) })),
    ],
    [
      'a flood of valid messages',
      (ws: WebSocket) => {
        for (let i = 0; i < 60; i++) ws.send('{"type":"keyframe"}');
      },
    ],
  ])(
    'closes the socket that sends %s with 1008; the other viewer keeps its frames',
    async (_what, misbehave) => {
      const motion = startMotion();
      try {
        const good = await openVideo();
        const bad = await openVideo();
        await expect.poll(() => bad.frames.length, { timeout: 5000 }).toBeGreaterThan(0);
        misbehave(bad.ws);
        expect(await bad.closed).toBe(1008);
        const before = good.frames.length;
        await expect.poll(() => good.frames.length, { timeout: 5000 }).toBeGreaterThan(before + 5);
        expect(good.ws.readyState).toBe(WebSocket.OPEN);
      } finally {
        motion.kill();
      }
    },
  );

  it('takes reports and keyframe requests from a well-behaved page', async () => {
    const viewer = await openVideo();
    await expect.poll(() => viewer.frames.length, { timeout: 5000 }).toBeGreaterThan(0);
    const keyframes = () => viewer.frames.filter((frame) => frame.keyframe).length;
    const before = keyframes();
    viewer.ws.send(JSON.stringify({ type: 'keyframe' }));
    await expect.poll(keyframes, { timeout: 3000 }).toBeGreaterThan(before);
    const received = viewer.frames.reduce((sum, frame) => sum + 18 + frame.payload.length, 0);
    viewer.ws.send(
      JSON.stringify({ type: 'report', receivedBytes: received, decodedFrames: 1, decodeQueue: 0 }),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(viewer.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('counts viewers, frames, keyframes and bytes in /metrics', async () => {
    const framesBefore = await metric('helios_video_frames_total');
    const bytesBefore = await metric('helios_video_bytes_total');
    const motion = startMotion();
    try {
      const viewer = await openVideo();
      await expect.poll(() => viewer.frames.length, { timeout: 5000 }).toBeGreaterThan(10);
      expect(await metric('helios_video_viewers')).toBe(1);
      expect(await metric('helios_video_encoder_running')).toBe(1);
      expect(await metric('helios_video_frames_total')).toBeGreaterThan(framesBefore + 10);
      expect(await metric('helios_video_bytes_total')).toBeGreaterThan(bytesBefore);
      expect(await metric('helios_video_keyframes_total')).toBeGreaterThan(0);
      expect(await metric('helios_video_bitrate_kbps')).toBeGreaterThanOrEqual(500);
      expect(await metric('helios_video_dropped_frames_total')).toBeGreaterThanOrEqual(0);
      expect(await metric('helios_video_encoder_restarts_total')).toBe(0);
    } finally {
      motion.kill();
    }
    for (const viewer of viewers.splice(0)) await viewer.close();
    await expect.poll(() => metric('helios_video_encoder_running'), { timeout: 5000 }).toBe(0);
    expect(await metric('helios_video_viewers')).toBe(0);
  });

  it('refuses a foreign Origin on the video routes as on the bridge (403)', async () => {
    expect(await refusal('video', gateway.url, { origin: 'https://evil.example' })).toBe(403);
    expect(await refusal('view-only/video', gateway.url, { origin: 'https://evil.example' })).toBe(403);
  });
});

describe('VNC bridge of a video page (?video=1)', () => {
  /**
   * A raw-encoding RFB viewer of the bridge at `query` that asks for the whole
   * screen every 50 ms (incremental, as a viewer without continuous updates does)
   * and counts the bytes it receives.
   */
  async function rawViewer(query: string) {
    const client = await connectRfb(`${gateway.url.replace(/^http/, 'ws')}websockify${query}`);
    let bytes = 0;
    client.ws.on('message', (data: Buffer) => {
      bytes += data.length;
    });
    const request = (incremental: number) => {
      const b = Buffer.alloc(10);
      b[0] = 3;
      b[1] = incremental;
      b.writeUInt16BE(client.width, 6);
      b.writeUInt16BE(client.height, 8);
      return b;
    };
    client.send(setEncodings([0])); // raw only
    client.send(request(0));
    const timer = setInterval(() => client.send(request(1)), 50);
    return {
      /** A whole frame of this screen, raw. */
      frameBytes: client.width * client.height * 4,
      /** Bytes received so far. */
      received: () => bytes,
      /** Bytes received within the next `ms`. */
      async bytesWithin(ms: number) {
        const before = bytes;
        await new Promise((resolve) => setTimeout(resolve, ms));
        return bytes - before;
      },
      async close() {
        clearInterval(timer);
        client.close();
        await client.closed();
      },
    };
  }

  /** Bytes a raw viewer receives in 2 s of motion. */
  async function bytesDuringMotion(query: string) {
    const viewer = await rawViewer(query);
    try {
      return await viewer.bytesWithin(2000);
    } finally {
      await viewer.close();
    }
  }

  it("auto mode: a page's bridge goes quiet while its video socket is open and gets the whole picture back when it closes", async () => {
    const motion = startMotion();
    const key = 'auto-page-key-0123456789';
    // Continuous updates need fence replies this viewer does not give; the filter's unit tests cover them.
    const viewer = await rawViewer(`?viewer=${key}`);
    const bytesWithin = (ms: number) => viewer.bytesWithin(ms);
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const before = await bytesWithin(1000);
      const video = await openVideo(`video?viewer=${key}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const quiet = await bytesWithin(1000);
      expect(video.frames.length).toBeGreaterThan(0);
      motion.kill();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const still = await bytesWithin(500);
      // Counted from the close request, not from this side's close event: the gateway
      // wakes the bridge when its side of the socket closes, and on a loaded machine
      // most of the picture can arrive before this side's event (CI: 1.1 of 3 MB after it).
      const atClose = viewer.received();
      await video.close();
      await new Promise((resolve) => setTimeout(resolve, 2000));
      // Nothing moves now: what arrives is the whole picture the gateway asked for on waking.
      const woken = viewer.received() - atClose;
      const frame = viewer.frameBytes;
      expect({ before: before > 1_000_000, quiet: quiet < 64 * 1024, still: still < 64 * 1024 }).toEqual({
        before: true,
        quiet: true,
        still: true,
      });
      expect(woken).toBeGreaterThanOrEqual(frame);
    } finally {
      motion.kill();
      await viewer.close();
    }
  });

  it('receives no pixels while the screen moves, where a normal bridge receives megabytes', async () => {
    const motion = startMotion();
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const normal = await bytesDuringMotion('');
      const quiet = await bytesDuringMotion('?video=1');
      expect(normal).toBeGreaterThan(1_000_000);
      expect(quiet).toBeLessThan(64 * 1024);
    } finally {
      motion.kill();
    }
  });
});

describe('{prefix}video guards with auth, and without an encoder', () => {
  let locked: GatewayProcess;

  beforeAll(async () => {
    locked = await startGatewayProcess(
      ['--vnc', `unix:${xvnc.socket}`, '--video-encoder', '/no/such/helios-video-encoder'],
      { DISPLAY: xvnc.display, HELIOS_AUTH_TOKEN: 'video-secret' },
    );
  });

  afterAll(async () => {
    await locked?.stop();
  });

  it('asks for credentials on the video routes (401)', async () => {
    expect(await refusal('video', locked.url)).toBe(401);
    expect(await refusal('view-only/video', locked.url)).toBe(401);
  });

  it('answers status unavailable and closes when the encoder binary is missing; the page is told video is off', async () => {
    const viewer = await openVideo('video?token=video-secret', locked.url);
    expect(await viewer.closed).toBe(1011);
    expect(viewer.statuses).toEqual([
      { type: 'status', state: 'unavailable', reason: '/no/such/helios-video-encoder: ENOENT' },
    ]);
    expect(viewer.frames).toEqual([]);
    const page = await (
      await fetch(locked.url, { headers: { authorization: 'Bearer video-secret' } })
    ).text();
    expect(page).toContain('<meta name="helios-video" content="off" />');
  });

  it('tells the page video is on when the encoder is there', async () => {
    const page = await (await fetch(gateway.url)).text();
    expect(page).toContain('<meta name="helios-video" content="on" />');
  });
});
