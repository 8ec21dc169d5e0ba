import { liveDescendants, type ProcessEntry } from './process-tree.ts';

/** What {@link leftBehind} needs to know about one finished hook. */
export interface HookLeftoverQuery {
  /** Our own pid: orphans are re-parented to us. */
  readonly init: number;
  /** The hook's pid, which was also its process group id. */
  readonly hookPid: number;
  /** Pids whose parent was already us before the hook started. */
  readonly childrenBefore: ReadonlySet<number>;
  /** Children Node spawned itself (services, other hooks): never a hook's leftovers. */
  readonly isOwned: (pid: number) => boolean;
  /** Leave the hook's group out: after a timeout it was just sent SIGKILL and is going away. */
  readonly groupKilled: boolean;
}

/**
 * The processes a finished hook left running: the rest of its process group
 * (`cmd &`), and orphans re-parented to us while it ran (`setsid cmd &`,
 * daemons that fork), with everything below them.
 */
export function leftBehind(table: readonly ProcessEntry[], query: HookLeftoverQuery): ProcessEntry[] {
  const inGroup = (entry: ProcessEntry) => entry.pgid === query.hookPid;
  const newOrphan = (entry: ProcessEntry) =>
    entry.ppid === query.init && !query.childrenBefore.has(entry.pid) && !query.isOwned(entry.pid);
  const roots = table.filter(
    (entry) =>
      entry.state !== 'Z' &&
      entry.pid !== query.hookPid &&
      (query.groupKilled ? !inGroup(entry) && newOrphan(entry) : inGroup(entry) || newOrphan(entry)),
  );
  return [...roots, ...liveDescendants(table, new Set(roots.map((entry) => entry.pid)))];
}

/** `sleep ×98, sh ×2`: the commands of `entries`, most frequent first, at most `limit` names. */
export function summarizeCommands(entries: readonly ProcessEntry[], limit = 3): string {
  const counts = new Map<string, number>();
  for (const { name } of entries) counts.set(name, (counts.get(name) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const shown = sorted.slice(0, limit).map(([name, count]) => `${name} ×${count}`);
  return sorted.length > limit ? `${shown.join(', ')}, …` : shown.join(', ');
}

/** The log line's tail for a hook that left processes running; empty when it left none. */
export function describeLeftovers(entries: readonly ProcessEntry[]): string {
  if (entries.length === 0) return '';
  const count = entries.length === 1 ? '1 process' : `${entries.length} processes`;
  return (
    `; left ${count} running (${summarizeCommands(entries)}), unsupervised until the container stops ` +
    '(put programs that should keep running in services.d)'
  );
}
