/**
 * The chaos run: one desktop container, one Chromium page connected to it
 * the whole time, and a kill -9 of a helios-init service on each step of a
 * plan. After every kill it measures how long until the desktop is back,
 * and records what `/health`, state.json and the process table said.
 */
import type { Browser, Page } from 'playwright-core';
import { waitForDesktopFrame } from '../../support/browser.ts';
import '../../support/client-hook.ts';
import { type DesktopContainer, docker, startDesktop, waitForStatus } from '../../support/container.ts';
import type { ChaosService, PlannedKill } from './chaos-plan.ts';
import { type HealthSample, watchHealth } from './health-watch.ts';
import { type InitState, initStateReader, processTable, zombies } from './init-state.ts';

/** A stretch in which a service that gates `/health` was down: from its kill to its `ready` again. */
interface DownInterval {
  readonly service: string;
  readonly fromMs: number;
  readonly untilMs: number;
}

export interface KillRecord {
  readonly service: ChaosService;
  readonly killedPid: number;
  /** Before `docker exec kill` was called (recovery counts from here: a little long rather than short). */
  readonly killStartMs: number;
  /** After it returned: no answer sent before this counts against /health. */
  readonly killDoneMs: number;
  /**
   * When helios-init noticed the exit (the `since` of the service's first
   * state after `ready`). Until then state.json, and so /health, cannot know.
   */
  readonly noticedMs: number;
  /** The previous recovery ended after this kill was due. */
  readonly late: boolean;
  /** Kill to: service ready again, /health 200 and the page showing the desktop; undefined when not back in time. */
  readonly recoveryMs: number | undefined;
  /** When the checks after the kill ended (recovered or given up). */
  readonly checkedMs: number;
  readonly failure: string | undefined;
  readonly down: readonly DownInterval[];
  /** Zombies in the process table right after recovery, and still there 1 s later. */
  readonly zombiesSeen: number;
  readonly zombiesLingering: number;
  /** Services state.json calls ready whose pid the process table lacks (or shows as a zombie). */
  readonly stateDisagreements: readonly string[];
  readonly processCount: number;
  readonly containerRunning: boolean;
}

export interface ChaosRun {
  readonly image: string;
  readonly durationMs: number;
  readonly kills: readonly KillRecord[];
  readonly health: readonly HealthSample[];
  /** Command lines of the container's processes before the first kill and after the run. */
  readonly processesAtStart: readonly string[];
  readonly processesAtEnd: readonly string[];
  readonly containerRunningAtEnd: boolean;
  readonly containerStartedOnce: boolean;
  readonly logsTail: string;
}

export interface ChaosOptions {
  readonly image: string;
  readonly plan: readonly PlannedKill[];
  readonly browser: Browser;
  /** Longest wait for one recovery before it counts as failed. */
  readonly recoveryTimeoutMs: number;
  readonly log?: (line: string) => void;
}

/** What `kill -9` should hit for each service: the pid helios-init reports, checked against the process table. */
const MAIN_PROCESS: Record<ChaosService, RegExp> = {
  xvnc: /^Xvnc /,
  desktop: /xfce4-session/,
  pulseaudio: /^pulseaudio /,
  kclient: /helios-kclient\.mjs/,
};

/** Services whose restart is seen by the page as a new connection (a new RFB object). */
const RECONNECTS: ReadonlySet<ChaosService> = new Set(['xvnc', 'kclient']);

