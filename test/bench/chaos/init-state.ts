/**
 * What helios-init says about its services (`/run/helios/state.json`, see
 * docs/runtime-contract.md) and what the container's process table says.
 * The chaos run compares both with what `/health` answers.
 */
import { readFile } from 'node:fs/promises';
import { type DesktopContainer, docker } from '../../support/container.ts';

interface ServiceEntry {
  readonly state: string;
  readonly pid: number | undefined;
  /** When the service entered its current state (ms since the epoch, the host's clock: same kernel). */
  readonly sinceMs: number;
  readonly gatesReady: boolean;
}

export interface InitState {
  readonly ready: boolean;
  readonly services: Readonly<Record<string, ServiceEntry>>;
}

/** Parses state.json; throws naming what was wrong (it is another program's output). */
function parseInitState(text: string): InitState {
  const raw: unknown = JSON.parse(text);
  if (typeof raw !== 'object' || raw === null || !('services' in raw) || !('ready' in raw)) {
    throw new Error(`state.json without "ready" and "services": ${text.slice(0, 200)}`);
  }
  const services: Record<string, ServiceEntry> = {};
  for (const [name, value] of Object.entries(raw.services as Record<string, Record<string, unknown>>)) {
    const since = Date.parse(String(value.since));
    if (typeof value.state !== 'string' || Number.isNaN(since)) {
      throw new Error(`state.json: service ${name} without a state or "since": ${JSON.stringify(value)}`);
    }
    services[name] = {
      state: value.state,
      pid: typeof value.pid === 'number' ? value.pid : undefined,
      sinceMs: since,
      gatesReady: value.gatesReady === true,
    };
  }
  return { ready: raw.ready === true, services };
}

/**
 * Reads state.json of a running container. Through `/proc/<init>/root` when
 * this process may (root on the Docker host: no `docker exec` per 100 ms
 * poll), else with `docker exec cat`.
 */
export function initStateReader(container: DesktopContainer, initHostPid: number): () => Promise<InitState> {
  const direct = `/proc/${initHostPid}/root/run/helios/state.json`;
  return async () => {
    const text = await readFile(direct, 'utf8').catch(() =>
      docker('exec', container.name, 'cat', '/run/helios/state.json'),
    );
    return parseInitState(text);
  };
}

/** One row of the container's process table (container PID namespace). */
export interface ProcessRow {
  readonly pid: number;
  readonly stat: string;
  readonly args: string;
}

/** The container's processes as its own `ps` sees them (pids that `docker exec kill` understands). */
export async function processTable(container: DesktopContainer): Promise<ProcessRow[]> {
  const table = await docker('exec', container.name, 'ps', '-eo', 'pid=,stat=,args=');
  return table
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\S+)\s+(.*)$/))
    .filter((match) => match !== null)
    .map(([, pid, stat, args]) => ({ pid: Number(pid), stat: stat ?? '', args: args ?? '' }))
    .filter((row) => !row.args.startsWith('ps -eo'));
}

export function zombies(rows: readonly ProcessRow[]): ProcessRow[] {
  return rows.filter((row) => row.stat.startsWith('Z'));
}
