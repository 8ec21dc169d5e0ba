import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HELIOS_PULSE_ARGS } from '@helios/test-kit/pulse';
import { leftChannel, sine } from '@helios/test-kit/tone';
import { pacatArgs } from '../../src/server/audio/mic-channel.ts';
import { pulseRawFormatArgs } from '../../src/shared/audio-framing.ts';

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
  const server = spawn('pulseaudio', HELIOS_PULSE_ARGS, {
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
      const child = spawn('pacat', pacatArgs(sink), { env, stdio: ['pipe', 'ignore', 'ignore'] });
      children.add(child);
      child.stdin?.on('error', () => {});
      child.stdin?.end(Buffer.from(sine(hz, seconds).buffer));
      const done = new Promise<void>((resolve) => child.once('close', () => resolve()));
      void done.then(() => children.delete(child));
      return { done, child };
    },
    async record(source, seconds) {
      const child = spawn('parec', [...pulseRawFormatArgs(), '-d', source], {
        env,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      children.add(child);
      const chunks: Buffer[] = [];
      child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('close', resolve));
      children.delete(child);
      return leftChannel(Buffer.concat(chunks));
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