export async function runChaos(options: ChaosOptions): Promise<ChaosRun> {
  const log = options.log ?? (() => {});
  const container = await startDesktop(options.image, { USER: 'chaos', UID: '1000' });
  try {
    await waitForStatus(container, '/health', 200, 60_000);
    const startedAt = await docker('inspect', '-f', '{{.State.StartedAt}}', container.name);
    const readState = initStateReader(
      container,
      Number(await docker('inspect', '-f', '{{.State.Pid}}', container.name)),
    );
    const page = await options.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(container.url);
    await waitForDesktopFrame(page, 30_000);
    await page.waitForFunction(() => window.heliosClient.state === 'connected', undefined, {
      timeout: 30_000,
    });
    const processesAtStart = (await processTable(container)).map((row) => row.args);
    const health = watchHealth(new URL('/health', container.url).href);
    const started = Date.now();
    const kills: KillRecord[] = [];
    try {
      let previousKillMs = started;
      for (const [index, planned] of options.plan.entries()) {
        const dueMs = previousKillMs + planned.gapMs;
        const late = Date.now() > dueMs;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueMs - Date.now())));
        const record = await killAndRecover(
          container,
          page,
          readState,
          health,
          planned.service,
          late,
          options,
        );
        kills.push(record);
        previousKillMs = record.killStartMs;
        log(
          `${index + 1}/${options.plan.length} ${record.service} (pid ${record.killedPid}): ` +
            (record.recoveryMs === undefined
              ? `NOT BACK: ${record.failure}`
              : `back in ${record.recoveryMs} ms`) +
            `, zombies ${record.zombiesSeen}/${record.zombiesLingering}, processes ${record.processCount}`,
        );
        if (!record.containerRunning) break;
      }
    } finally {
      await health.stop();
      await page.close();
    }
    const running = await containerRunning(container);
    const processesAtEnd = running ? (await processTable(container)).map((row) => row.args) : [];
    const startedAtEnd = running ? await docker('inspect', '-f', '{{.State.StartedAt}}', container.name) : '';
    const logs = await container.logs();
    return {
      image: options.image,
      durationMs: Date.now() - started,
      kills,
      health: health.samples,
      processesAtStart,
      processesAtEnd,
      containerRunningAtEnd: running,
      containerStartedOnce: startedAtEnd === startedAt,
      logsTail: logs.split('\n').slice(-40).join('\n'),
    };
  } finally {
    await container.remove();
  }
}

async function containerRunning(container: DesktopContainer): Promise<boolean> {
  const state = await docker('inspect', '-f', '{{.State.Running}}', container.name).catch(() => 'false');
  return state === 'true';
}

async function killAndRecover(
  container: DesktopContainer,
  page: Page,
  readState: () => Promise<InitState>,
  health: ReturnType<typeof watchHealth>,
  service: ChaosService,
  late: boolean,
  options: ChaosOptions,
): Promise<KillRecord> {
  const before = await readState();
  const pid = before.services[service]?.pid;
  const table = await processTable(container);
  const target = table.find((row) => row.pid === pid);
  if (pid === undefined || !target || !MAIN_PROCESS[service].test(target.args)) {
    throw new Error(
      `state.json names pid ${pid} for ${service}, which the process table does not show as its main process:\n` +
        table.map((row) => `${row.pid} ${row.stat} ${row.args}`).join('\n'),
    );
  }
  await page.evaluate(() => {
    window.heliosFirstRfb = window.heliosClient.rfb;
  });
  const killStartMs = Date.now();
  await docker('exec', container.name, 'kill', '-9', String(pid));
  const killDoneMs = Date.now();
  const noticedMs = await untilExitNoticed(readState, service, pid, killDoneMs);

  const deadline = killStartMs + options.recoveryTimeoutMs;
  let failure: string | undefined;
  let after: InitState | undefined;
  try {
    after = await untilServiceBack(readState, () => containerRunning(container), service, pid, deadline);
    const ok = await health.firstOkSentAfter(
      after.services[service]?.sinceMs ?? killDoneMs,
      deadline - Date.now(),
    );
    if (!ok) throw new Error('/health did not answer 200 again');
    if (RECONNECTS.has(service)) {
      await page.waitForFunction(
        () => window.heliosClient.state === 'connected' && window.heliosClient.rfb !== window.heliosFirstRfb,
        undefined,
        { timeout: Math.max(1, deadline - Date.now()), polling: 100 },
      );
    } else {
      await page.waitForFunction(() => window.heliosClient.state === 'connected', undefined, {
        timeout: Math.max(1, deadline - Date.now()),
        polling: 100,
      });
    }
    await waitForDesktopFrame(page, Math.max(1, deadline - Date.now()), 100);
  } catch (error) {
    failure = error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
  const recoveredMs = Date.now();
  const running = await containerRunning(container);
  // A service can be down again by now (the session after an Xvnc kill): wait for
  // it, so its down stretch ends where it really did instead of never.
  const settled = running ? await untilGatingReady(readState, Date.now() + 10_000).catch(() => after) : after;
  const rows = running ? await processTable(container) : [];
  const seen = zombies(rows).length;
  let lingering = 0;
  if (seen > 0) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    lingering = zombies(await processTable(container)).length;
  }
  return {
    service,
    killedPid: pid,
    killStartMs,
    killDoneMs,
    noticedMs,
    late,
    recoveryMs: failure === undefined ? recoveredMs - killStartMs : undefined,
    checkedMs: recoveredMs,
    failure,
    down: settled ? downIntervals(before, settled, noticedMs) : [],
    zombiesSeen: seen,
    zombiesLingering: lingering,
    stateDisagreements: settled && running ? disagreements(settled, rows) : [],
    processCount: rows.length,
    containerRunning: running,
  };
}

