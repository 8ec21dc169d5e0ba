import { launchChromium } from '@helios/test-kit/chromium';
import { dominantHz, rmsOf } from '@helios/test-kit/tone';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type PulseServer, startPulse } from './support/audio-pulse.ts';
import { type GatewayProcess, startGatewayProcess } from './support/gateway-process.ts';

let pulse: PulseServer;
let gateway: GatewayProcess;
let browser: Browser;

beforeAll(async () => {
  pulse = await startPulse();
  // No VNC server: audio does not need one, and the page's bridge just keeps retrying.
  gateway = await startGatewayProcess(['--vnc', 'tcp:127.0.0.1:1'], pulse.env);
  browser = await launchChromium({
    audio: true,
    // Keep Chromium's own output away from the test PulseAudio: it would loop back into the capture.
    env: { ...process.env, PULSE_SERVER: 'unix:/nonexistent', XDG_RUNTIME_DIR: '/nonexistent' },
  });
});

const openPages: Page[] = [];

// Closed even when a test fails: an open page keeps the shared capture running.
afterEach(async () => {
  await Promise.all(openPages.splice(0).map((page) => page.close()));
});

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  await pulse?.stop();
});

interface AudioHookView {
  state: string;
  mic: string;
  level: number;
  frames: number;
  decoder: string | undefined;
  samples(): number[];
  setMic(on: boolean): Promise<void>;
}

declare global {
  interface Window {
    __audio?: AudioHookView;
  }
}

async function openPage(query = '', oscillatorHz?: number): Promise<Page> {
  const page = await browser.newPage();
  openPages.push(page);
  if (oscillatorHz !== undefined) {
    // A fake microphone: a pure tone from an oscillator instead of the device.
    await page.addInitScript((hz) => {
      navigator.mediaDevices.getUserMedia = async () => {
        const context = new AudioContext({ sampleRate: 48_000 });
        const oscillator = new OscillatorNode(context, { frequency: hz });
        const gain = new GainNode(context, { gain: 0.5 });
        const destination = context.createMediaStreamDestination();
        oscillator.connect(gain).connect(destination);
        oscillator.start();
        return destination.stream;
      };
    }, oscillatorHz);
  }
  await page.goto(`${gateway.url}${query}`);
  await page.waitForFunction(
    () =>
      (window as unknown as { heliosClient?: { audio?: { state: string } } }).heliosClient?.audio?.state ===
      'on',
    undefined,
    { timeout: 15_000 },
  );
  return page;
}

const audio = <T>(page: Page, read: (hook: AudioHookView) => T): Promise<T> =>
  page.evaluate(`(${read.toString()})(window.heliosClient.audio)`) as Promise<T>;

/** Plays a tone into the desktop sink until the page hears it, returning what the page measured. */
async function hearTone(page: Page, hz: number) {
  const tone = pulse.playTone(hz, 4);
  try {
    await expect.poll(() => audio(page, (hook) => hook.level), { timeout: 5000 }).toBeGreaterThan(0.5);
    // Let the analyser's 170 ms window fill with the tone, not the silence before it.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const samples = await audio(page, (hook) => hook.samples());
    return {
      samples,
      level: await audio(page, (hook) => hook.level),
      frames: await audio(page, (hook) => hook.frames),
    };
  } finally {
    tone.child.kill();
    await tone.done;
  }
}

describe('{prefix}audio (real PulseAudio, real Chromium)', () => {
  it('plays a tone from the desktop sink in the page: not silence, at its frequency (WebCodecs)', async () => {
    const page = await openPage();
    const heard = await hearTone(page, 1000);
    expect(await audio(page, (hook) => hook.decoder)).toBe('webcodecs');
    expect(rmsOf(heard.samples)).toBeGreaterThan(0.1);
    expect(dominantHz(heard.samples)).toBeGreaterThan(980);
    expect(dominantHz(heard.samples)).toBeLessThan(1020);
    expect(await page.locator('#audio-level').getAttribute('data-level')).not.toBe('0.00');
    await page.close();
  });

  it('decodes with the WebAssembly fallback where WebCodecs is not used', async () => {
    const page = await openPage('?audio-codec=wasm');
    const heard = await hearTone(page, 600);
    expect(await audio(page, (hook) => hook.decoder)).toBe('wasm');
    expect(dominantHz(heard.samples)).toBeGreaterThan(585);
    expect(dominantHz(heard.samples)).toBeLessThan(615);
    await page.close();
  });

  it('runs one capture for all listeners, and none once the last one leaves', async () => {
    const pid = gateway.child.pid ?? 0;
    await expect.poll(() => pulse.childrenOf(pid, 'parec'), { timeout: 5000 }).toEqual([]);
    const pages = [await openPage(), await openPage(), await openPage()];
    await expect.poll(async () => (await pulse.childrenOf(pid, 'parec')).length, { timeout: 5000 }).toBe(1);
    const metrics = await (await fetch(new URL('/metrics', gateway.url))).text();
    expect(metrics).toContain('helios_kclient_audio_listeners 3\n');
    await Promise.all(pages.map((page) => page.close()));
    await expect.poll(() => pulse.childrenOf(pid, 'parec'), { timeout: 5000 }).toEqual([]);
  });

  it('sends the microphone into the virtual source: a 660 Hz tone recorded with parec', async () => {
    const page = await openPage('', 660);
    await audio(page, (hook) => hook.setMic(true));
    await expect.poll(() => audio(page, (hook) => hook.mic), { timeout: 5000 }).toBe('on');
    const second = await openPage('', 440);
    await audio(second, (hook) => hook.setMic(true));
    await expect.poll(() => audio(second, (hook) => hook.mic), { timeout: 5000 }).toBe('busy');
    const recorded = await pulse.record('helios_mic_source', 1.5);
    const tail = recorded.subarray(recorded.length / 3);
    expect(rmsOf(tail)).toBeGreaterThan(1000);
    expect(dominantHz(tail)).toBeGreaterThan(645);
    expect(dominantHz(tail)).toBeLessThan(675);
    await second.close();
    await page.close();
  });
});

describe('{prefix}audio guards', () => {
  const open = (path: string, headers: Record<string, string> = {}) =>
    new WebSocket(new URL(path, gateway.url.replace(/^http/, 'ws')), { headers });

  it('refuses a foreign Origin like the VNC bridge does (403)', async () => {
    const ws = open('audio', { origin: 'https://evil.example' });
    const status = await new Promise<number | undefined>((resolve) => {
      ws.once('unexpected-response', (_request, response) => resolve(response.statusCode));
      ws.once('open', () => resolve(undefined));
    });
    expect(status).toBe(403);
  });

  it('lets view-only pages listen but denies them the microphone', async () => {
    const ws = open('view-only/audio');
    const messages: unknown[] = [];
    ws.on('message', (data, isBinary) => {
      if (!isBinary) messages.push(JSON.parse(String(data)));
    });
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'mic', enabled: true }));
    await expect
      .poll(() => messages, { timeout: 3000 })
      .toContainEqual({ type: 'mic', state: 'denied', reason: 'view-only' });
    expect(messages[0]).toMatchObject({
      type: 'hello',
      codec: 'opus',
      sampleRate: 48000,
      channels: 2,
      frameMs: 20,
      mic: false,
    });
    ws.close();
  });

  it('closes a connection that sends something outside the protocol (1003)', async () => {
    const ws = open('audio');
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send('{"type":"volume","value":11}');
    const code = await new Promise<number>((resolve) => ws.once('close', resolve));
    expect(code).toBe(1003);
  });
});
