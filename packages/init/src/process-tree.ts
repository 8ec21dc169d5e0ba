import { readdirSync, readFileSync } from 'node:fs';
import { parseProcStat } from './zombie-reaper.ts';

/** One process as /proc shows it. */
export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  /** Process group id. */
  readonly pgid: number;
  /** State letter; `Z` is a zombie. */
  readonly state: string;
  /** The command name (comm). */
  readonly name: string;
}

/** Every process this pid namespace shows in /proc, at this moment. */
export function readProcessTable(): ProcessEntry[] {
  const table: ProcessEntry[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const stat = parseProcStat(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      if (stat) table.push({ pid: Number(entry), ...stat });
    } catch {
      // Exited while we looked.
    }
  }
  return table;
}

/** Live (non-zombie) processes below `roots` through the parent links, the roots excluded. */
export function liveDescendants(table: readonly ProcessEntry[], roots: Iterable<number>): ProcessEntry[] {
  const below = new Set<number>(roots);
  const rootSet = new Set(below);
  let grew = true;
  while (grew) {
    grew = false;
    for (const entry of table) {
      if (!below.has(entry.pid) && below.has(entry.ppid)) {
        below.add(entry.pid);
        grew = true;
      }
    }
  }
  return table.filter((entry) => below.has(entry.pid) && !rootSet.has(entry.pid) && entry.state !== 'Z');
}

function signalAll(entries: readonly ProcessEntry[], signal: NodeJS.Signals): void {
  for (const { pid } of entries) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/**
 * Ends whatever is left below us after the services stopped: processes that
 * left their service's group (dbus-daemon calls setsid), were orphaned, or
 * were left running by a hook. SIGTERM first, SIGKILL for what is left when
 * `graceMs` ran out. Resolves with how many processes were still there at the start.
 */
export async function sweepDescendants(graceMs: number): Promise<number> {
  const below = () => liveDescendants(readProcessTable(), [process.pid]);
  const initial = below();
  if (initial.length === 0) return 0;
  signalAll(initial, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    // Shutdown only: a short poll until /proc shows nobody is left.
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (below().length === 0) return initial.length;
  }
  signalAll(below(), 'SIGKILL');
  return initial.length;
}
