import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A private PulseAudio with the sinks Helios' init creates. */
export interface PulseServer {
  /** Environment that points pactl/parec/pacat (and the gateway) at this server. */
  readonly env: NodeJS.ProcessEnv;
  /** Plays `seconds` of a sine of `hz` into `sink` with pacat; resolves when pacat has finished. */
  playTone(hz: number, seconds: number, sink?: string): { done: Promise<void>; child: ChildProcess };
  /** Records `seconds` from `source` with parec and returns mono s16 samples (left channel). */
  record(source: string, seconds: number): Promise<Int16Array>;
  /** Pids of processes whose parent is `pid` and whose command starts with `name`. */
  childrenOf(pid: number, name: string): Promise<number[]>;
  stop(): Promise<void>;
}

/** The same modules as @helios/init's pulseaudio service. */
export const PULSE_ARGS = [
  '--daemonize=no',
  '--exit-idle-time=-1',
  '-n',
  '--load=module-native-protocol-unix',
  '--load=module-null-sink sink_name=helios rate=48000 sink_properties=device.description=Helios',
  '--load=module-null-sink sink_name=helios_mic rate=48000 sink_properties=device.description=Microphone',
  '--load=module-remap-source master=helios_mic.monitor source_name=helios_mic_source',
  '--realtime=no',
  '--high-priority=no',
];

/** Starts PulseAudio in a temporary runtime dir; fails loudly when it is not installed. */
export async function startPulse(): Promise<PulseServer> {
  for (const binary of ['pulseaudio', 'pactl', 'parec', 'pacat']) {
    if (!['/usr/bin', '/bin'].some((dir) => existsSync(join(dir, binary)))) {
      throw new Error(`${binary} not found: apt-get install pulseaudio pulseaudio-utils`);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'kclient-pulse-'));
  const runtime = join(dir, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    XDG_RUNTIME_DIR: runtime,
    PULSE_SERVER: `unix:${runtime}/pulse/native`,
  };
  const server = spawn('pulseaudio', PULSE_ARGS, {
    env: { ...env, DISPLAY: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-2000);
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await run('pactl', ['info'], { env });
      break;
    } catch {
      if (server.exitCode !== null || Date.now() > deadline) {
        server.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`PulseAudio did not start:\n${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const children = new Set<ChildProcess>();
  return {
    env,
    playTone(hz, seconds, sink = 'helios') {
      const child = spawn(
        'pacat',
        [
          '--playback',
          '--raw',
          '--format=s16le',
          '--rate=48000',
          '--channels=2',
          '--latency-msec=20',
          '-d',
          sink,
        ],
        { env, stdio: ['pipe', 'ignore', 'ignore'] },
      );
      children.add(child);
      child.stdin?.on('error', () => {});
      child.stdin?.end(Buffer.from(sine(hz, seconds).buffer));
      const done = new Promise<void>((resolve) => child.once('close', () => resolve()));
      void done.then(() => children.delete(child));
      return { done, child };
    },
    async record(source, seconds) {
      const child = spawn(
        'parec',
        ['--raw', '--format=s16le', '--rate=48000', '--channels=2', '--latency-msec=20', '-d', source],
        { env, stdio: ['ignore', 'pipe', 'ignore'] },
      );
      children.add(child);
      const chunks: Buffer[] = [];
      child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('close', resolve));
      children.delete(child);
      const bytes = Buffer.concat(chunks);
      const stereo = new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 2));
      return stereo.filter((_, index) => index % 2 === 0);
    },
    async childrenOf(pid, name) {
      const { stdout } = await run('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)]).catch(() => ({
        stdout: '',
      }));
      return stdout
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .filter(([, comm]) => comm?.startsWith(name))
        .map(([child]) => Number(child));
    },
    async stop() {
      for (const child of children) child.kill('SIGKILL');
      const exited = new Promise((resolve) => server.once('close', resolve));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 2000);
      if (server.exitCode === null && server.signalCode === null) await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Interleaved stereo s16 sine at 48 kHz, amplitude -6 dBFS. */
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

/** Root mean square on a 0..1 scale for float samples or 0..32768 for s16. */
export function rmsOf(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, samples.length));
}
