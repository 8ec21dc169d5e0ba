import { EventEmitter } from 'node:events';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { VideoService } from './video-service.ts';

/**
 * A stand-in for helios-video-encoder: says `ready`, answers each `keyframe`
 * line with a keyframe record, logs every command to $FAKE_LOG, and exits
 * with $FAKE_EXIT after $FAKE_FRAMES records when they are set; with
 * $FAKE_EXIT_DELAY_MS, once its stdin ends it keeps sending that long before it
 * exits, a keyframe halfway (as the real one may, its periodic IDR falling due).
 */
const FAKE_ENCODER = `#!${process.execPath}
const { appendFileSync } = require('node:fs');
const log = (line) => process.env.FAKE_LOG && appendFileSync(process.env.FAKE_LOG, line + '\\n');
log('start ' + process.argv.slice(2).join(' '));
process.stderr.write('ready 64x48\\n');
let frame = 0;
const record = (keyframe) => {
  const payload = Buffer.alloc(Number(process.env.FAKE_PAYLOAD ?? 8));
  Buffer.from([0, 0, 0, 1, 0x67]).copy(payload);
  const b = Buffer.alloc(21 + payload.length);
  b.writeUInt32BE(payload.length, 0);
  b[4] = keyframe ? 1 : 0;
  b.writeUInt16BE(64, 5);
  b.writeUInt16BE(48, 7);
  b.writeUInt32BE(frame++, 9);
  b.writeBigUInt64BE(BigInt(Date.now()) * 1000n, 13);
  payload.copy(b, 21);
  process.stdout.write(b);
  if (process.env.FAKE_FRAMES && frame >= Number(process.env.FAKE_FRAMES)) process.exit(Number(process.env.FAKE_EXIT));
};
if (process.env.FAKE_EXIT && !process.env.FAKE_FRAMES) process.exit(Number(process.env.FAKE_EXIT));
const timer = setInterval(() => record(false), 20);
let rest = '';
process.stdin.on('data', (chunk) => {
  const lines = (rest + chunk).split('\\n');
  rest = lines.pop();
  for (const line of lines) {
    log(line);
    if (line === 'keyframe') record(true);
  }
});
process.stdin.on('end', () => {
  log('eof');
  const delay = Number(process.env.FAKE_EXIT_DELAY_MS ?? 0);
  if (delay > 0) setTimeout(() => record(true), delay / 2);
  setTimeout(() => { clearInterval(timer); process.exit(0); }, delay);
});
`;

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  closeCode: number | undefined;
  readonly frames: Buffer[] = [];
  readonly texts: { state: string; reason?: string }[] = [];
  send(data: Buffer | string) {
    if (typeof data === 'string') this.texts.push(JSON.parse(data));
    else this.frames.push(data);
  }
  close(code: number) {
    if (this.readyState !== 1) return;
    this.closeCode = code;
    this.readyState = 3;
    setImmediate(() => this.emit('close', code));
  }
  terminate() {
    this.close(1006);
  }
  ping() {}
  page(message: string) {
    this.emit('message', Buffer.from(message), false);
  }
}

const quiet = { info: () => {}, warn: () => {} };
let dir: string;
let encoder: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kclient-video-service-'));
  encoder = join(dir, 'fake-encoder');
  writeFileSync(encoder, FAKE_ENCODER);
  chmodSync(encoder, 0o755);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function service(env: Record<string, string> = {}) {
  const log = join(dir, `log-${Math.random()}`);
  writeFileSync(log, '');
  const video = new VideoService({
    encoder,
    unavailable: undefined,
    env: { ...process.env, FAKE_LOG: log, ...env },
    heartbeatMs: 0,
    log: quiet,
  });
  const commands = () => readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const viewer = () => {
    const ws = new FakeSocket();
    video.accept(ws as unknown as WebSocket, false);
    return ws;
  };
  return { video, commands, viewer };
}

