import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { trackChild } from './child-registry.ts';
import { followOutput, type OutputSink } from './output-sink.ts';
import { commandFor, environmentFor, workingDirectoryFor } from './service-command.ts';
import type { ServiceContext } from './service-context.ts';
import type { ServiceSpec } from './service-spec.ts';
import type { ExitStatus, Launcher, ServiceProcess } from './supervisor.ts';

/** Sends `signal` to process group `pgid`; a group that is already gone is fine. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ESRCH' && code !== 'EPERM') throw error;
  }
}

/**
 * Starts service processes for real: stale files removed, each process in
 * its own session and process group (`detached`), the desktop user's
 * services through setpriv, output line-prefixed with the service name.
 */
export class ProcessLauncher implements Launcher {
  readonly #ctx: ServiceContext;
  readonly #containerEnv: Readonly<Record<string, string | undefined>>;
  readonly #output: OutputSink;

  constructor(
    ctx: ServiceContext,
    containerEnv: Readonly<Record<string, string | undefined>>,
    output: OutputSink,
  ) {
    this.#ctx = ctx;
    this.#containerEnv = containerEnv;
    this.#output = output;
  }

  launch(spec: ServiceSpec): ServiceProcess {
    for (const path of spec.cleanPaths) rmSync(path, { force: true });
    const [file, ...args] = commandFor(spec.command, spec.runAs, this.#ctx);
    const child = trackChild(
      spawn(file as string, args, {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: environmentFor(spec.runAs, spec.env, this.#ctx, this.#containerEnv),
        cwd: workingDirectoryFor(spec.runAs, this.#ctx),
      }),
    );
    if (child.pid === undefined) {
      // libuv reports a failed spawn synchronously and Node re-emits it later as 'error'.
      child.once('error', () => {});
      throw new Error(`cannot execute ${file} (not found on PATH or not executable)`);
    }
    const pid = child.pid;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) followOutput(stream, spec.name, this.#output);
    }
    const exited = new Promise<ExitStatus>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      // A failed kill is the only 'error' left once spawned; the exit still follows.
      child.on('error', () => {});
    });
    return { pid, exited, signalGroup: (signal) => signalGroup(pid, signal) };
  }
}
