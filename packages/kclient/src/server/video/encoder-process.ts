import { type ChildProcess, spawn } from 'node:child_process';
import { type EncodedFrame, EncoderFraming } from './encoder-framing.ts';
import type { EncoderExit } from './encoder-lifecycle.ts';

/** What an encoder process reports. */
export interface EncoderEvents {
  /** The `ready WIDTHxHEIGHT` line. */
  onReady(width: number, height: number): void;
  onFrame(frame: EncodedFrame): void;
  /** A stderr line other than `ready`. */
  onLog(line: string): void;
  /** Its stdout broke the record format; the process is being killed. */
  onStreamError(error: Error): void;
  /** Called once, when the process is gone (or never started). */
  onExit(exit: EncoderExit): void;
}

/** Arguments of one encoder run. */
export interface EncoderLaunch {
  readonly binary: string;
  readonly bitrateKbps: number;
  readonly maxBitrateKbps: number;
  /** Environment; `DISPLAY` says which screen. */
  readonly env: NodeJS.ProcessEnv;
}

/** Time a stopped encoder gets after stdin closed before SIGTERM, and again before SIGKILL. */
const STOP_GRACE_MS = 2000;
const STDERR_TAIL_CHARS = 400;

/**
 * One run of `helios-video-encoder`: frames from its stdout, commands to its
 * stdin, `ready` and log lines from its stderr. Stopping closes stdin (the
 * encoder exits 0 on EOF); SIGTERM and SIGKILL follow if it lingers.
 */
export class EncoderProcess {
  readonly #child: ChildProcess;
  readonly #events: EncoderEvents;
  readonly #framing = new EncoderFraming();
  #stderrTail = '';
  #partialLine = '';
  #producedFrames = false;
  #stopRequested = false;
  #spawnError: string | undefined;
  #exited = false;
  readonly #done: Promise<void>;

  constructor(launch: EncoderLaunch, events: EncoderEvents) {
    this.#events = events;
    const args = ['--bitrate', String(launch.bitrateKbps), '--max-bitrate', String(launch.maxBitrateKbps)];
    this.#child = spawn(launch.binary, args, { env: launch.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const child = this.#child;
    // A command written as the encoder dies fails with EPIPE: the exit tells the story.
    child.stdin?.on('error', () => {});
    child.stdout?.on('data', (chunk: Buffer) => this.#onStdout(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.#onStderr(chunk));
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) this.#spawnError = `${launch.binary}: ${error.code ?? error.message}`;
    });
    this.#done = new Promise((resolve) => {
      child.once('close', (code, signal) => {
        this.#exited = true;
        this.#events.onExit({
          code,
          signal,
          ...(this.#spawnError !== undefined ? { spawnError: this.#spawnError } : {}),
          producedFrames: this.#producedFrames,
          stopRequested: this.#stopRequested,
          stderrTail: this.#stderrTail.trim().split('\n').slice(-3).join(' | '),
        });
        resolve();
      });
    });
  }

  /** Process id, for logs. */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Sends one command line (`keyframe`, `bitrate N`, `fps N`). */
  command(line: string): void {
    const stdin = this.#child.stdin;
    if (this.#exited || this.#stopRequested || stdin === null || !stdin.writable) return;
    stdin.write(`${line}\n`);
  }

  /** Asks the encoder to exit; resolves once it has. */
  stop(): Promise<void> {
    if (!this.#stopRequested && !this.#exited) {
      this.#stopRequested = true;
      this.#child.stdin?.end();
      const term = setTimeout(() => this.#child.kill('SIGTERM'), STOP_GRACE_MS);
      const kill = setTimeout(() => this.#child.kill('SIGKILL'), 2 * STOP_GRACE_MS);
      void this.#done.then(() => {
        clearTimeout(term);
        clearTimeout(kill);
      });
    }
    return this.#done;
  }

  #onStdout(chunk: Buffer): void {
    let frames: EncodedFrame[];
    try {
      frames = this.#framing.push(chunk);
    } catch (error) {
      this.#child.stdout?.removeAllListeners('data');
      this.#events.onStreamError(error as Error);
      this.#child.kill('SIGKILL');
      return;
    }
    for (const frame of frames) {
      this.#producedFrames = true;
      this.#events.onFrame(frame);
    }
  }

  #onStderr(chunk: Buffer): void {
    const text = chunk.toString('utf8');
    this.#stderrTail = (this.#stderrTail + text).slice(-STDERR_TAIL_CHARS);
    const lines = (this.#partialLine + text).split('\n');
    this.#partialLine = lines.pop() ?? '';
    for (const line of lines) {
      const ready = /^ready (\d+)x(\d+)\s*$/.exec(line);
      if (ready) this.#events.onReady(Number(ready[1]), Number(ready[2]));
      else if (line.trim() !== '') this.#events.onLog(line);
    }
  }
}
