import { readdirSync, readFileSync } from 'node:fs';
import { isOwnedChild } from './child-registry.ts';
import type { NativeLibc } from './native-libc.ts';

/** The fields of `/proc/PID/stat` that init reads. */
export interface ProcStat {
  /** State letter: R, S, D, Z, … */
  readonly state: string;
  readonly ppid: number;
  /** Process group id. */
  readonly pgid: number;
  /** The command name (comm), at most 15 characters. */
  readonly name: string;
}

/** Parses `/proc/PID/stat` into the state letter, parent pid, process group and command name. */
export function parseProcStat(text: string): ProcStat | undefined {
  // The command name is in parentheses and may itself hold spaces and ')'.
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const fields = text.slice(close + 2).split(' ');
  const state = fields[0];
  const ppid = Number(fields[1]);
  const pgid = Number(fields[2]);
  if (!state || !Number.isInteger(ppid) || !Number.isInteger(pgid)) return undefined;
  return { state, ppid, pgid, name: text.slice(open + 1, close) };
}

/** Pids of our zombie children that Node did not spawn (orphans re-parented to us). */
function foreignZombies(self: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    const pid = Number(entry);
    let stat: ReturnType<typeof parseProcStat>;
    try {
      stat = parseProcStat(readFileSync(`/proc/${entry}/stat`, 'utf8'));
    } catch {
      continue; // Gone between readdir and read.
    }
    if (stat?.state === 'Z' && stat.ppid === self && !isOwnedChild(pid)) found.push(pid);
  }
  return found;
}

/**
 * Reaps orphaned zombies without touching the children Node spawned: on
 * every SIGCHLD it scans /proc for zombies whose parent is us and that are
 * not Node's own, and waits for exactly those pids. A blanket waitpid(-1)
 * would steal exit statuses from libuv.
 */
export class ZombieReaper {
  readonly #native: NativeLibc;
  readonly #log: (message: string) => void;
  #scheduled = false;
  #reaped = 0;
  readonly #onSignal = () => this.#schedule();

  constructor(native: NativeLibc, log: (message: string) => void) {
    this.#native = native;
    this.#log = log;
  }

  /** How many orphaned zombies were reaped so far. */
  get reaped(): number {
    return this.#reaped;
  }

  /** Becomes the subreaper (when not PID 1) and starts listening for SIGCHLD. */
  start(): void {
    if (process.pid !== 1 && !this.#native.setChildSubreaper()) {
      this.#log('could not become a child subreaper; orphans will go to the real PID 1');
    }
    process.on('SIGCHLD', this.#onSignal);
    this.reapNow();
  }

  /** Stops listening. */
  stop(): void {
    process.off('SIGCHLD', this.#onSignal);
  }

  /** Reaps every orphaned zombie present now. */
  reapNow(): number {
    let count = 0;
    for (const pid of foreignZombies(process.pid)) {
      if (this.#native.reap(pid) === pid) count += 1;
    }
    this.#reaped += count;
    return count;
  }

  #schedule(): void {
    // Signals coalesce anyway; one scan per burst is enough.
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.reapNow();
    });
  }
}
