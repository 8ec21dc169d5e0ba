import { readdirSync, readFileSync } from 'node:fs';
import { parseProcStat } from './zombie-reaper.ts';

/** Live (non-zombie) processes below `root`, found through /proc's parent links. */
function liveDescendants(root: number): number[] {
  const parents = new Map<number, number>();
  const zombies = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const stat = parseProcStat(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      if (!stat) continue;
      parents.set(Number(entry), stat.ppid);
      if (stat.state === 'Z') zombies.add(Number(entry));
    } catch {
      // Exited while we looked.
    }
  }
  const below = new Set<number>([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (!below.has(pid) && below.has(ppid)) {
        below.add(pid);
        grew = true;
      }
    }
  }
  below.delete(root);
  return [...below].filter((pid) => !zombies.has(pid));
}

function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/**
 * Ends whatever is left below us after the services stopped: processes that
 * left their service's group (dbus-daemon calls setsid) or were orphaned.
 * SIGTERM first, SIGKILL for what is left when `graceMs` ran out. Resolves
 * with how many processes were still there at the start.
 */
export async function sweepDescendants(graceMs: number): Promise<number> {
  const initial = liveDescendants(process.pid);
  if (initial.length === 0) return 0;
  signalAll(initial, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    // Shutdown only: a short poll until /proc shows nobody is left.
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (liveDescendants(process.pid).length === 0) return initial.length;
  }
  signalAll(liveDescendants(process.pid), 'SIGKILL');
  return initial.length;
}
