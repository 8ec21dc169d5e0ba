import type { ChildProcess } from 'node:child_process';

/**
 * Pids of children Node itself spawned and will reap (libuv waits for them
 * by pid). The zombie reaper must leave those alone, or their `exit` event
 * never fires and the supervisor loses their exit status.
 */
const owned = new Set<number>();

/** Registers a child spawned through `node:child_process` until Node has reaped it. */
export function trackChild<T extends ChildProcess>(child: T): T {
  const pid = child.pid;
  if (pid === undefined) return child;
  owned.add(pid);
  // 'exit' fires after libuv's waitpid, so the pid is free again from then on.
  child.once('exit', () => owned.delete(pid));
  child.once('error', () => {
    if (child.exitCode !== null || child.signalCode !== null) owned.delete(pid);
  });
  return child;
}

/** Whether `pid` is a child Node will reap itself. */
export function isOwnedChild(pid: number): boolean {
  return owned.has(pid);
}
