import { type ChildProcess, spawn } from 'node:child_process';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Headless Chromium that may play audio without a click and fakes the microphone prompt. */
export function launchAudioChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.HELIOS_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      ...['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
      ...['--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
      ...['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
    ],
  });
}

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

/** Interleaved stereo s16 sine at 48 kHz, -6 dBFS. */
export function sine(hz: number, seconds: number): Int16Array {
  const frames = Math.round(48_000 * seconds);
  const pcm = new Int16Array(frames * 2);
  for (let i = 0; i < frames; i++) {
    const sample = Math.round(16_000 * Math.sin((2 * Math.PI * hz * i) / 48_000));
    pcm[2 * i] = sample;
    pcm[2 * i + 1] = sample;
  }
  return pcm;
}

/** The dominant frequency of `samples`, in Hz. */
export function dominantHz(samples: ArrayLike<number>, sampleRate = 48_000): number {
  // The frequency with the most energy (Goertzel scan, coarse then fine). A
  // dropout or a late start under load only adds sidebands around the tone;
  // a wrong frequency moves the peak itself.
  const power = (hz: number): number => {
    const coefficient = 2 * Math.cos((2 * Math.PI * hz) / sampleRate);
    let previous = 0;
    let beforePrevious = 0;
    for (let i = 0; i < samples.length; i++) {
      const current = (samples[i] ?? 0) + coefficient * previous - beforePrevious;
      beforePrevious = previous;
      previous = current;
    }
    return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
  };
  const peak = (from: number, to: number, step: number): number => {
    let best = from;
    let bestPower = -1;
    for (let hz = from; hz <= to; hz += step) {
      const p = power(hz);
      if (p > bestPower) [best, bestPower] = [hz, p];
    }
    return best;
  };
  const coarse = peak(50, 4000, 10);
  return peak(coarse - 10, coarse + 10, 0.5);
}

/** Root mean square of the samples. */
export function rmsOf(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, samples.length));
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
export function playToneInContainer(container: string, uid: number, hz: number, seconds: number) {
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
  const bytes = Buffer.concat(chunks);
  const stereo = new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 2));
  return stereo.filter((_, index) => index % 2 === 0);
}