/**
 * Reads state.json every 10 ms until init has left `ready` for the killed pid; the time it says it did.
 * A `ready` entry without a pid is not the notice: helios-init can write one in between (the
 * leader gone, its state not changed yet), still stamped with the `since` of the old `ready`,
 * which would put the notice before the kill.
 */
async function untilExitNoticed(
  readState: () => Promise<InitState>,
  service: ChaosService,
  killedPid: number,
  killDoneMs: number,
): Promise<number> {
  while (Date.now() - killDoneMs < 5_000) {
    const entry = (await readState().catch(() => undefined))?.services[service];
    if (entry && (entry.state !== 'ready' || (entry.pid !== undefined && entry.pid !== killedPid))) {
      return entry.sinceMs;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return killDoneMs;
}

/** Polls state.json every 100 ms until `service` is ready under a new pid; stops early when the container is gone. */
async function untilServiceBack(
  readState: () => Promise<InitState>,
  isRunning: () => Promise<boolean>,
  service: ChaosService,
  killedPid: number,
  deadline: number,
): Promise<InitState> {
  let last = '';
  while (Date.now() < deadline) {
    const state = await readState().catch(() => undefined);
    const entry = state?.services[service];
    if (state && entry?.state === 'ready' && entry.pid !== undefined && entry.pid !== killedPid) return state;
    if (!state && !(await isRunning())) throw new Error('the container exited');
    last = entry ? `${entry.state} pid ${entry.pid}` : 'unreadable';
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${service} not ready again in state.json (last: ${last})`);
}

async function untilGatingReady(readState: () => Promise<InitState>, deadline: number): Promise<InitState> {
  for (;;) {
    const state = await readState();
    const gating = Object.values(state.services).filter((entry) => entry.gatesReady);
    if (gating.every((entry) => entry.state === 'ready') || Date.now() > deadline) return state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every gating service that came back under a new pid was down from the kill until its new `since`. */
function downIntervals(before: InitState, after: InitState, noticedMs: number): DownInterval[] {
  return Object.entries(after.services)
    .filter(([name, entry]) => entry.gatesReady && entry.pid !== before.services[name]?.pid)
    .map(([name, entry]) => ({
      service: name,
      fromMs: noticedMs,
      untilMs: entry.state === 'ready' ? entry.sinceMs : Number.POSITIVE_INFINITY,
    }));
}

function disagreements(state: InitState, rows: readonly { pid: number; stat: string }[]): string[] {
  return Object.entries(state.services)
    .filter(([, entry]) => entry.state === 'ready')
    .filter(([, entry]) => !rows.some((row) => row.pid === entry.pid && !row.stat.startsWith('Z')))
    .map(([name, entry]) => `${name} ready with pid ${entry.pid}, not in the process table`);
}

/** Time for init to write state.json after stamping `since`, and for the gateway to read it. */
const STATE_WRITE_MARGIN_MS = 20;

/**
 * `/health` answers to requests sent after helios-init noticed a kill and
 * answered before state.json said every service it took down was ready again:
 * the stretch in which /health must not say 200.
 */
export function healthWhileDown(kill: KillRecord, samples: readonly HealthSample[]): HealthSample[] {
  return samples.filter((sample) =>
    kill.down.some(
      (down) => sample.sentMs >= down.fromMs + STATE_WRITE_MARGIN_MS && sample.answeredMs < down.untilMs,
    ),
  );
}

/** The 200 answers among {@link healthWhileDown}: /health calling the desktop ready while it was not. */
export function healthLies(kill: KillRecord, samples: readonly HealthSample[]): HealthSample[] {
  return healthWhileDown(kill, samples).filter((sample) => sample.status === 200);
}

/** `/health` 200 answers to requests sent after the kill returned but before helios-init noticed it. */
export function staleHealth(kill: KillRecord, samples: readonly HealthSample[]): HealthSample[] {
  return samples.filter(
    (sample) =>
      sample.status === 200 &&
      sample.sentMs >= kill.killDoneMs &&
      sample.sentMs < kill.noticedMs + STATE_WRITE_MARGIN_MS,
  );
}
