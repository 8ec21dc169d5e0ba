/**
 * Turns a chaos run into figures (pure): per service kills, recovery
 * p50/p99/max, /health lies, zombies, container exits; printed as the
 * Markdown table the README carries.
 */
import { CHAOS_SERVICES } from './chaos-plan.ts';
import type { HealthSample } from './health-watch.ts';
import { type ChaosRun, healthLies, type KillRecord, staleHealth } from './run-chaos.ts';

interface ServiceFigures {
  readonly service: string;
  readonly kills: number;
  readonly recovered: number;
  readonly p50Ms: number | undefined;
  readonly p99Ms: number | undefined;
  readonly maxMs: number | undefined;
  readonly healthLies: number;
  readonly zombiesMax: number;
  readonly zombiesLingeringMax: number;
  readonly stateDisagreements: number;
}

export interface ChaosFigures {
  readonly rows: readonly ServiceFigures[];
  readonly all: ServiceFigures;
  /** `/health` answers other than 200 while nothing was down (from one recovery to the next kill). */
  readonly unreadyWhileUp: number;
  readonly healthSamples: number;
  readonly lateKills: number;
  readonly containerExits: number;
  readonly processCountAtStart: number;
  readonly processCountAtEnd: number;
  /** Command lines the container runs more often at the end than at the start, with both counts. */
  readonly processGrowth: readonly string[];
  /** `/health` polls sent and answered inside a down stretch (the ones a lie would be among). */
  readonly pollsWhileDown: number;
  /** 200 answers between a kill and helios-init noticing it, and the longest such gap. */
  readonly staleBeforeNotice: number;
  readonly longestNoticeMs: number;
}

/** Nearest-rank percentile of `values` (p in 0..100); undefined for none. */
function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function figuresOf(service: string, kills: readonly KillRecord[], samples: readonly HealthSample[]) {
  const times = kills.flatMap((kill) => (kill.recoveryMs === undefined ? [] : [kill.recoveryMs]));
  return {
    service,
    kills: kills.length,
    recovered: times.length,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    maxMs: times.length === 0 ? undefined : Math.max(...times),
    healthLies: kills.reduce((sum, kill) => sum + healthLies(kill, samples).length, 0),
    zombiesMax: Math.max(0, ...kills.map((kill) => kill.zombiesSeen)),
    zombiesLingeringMax: Math.max(0, ...kills.map((kill) => kill.zombiesLingering)),
    stateDisagreements: kills.reduce((sum, kill) => sum + kill.stateDisagreements.length, 0),
  };
}

/** Answers other than 200 to requests sent after a recovery and answered before the next kill. */
function unreadyWhileUp(run: ChaosRun): number {
  const upStretches = run.kills.flatMap((kill, index) => {
    const next = run.kills[index + 1];
    return kill.recoveryMs === undefined ? [] : [{ from: kill.checkedMs, until: next?.killStartMs ?? 0 }];
  });
  return run.health.filter(
    (sample) =>
      sample.status !== 200 &&
      upStretches.some((up) => sample.sentMs >= up.from && (up.until === 0 || sample.answeredMs < up.until)),
  ).length;
}

export function chaosFigures(run: ChaosRun): ChaosFigures {
  const rows = CHAOS_SERVICES.map((service) =>
    figuresOf(
      service,
      run.kills.filter((kill) => kill.service === service),
      run.health,
    ),
  );
  return {
    rows,
    all: figuresOf('all', run.kills, run.health),
    unreadyWhileUp: unreadyWhileUp(run),
    healthSamples: run.health.length,
    lateKills: run.kills.filter((kill) => kill.late).length,
    containerExits: run.containerRunningAtEnd && run.containerStartedOnce ? 0 : 1,
    processCountAtStart: run.processesAtStart.length,
    processCountAtEnd: run.processesAtEnd.length,
    processGrowth: processGrowth(run.processesAtStart, run.processesAtEnd),
    staleBeforeNotice: run.kills.reduce((sum, kill) => sum + staleHealth(kill, run.health).length, 0),
    longestNoticeMs: Math.max(0, ...run.kills.map((kill) => kill.noticedMs - kill.killDoneMs)),
    pollsWhileDown: run.health.filter((sample) =>
      run.kills.some((kill) =>
        kill.down.some((down) => sample.sentMs >= down.fromMs && sample.answeredMs < down.untilMs),
      ),
    ).length,
  };
}

function processGrowth(start: readonly string[], end: readonly string[]): string[] {
  const count = (list: readonly string[], args: string) => list.filter((item) => item === args).length;
  return [...new Set(end)]
    .filter((args) => count(end, args) > count(start, args))
    .map((args) => `${count(start, args)} -> ${count(end, args)}: ${args.slice(0, 100)}`);
}

const SERVICE_LABEL: Record<string, string> = {
  xvnc: 'Xvnc',
  desktop: 'session (xfce4-session)',
  pulseaudio: 'PulseAudio',
  kclient: 'gateway (kclient)',
  all: '**all**',
};

function seconds(ms: number | undefined): string {
  return ms === undefined ? '–' : `${(ms / 1000).toFixed(2)} s`;
}

export function chaosTable(figures: ChaosFigures): string {
  const lines = [
    '| service killed | kills | desktop back | recovery p50 | p99 | max | /health 200 while down | zombies after recovery (max) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...[...figures.rows, figures.all].map(
      (row) =>
        `| ${SERVICE_LABEL[row.service] ?? row.service} | ${row.kills} | ${row.recovered} | ${seconds(row.p50Ms)} | ` +
        `${seconds(row.p99Ms)} | ${seconds(row.maxMs)} | ${row.healthLies} | ${row.zombiesMax} |`,
    ),
  ];
  return lines.join('\n');
}

export function chaosSummary(figures: ChaosFigures): string {
  return [
    `container exits: ${figures.containerExits}`,
    `zombies still there 1 s after a recovery (max): ${figures.all.zombiesLingeringMax}`,
    `state.json ready with a pid missing from the process table: ${figures.all.stateDisagreements}`,
    `/health polls answered while a service it gates was down: ${figures.pollsWhileDown}`,
    `/health 200 after a kill returned but before helios-init noticed it: ${figures.staleBeforeNotice} ` +
      `(longest kill-to-notice gap ${figures.longestNoticeMs} ms)`,
    `/health answers other than 200 while nothing was down: ${figures.unreadyWhileUp} of ${figures.healthSamples} polls`,
    `kills later than planned (previous recovery still running): ${figures.lateKills}`,
    `processes in the container: ${figures.processCountAtStart} at the start, ${figures.processCountAtEnd} at the end`,
    ...figures.processGrowth.map((line) => `  more at the end: ${line}`),
  ].join('\n');
}