describe('VideoService', () => {
  it('starts one encoder for the first viewer, asks for a keyframe and closes its stdin after the last', async () => {
    const { video, commands, viewer } = service();
    const a = viewer();
    const b = viewer();
    await expect.poll(() => a.frames.length).toBeGreaterThan(3);
    expect(a.frames[0]?.[1]).toBe(1);
    expect(a.texts.map((text) => text.state)).toEqual(['starting', 'running']);
    expect(video.stats).toMatchObject({ viewers: 2, encoderRunning: true });
    a.close(1000);
    b.close(1000);
    await expect.poll(() => video.state).toBe('idle');
    // The second viewer joined while the encoder started: its first frame serves both.
    expect(commands()).toEqual(['start --bitrate 4000 --max-bitrate 20000', 'keyframe', 'eof']);
    await video.close();
  });

  it("gives a viewer who joins while the encoder stops only the next encoder's frames", async () => {
    // The encoder takes 300 ms to exit after its stdin closes, sending frames meanwhile;
    // the new viewer must see the next encoder's stream only, its numbers rising.
    const { video, viewer } = service({ FAKE_EXIT_DELAY_MS: '300' });
    const a = viewer();
    await expect.poll(() => a.frames.length).toBeGreaterThan(3);
    a.close(1000);
    await expect.poll(() => video.state).toBe('stopping');
    const b = viewer();
    await expect.poll(() => video.state, { timeout: 5000 }).toBe('running');
    const before = b.frames.length;
    await expect.poll(() => b.frames.length).toBeGreaterThan(before + 3);
    const numbers = b.frames.map((frame) => frame.readUInt32BE(6));
    expect(b.frames[0]?.[1]).toBe(1);
    for (let i = 1; i < numbers.length; i++) expect(numbers[i]).toBeGreaterThan(numbers[i - 1] as number);
    await video.close();
  });

  it('caps the bit rate when a viewer receives nothing while frames pile up', async () => {
    // 20 kB every 20 ms: 8 Mbit/s, of which the page reports nothing received.
    const { video, commands, viewer } = service({ FAKE_PAYLOAD: '20000' });
    const ws = viewer();
    await expect.poll(() => ws.frames.length).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) {
      ws.page(JSON.stringify({ type: 'report', receivedBytes: 0, decodedFrames: 0, decodeQueue: 0 }));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(video.stats.bitrateKbps).toBe(500);
    await video.close();
    expect(commands()).toContain('bitrate 500');
  });

  it('restarts an encoder that dies while viewers remain, and counts it', async () => {
    const { video, viewer } = service({ FAKE_FRAMES: '3', FAKE_EXIT: '1' });
    const ws = viewer();
    await expect.poll(() => video.stats.restarts, { timeout: 5000 }).toBeGreaterThan(1);
    expect(ws.texts.map((text) => text.state)).toContain('restarting');
    expect(ws.closeCode).toBeUndefined();
    await video.close();
  });

  it('tells viewers video is unavailable and lets them go when the encoder cannot work', async () => {
    const { video, viewer } = service({ FAKE_EXIT: '4' });
    const ws = viewer();
    await expect.poll(() => ws.closeCode).toBe(1011);
    expect(ws.texts.at(-1)).toEqual({
      type: 'status',
      state: 'unavailable',
      reason: 'encoder exited with 4 (the X server lacks MIT-SHM or DAMAGE): ready 64x48',
    });
    await video.close();
  });

  it('answers unavailable at once when the encoder was missing at start', async () => {
    const video = new VideoService({
      encoder,
      unavailable: '/x: ENOENT',
      env: {},
      heartbeatMs: 0,
      log: quiet,
    });
    const ws = new FakeSocket();
    video.accept(ws as unknown as WebSocket, true);
    expect(ws.texts).toEqual([{ type: 'status', state: 'unavailable', reason: '/x: ENOENT' }]);
    expect(ws.closeCode).toBe(1011);
    await video.close();
  });
});
