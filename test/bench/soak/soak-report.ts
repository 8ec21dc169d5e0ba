/**
 * Turns a soak run into figures and verdicts (pure), printed as the
 * Markdown table the README carries.
 */
import { percentile } from '../experience/workloads.ts';
import type { SoakRun } from './run-soak.ts';
import { type ProcessFigures, processFigures, SOAK_PROCESSES, SOAK_TARGETS } from './soak-samples.ts';

export interface SoakFigures {
  readonly processes: readonly ProcessFigures[];
  /** Medians of key to photon when the warm-up ended and at the end, and end / start. */
  readonly keyToPhotonStartMs: number | undefined;
  readonly keyToPhotonEndMs: number | undefined;
  readonly keyToPhotonRatio: number | undefined;
  readonly errors: number;
  readonly viewerSessions: number;
  readonly failedSessions: number;
  readonly idleHookRuns: number;
  readonly audioFrames: number;
  readonly containerExits: number;
  /** Every target met: private memory's slopes, descriptors, no error line, key to photon within 1.5×, the container up. */
  readonly meetsTargets: boolean;
}

const median = (values: readonly number[]) => (values.length === 0 ? undefined : percentile(values, 0.5));

export function soakFigures(run: SoakRun): SoakFigures {
  const processes = SOAK_PROCESSES.map((process) => processFigures(run.samples, run.warmupMs, process));
  const start = median(run.keyToPhotonStart);
  const end = median(run.keyToPhotonEnd);
  const ratio = start === undefined || end === undefined ? undefined : end / start;
  const containerExits = run.containerRunningAtEnd && run.containerStartedOnce ? 0 : 1;
  return {
    processes,
    keyToPhotonStartMs: start,
    keyToPhotonEndMs: end,
    keyToPhotonRatio: ratio,
    errors: run.errorLines.length,
    viewerSessions: run.sessions.length,
    failedSessions: run.sessions.filter((session) => session.failure !== undefined).length,
    idleHookRuns: run.idleHookRuns,
    audioFrames: run.audioListener.frames,
    containerExits,
    meetsTargets:
      processes.every((figures) => figures.meetsTargets) &&
      run.errorLines.length === 0 &&
      ratio !== undefined &&
      ratio <= SOAK_TARGETS.keyToPhotonRatio &&
      containerExits === 0,
  };
}

const mib = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(1));
const slope = (value: number | undefined) =>
  value === undefined ? '–' : `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;

/**
 * The per-process table: resident (VmRSS) and private (RssAnon) memory at
 * both ends of the measured stretch with their slopes, descriptors, verdict.
 */
export function soakTable(figures: SoakFigures): string {
  return [
    '| process | RSS start (MiB) | RSS end (MiB) | RSS slope (MiB/h) | private start (MiB) | private end (MiB) | ' +
      'private slope (MiB/h) | fds min–max | fds flat | verdict |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: | :---: |',
    ...figures.processes.map(
      (row) =>
        `| ${row.process} | ${mib(row.rssStartMiB)} | ${mib(row.rssEndMiB)} | ${slope(row.slopeMiBPerHour)} | ` +
        `${mib(row.privateStartMiB)} | ${mib(row.privateEndMiB)} | ${slope(row.privateSlopeMiBPerHour)} | ` +
        `${row.fdsMin ?? '–'}–${row.fdsMax ?? '–'} | ${row.fdsFlat ? 'yes' : 'no'} | ` +
        `${row.meetsTargets ? 'ok' : 'MISSED'}${row.pids > 1 ? ` (restarted: ${row.pids} pids)` : ''}${row.found < row.samples ? ` (found in ${row.found}/${row.samples})` : ''} |`,
    ),
  ].join('\n');
}

export function soakSummary(figures: SoakFigures): string {
  const ms = (value: number | undefined) => (value === undefined ? '–' : `${value.toFixed(1)} ms`);
  return [
    `key to photon (keypaint, median): ${ms(figures.keyToPhotonStartMs)} after the warm-up, ` +
      `${ms(figures.keyToPhotonEndMs)} at the end (${figures.keyToPhotonRatio?.toFixed(2) ?? '–'}×, target ≤ ${SOAK_TARGETS.keyToPhotonRatio}×)`,
    `error lines in the container's log: ${figures.errors} (target 0)`,
    `viewer sessions: ${figures.viewerSessions}, failed: ${figures.failedSessions}`,
    `idle.d hook runs: ${figures.idleHookRuns}; audio frames to the Node listener: ${figures.audioFrames}`,
    `container exits: ${figures.containerExits}`,
    `targets (slope of private memory (RssAnon) ≤ ${SOAK_TARGETS.privateSlopeMiBPerHour} MiB/h per process after the warm-up, ` +
      `VmRSS slope shown beside it; fds flat, no errors, key to photon ≤ ${SOAK_TARGETS.keyToPhotonRatio}×): ` +
      `${figures.meetsTargets ? 'all met' : 'MISSED'}`,
  ].join('\n');
}
