import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import { isOwnedChild, trackChild } from './child-registry.ts';
import type { Script } from './hook-discovery.ts';
import { leftBehind } from './hook-leftovers.ts';
import { followOutput, type OutputSink } from './output-sink.ts';
import { signalGroup } from './process-launcher.ts';
import { type ProcessEntry, readProcessTable } from './process-tree.ts';

/** Longest wait after a hook's exit for its leftovers to show their own names. */
const SETTLE_MS = 500;

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
  /** Processes the hook left running when it ended (see {@link leftBehind}). */
  readonly leftBehind: readonly ProcessEntry[];
}

/** Options of {@link runHook}. */
export interface HookRunOptions {
  /** Time before the hook's process group is killed. */
  readonly timeoutMs: number;
  /** Environment of the hook (the container's, as root). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where the hook's prefixed output goes. */
  readonly output: OutputSink;
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
  const childrenBefore = new Set(
    readProcessTable()
      .filter((entry) => entry.ppid === process.pid)
      .map((entry) => entry.pid),
  );
  return new Promise((resolve) => {
    const launch = (command: readonly string[]) =>
      spawn(command[0] as string, command.slice(1), {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: options.env as NodeJS.ProcessEnv,
        cwd: '/',
      });
    let timer: NodeJS.Timeout | undefined;
    const finish = (
      partial: Pick<HookResult, 'code' | 'signal' | 'error'>,
      timedOut: boolean,
      left: readonly ProcessEntry[] = [],
      endedAt = Date.now(),
    ) => {
      clearTimeout(timer);
      resolve({ script, timedOut, durationMs: endedAt - started, leftBehind: left, ...partial });
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
      if (stream) followOutput(stream, script.label, options.output);
    }
    // Background processes a hook leaves behind keep running, as they did
    // under the KasmVNC-era images' s6 scripts (s6-overlay's own advice for a
    // delayed task is a backgrounded cont-init.d command); they are counted
    // for the log and stopped with everything else at shutdown.
    child.once('exit', (code, signal) => {
      const endedAt = Date.now();
      const scan = () =>
        leftBehind(readProcessTable(), {
          init: process.pid,
          hookPid: pid,
          childrenBefore,
          isOwned: isOwnedChild,
          groupKilled: timedOut,
        });
      // A child forked but not yet exec'd carries the hook's own name (comm, 15 characters).
      const hookName = basename(child.spawnfile).slice(0, 15);
      afterNamesSettle(scan, hookName, (left) =>
        finish({ code, signal, error: undefined }, timedOut, left, endedAt),
      );
    });
  });
}

/**
 * Scans for a hook's leftovers until their names settled (at most
 * {@link SETTLE_MS}): children forked just before the hook exited may still
 * be on their way through exec, named after the hook or `setsid`. Settled
 * means two scans agree and none carries the hook's own name.
 */
function afterNamesSettle(
  scan: () => ProcessEntry[],
  hookName: string,
  done: (left: ProcessEntry[]) => void,
): void {
  const deadline = Date.now() + SETTLE_MS;
  const namesOf = (entries: readonly ProcessEntry[]) => entries.map((e) => `${e.pid}:${e.name}`).join(' ');
  const look = (previous: ProcessEntry[]) => {
    if (previous.length === 0 || Date.now() >= deadline) return done(previous);
    setTimeout(() => {
      const now = scan();
      const settled = namesOf(now) === namesOf(previous) && !now.some((entry) => entry.name === hookName);
      if (settled) done(now);
      else look(now);
    }, 25);
  };
  look(scan());
}
