import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { StateUnreadableError } from './errors.ts';
import { useEnglishMessages } from './format-issues.ts';
import type { StateSnapshot } from './state-snapshot.ts';

const stateSchema = z.object({
  version: z.literal(1),
  ready: z.boolean(),
  updatedAt: z.string(),
  services: z.record(
    z.string(),
    z.object({
      state: z.enum(['pending', 'starting', 'ready', 'stopping', 'backoff', 'exited', 'failed']),
      pid: z.nullable(z.int()),
      restarts: z.int(),
      since: z.string(),
      critical: z._default(z.boolean(), false),
      gatesReady: z._default(z.boolean(), false),
    }),
  ),
});

/**
 * Reads and validates state.json.
 *
 * @throws {StateUnreadableError} `HELIOS_INIT_STATE_UNREADABLE`.
 */
export function readStateFile(file: string): StateSnapshot {
  try {
    useEnglishMessages();
    return stateSchema.parse(JSON.parse(readFileSync(file, 'utf8'))) as StateSnapshot;
  } catch (cause) {
    throw new StateUnreadableError(file, cause);
  }
}

function duration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

/** The service table `helios-init status` prints: state, pid, restarts, time in state. */
export function renderStatus(snapshot: StateSnapshot, now: Date): string {
  const header = ['SERVICE', 'STATE', 'PID', 'RESTARTS', 'UPTIME', 'CRITICAL'];
  const rows = Object.entries(snapshot.services).map(([name, status]) => [
    name,
    status.state,
    status.pid === null ? '-' : String(status.pid),
    String(status.restarts),
    duration(now.getTime() - Date.parse(status.since)),
    status.critical ? 'yes' : 'no',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    `ready: ${snapshot.ready ? 'yes' : 'no'} (updated ${snapshot.updatedAt})`,
    line(header),
    ...rows.map(line),
    '',
  ].join('\n');
}
