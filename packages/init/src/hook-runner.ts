import { spawn } from 'node:child_process';
import { trackChild } from './child-registry.ts';
import type { Script } from './hook-discovery.ts';
import { LinePrefixer } from './line-prefixer.ts';
import { signalGroup } from './process-launcher.ts';

/** How one hook run ended. */
export interface HookResult {
  readonly script: Script;
  /** Exit code, or null when killed by a signal or not started. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  /** Why it could not be started at all. */
  readonly error: Error | undefined;
  readonly durationMs: number;
}

/** Options of {@link runHook}. */
export interface HookRunOptions {
  /** Time before the hook's process group is killed. */
  readonly timeoutMs: number;
  /** Environment of the hook (the container's, as root). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly write: (text: string) => void;
}

/** Whether a hook did what hooks must: exit 0 in time. */
export function hookSucceeded(result: HookResult): boolean {
  return result.code === 0 && !result.timedOut && !result.error;
}

/** `exit code 3`, `killed by SIGKILL after the 5000 ms timeout`, … */
export function describeHookResult(result: HookResult, timeoutMs: number): string {
  if (result.error) return `could not start: ${result.error.message}`;
  if (result.timedOut) return `timed out after ${timeoutMs} ms`;
  if (result.signal) return `killed by ${result.signal}`;
  return `exit code ${result.code}`;
}

/**
 * Runs one hook as init's own user (root, or the desktop user in restricted
 * mode) in its own process group, output prefixed with its name; on
 * timeout the whole group gets SIGKILL.
 */
export function runHook(script: Script, options: HookRunOptions): Promise<HookResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const launch = (command: readonly string[]) =>
      spawn(command[0] as string, command.slice(1), {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: options.env as NodeJS.ProcessEnv,
        cwd: '/',
      });
    let timer: NodeJS.Timeout | undefined;
    const finish = (partial: Pick<HookResult, 'code' | 'signal' | 'error'>, timedOut: boolean) => {
      clearTimeout(timer);
      resolve({ script, timedOut, durationMs: Date.now() - started, ...partial });
    };
    let child = launch(script.command);
    if (child.pid === undefined && script.command.length === 1) {
      // Executable bit set but the mount is noexec: the shell can still read it.
      child.once('error', () => {});
      child = launch(['/bin/sh', script.path]);
    }
    if (child.pid === undefined) {
      child.once('error', (error) => finish({ code: null, signal: null, error }, false));
      return;
    }
    trackChild(child);
    const pid = child.pid;
    let timedOut = false;
    timer = setTimeout(() => {
      timedOut = true;
      signalGroup(pid, 'SIGKILL');
    }, options.timeoutMs);
    for (const stream of [child.stdout, child.stderr]) {
      const prefixer = new LinePrefixer(script.label);
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => options.write(prefixer.push(chunk)));
      stream?.on('end', () => options.write(prefixer.flush()));
    }
    // Background processes a hook leaves behind keep running, as they did
    // under the KasmVNC-era images' s6 scripts; they are stopped with everything else at shutdown.
    child.once('exit', (code, signal) => finish({ code, signal, error: undefined }, timedOut));
  });
}
