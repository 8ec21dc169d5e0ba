import { type ChildProcess, spawn } from 'node:child_process';
import { dominantHz, leftChannel, rmsOf, sine } from '@helios/test-kit/tone';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The audio part of `window.heliosClient` (see @helios/kclient's README). */
export interface AudioHook {
  state: string;
  mic: string;
  level: number;
  frames: number;
  samples(): number[];
  setMic(on: boolean): Promise<void>;
}

/** Evaluates `read` against `window.heliosClient.audio` in the page. */
export function readAudio<T>(page: Page, read: (hook: AudioHook) => T): Promise<T> {
  return page.evaluate(`(${read.toString()})(window.heliosClient.audio)`) as Promise<T>;
}

/** Replaces getUserMedia with a pure tone of `hz` (an oscillator), before the page loads. */
export async function fakeMicrophone(page: Page, hz: number): Promise<void> {
  await page.addInitScript((frequency) => {
    navigator.mediaDevices.getUserMedia = async () => {
      const context = new AudioContext({ sampleRate: 48_000 });
      const oscillator = new OscillatorNode(context, { frequency });
      const destination = context.createMediaStreamDestination();
      oscillator.connect(new GainNode(context, { gain: 0.5 })).connect(destination);
      oscillator.start();
      return destination.stream;
    };
  }, hz);
}

/** `docker exec` as the desktop user, with its PulseAudio in reach. */
function execAsUser(container: string, uid: number, command: string[], stdin: boolean): ChildProcess {
  return spawn(
    'docker',
    [
      'exec',
      ...(stdin ? ['-i'] : []),
      '-u',
      String(uid),
      '-e',
      `XDG_RUNTIME_DIR=/run/user/${uid}`,
      container,
      ...command,
    ],
    { stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] },
  );
}

/** Plays a tone into the desktop's default sink with pacat inside the container. */
function playToneInContainer(container: string, uid: number, hz: number, seconds: number) {
  const child = execAsUser(
    container,
    uid,
    ['pacat', '--playback', '--raw', '--format=s16le', '--rate=48000', '--channels=2', '--latency-msec=20'],
    true,
  );
  child.stdin?.on('error', () => {});
  child.stdin?.end(Buffer.from(sine(hz, seconds).buffer));
  const done = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return { child, done };
}

/** Records `seconds` of the desktop's default source with parec inside the container (left channel). */
export async function recordInContainer(
  container: string,
  uid: number,
  seconds: number,
): Promise<Int16Array> {
  const child = execAsUser(
    container,
    uid,
    [
      'timeout',
      String(seconds),
      'parec',
      '--raw',
      '--format=s16le',
      '--rate=48000',
      '--channels=2',
      '--latency-msec=20',
    ],
    false,
  );
  const chunks: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise((resolve) => child.once('close', resolve));
  return leftChannel(Buffer.concat(chunks));
}

/**
 * Plays an 880 Hz tone inside the desktop for a few seconds and checks that
 * the page hears it: the level rises, and what it played is not silence and
 * at the tone's frequency. The page's audio must already be on.
 * @returns the audio hook's state at the end, for checks of how it was played.
 */
export async function expectDesktopToneHeard(page: Page, container: string, uid: number): Promise<AudioHook> {
  const tone = playToneInContainer(container, uid, 880, 6);
  try {
    await expect.poll(() => readAudio(page, (hook) => hook.level), { timeout: 8000 }).toBeGreaterThan(0.5);
    await page.waitForTimeout(400);
    const samples = await readAudio(page, (hook) => hook.samples());
    expect(rmsOf(samples)).toBeGreaterThan(0.1);
    expect(dominantHz(samples)).toBeGreaterThan(865);
    expect(dominantHz(samples)).toBeLessThan(895);
    return await readAudio(page, (hook) => ({ ...hook }));
  } finally {
    tone.child.kill();
    await tone.done;
  }
}
