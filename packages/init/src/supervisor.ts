import { RestartTracker } from './restart-policy.ts';
import type { ServiceSpec } from './service-spec.ts';
import { hasProcess, nextState, type ServiceEvent, type ServiceState } from './service-state.ts';
import type { ServiceStatus } from './state-snapshot.ts';

/** How a process ended: an exit code, or the signal that killed it. */
export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  readonly error?: Error | undefined;
}

/** A started service process, leader of its own process group. */
export interface ServiceProcess {
  readonly pid: number;
  /** Settles once the process has exited and been reaped. */
  readonly exited: Promise<ExitStatus>;
  /** Sends a signal to the whole process group; a group already gone is not an error. */
  signalGroup(signal: NodeJS.Signals): void;
}

/** Starts service processes (the I/O edge of the supervisor). */
export interface Launcher {
  launch(spec: ServiceSpec): ServiceProcess;
}

/** Runs one readiness attempt; resolves true when the service is usable. */
export type Prober = (spec: ServiceSpec) => Promise<boolean>;

/** Callbacks of the {@link Supervisor}. */
interface SupervisorHooks {
  /** Every state change, with the new table. */
  readonly onChange?: (services: ReadonlyArray<readonly [string, ServiceStatus]>) => void;
  /** A critical service failed; the container must stop. */
  readonly onFatal?: (service: string, detail: string) => void;
  /** A line for the log. */
  readonly log?: (message: string) => void;
}

/** Options of the {@link Supervisor}. */
export interface SupervisorOptions extends SupervisorHooks {
  readonly launcher: Launcher;
  readonly probe: Prober;
  /** First pause between readiness attempts; it grows to {@link maxProbeIntervalMs}. @default 25 */
  readonly probeIntervalMs?: number;
  /** Longest pause between readiness attempts. @default 500 */
  readonly maxProbeIntervalMs?: number;
}

/** What to do once a stopping process has exited. */
type AfterExit = 'settle' | 'rearm' | 'failure';

interface Record_ {
  readonly spec: ServiceSpec;
  readonly tracker: RestartTracker;
  state: ServiceState;
  since: Date;
  process: ServiceProcess | undefined;
  startedAt: number;
  starts: number;
  afterExit: AfterExit;
  failureDetail: string;
  timer: NodeJS.Timeout | undefined;
  exitWaiters: Array<() => void>;
}

/**
 * Starts services in dependency order once their dependencies are ready,
 * restarts them with backoff, follows bound dependencies, and stops them in
 * reverse order. Processes and probes come in through {@link Launcher} and
 * {@link Prober}, so the logic runs against fakes in unit tests.
 */
export class Supervisor {
  readonly #records: Record_[];
  readonly #byName: Map<string, Record_>;
  readonly #options: SupervisorOptions;
  #stopping = false;

  /** `specs` must already be in dependency order (see `dependencyOrder`). */
  constructor(specs: readonly ServiceSpec[], options: SupervisorOptions) {
    this.#options = options;
    this.#records = specs.map((spec) => ({
      spec,
      tracker: new RestartTracker(spec.restart),
      state: 'pending',
      since: new Date(),
      process: undefined,
      startedAt: 0,
      starts: 0,
      afterExit: 'settle',
      failureDetail: '',
      timer: undefined,
      exitWaiters: [],
    }));
    this.#byName = new Map(this.#records.map((record) => [record.spec.name, record]));
  }

  /** Starts every service whose dependencies allow it; the rest follow as dependencies get ready. */
  start(): void {
    this.#emit();
    this.#evaluate();
  }

  /** The current table, in dependency order. */
  statuses(): Array<readonly [string, ServiceStatus]> {
    return this.#records.map((record) => [
      record.spec.name,
      {
        state: record.state,
        pid: record.process?.pid ?? null,
        restarts: Math.max(0, record.starts - 1),
        since: record.since.toISOString(),
        critical: record.spec.critical,
        gatesReady: record.spec.gatesReady,
      },
    ]);
  }

  /**
   * Stops every service, dependents before their dependencies (independent
   * branches in parallel). Each gets its stop signal, then SIGKILL after its
   * stop timeout. Resolves when every process has exited.
   */
  async stopAll(): Promise<void> {
    this.#stopping = true;
    const done = new Map<string, Promise<void>>();
    const stopTree = (record: Record_): Promise<void> => {
      const known = done.get(record.spec.name);
      if (known) return known;
      const dependents = this.#records.filter(
        (other) =>
          other.spec.dependsOn.includes(record.spec.name) || other.spec.bindsTo.includes(record.spec.name),
      );
      const promise = Promise.all(dependents.map(stopTree)).then(() => this.#stop(record, 'settle'));
      done.set(record.spec.name, promise);
      return promise;
    };
    await Promise.all(this.#records.map(stopTree));
  }

  /** Sends SIGKILL to every process group still alive: the last resort of a forced stop. */
  killAll(): void {
    this.#stopping = true;
    for (const record of this.#records) {
      clearTimeout(record.timer);
      record.process?.signalGroup('SIGKILL');
    }
  }

  #transition(record: Record_, event: ServiceEvent): void {
    record.state = nextState(record.spec.name, record.state, event);
    record.since = new Date();
    this.#emit();
  }

  #emit(): void {
    this.#options.onChange?.(this.statuses());
  }

  #log(message: string): void {
    this.#options.log?.(message);
  }

  #evaluate(): void {
    if (this.#stopping) return;
    for (const record of this.#records) {
      if (record.state !== 'pending') continue;
      const deps = new Set([...record.spec.dependsOn, ...record.spec.bindsTo]);
      const ready = [...deps].every((dep) => this.#byName.get(dep)?.state === 'ready');
      if (ready) this.#spawn(record);
    }
  }

  #spawn(record: Record_): void {
    const { spec } = record;
    let child: ServiceProcess;
    try {
      child = this.#options.launcher.launch(spec);
    } catch (error) {
      record.startedAt = Date.now();
      record.starts += 1;
      this.#transition(record, 'spawn');
      this.#failed(record, `could not start: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    record.process = child;
    record.startedAt = Date.now();
    record.starts += 1;
    record.afterExit = 'settle';
    this.#log(
      `${spec.name}: started (pid ${child.pid}${record.starts > 1 ? `, restart ${record.starts - 1}` : ''})`,
    );
    this.#transition(record, 'spawn');
    child.exited.then((status) => this.#onExit(record, child, status));
    void this.#awaitReady(record, child);
  }

  async #awaitReady(record: Record_, child: ServiceProcess): Promise<void> {
    const { spec } = record;
    const deadline = record.startedAt + spec.readinessTimeoutMs;
    let interval = this.#options.probeIntervalMs ?? 25;
    const maxInterval = this.#options.maxProbeIntervalMs ?? 500;
    const current = () => record.process === child && record.state === 'starting';
    while (current()) {
      let ok = false;
      try {
        ok = await this.#options.probe(spec);
      } catch {
        ok = false;
      }
      if (!current()) return;
      if (ok) {
        this.#log(`${spec.name}: ready after ${Date.now() - record.startedAt} ms`);
        this.#transition(record, 'ready');
        this.#evaluate();
        return;
      }
      if (Date.now() >= deadline) {
        record.failureDetail = `not ready within ${spec.readinessTimeoutMs} ms`;
        this.#log(`${spec.name}: ${record.failureDetail}; stopping it`);
        void this.#stop(record, 'failure');
        return;
      }
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(interval, Math.max(1, deadline - Date.now()))),
      );
      interval = Math.min(interval * 2, maxInterval);
    }
  }

  #onExit(record: Record_, child: ServiceProcess, status: ExitStatus): void {
    if (record.process !== child) return;
    record.process = undefined;
    // The leader is gone; whatever is left in its group is an orphan of this service.
    child.signalGroup('SIGKILL');
    clearTimeout(record.timer);
    const how = describeExit(status);
    const waiters = record.exitWaiters.splice(0);
    if (record.state === 'stopping') {
      this.#log(`${record.spec.name}: stopped (${how})`);
      this.#transition(record, 'exit');
      for (const resolve of waiters) resolve();
      if (this.#stopping) return;
      if (record.afterExit === 'rearm') {
        this.#transition(record, 'rearm');
        this.#evaluate();
      } else if (record.afterExit === 'failure') {
        this.#failed(record, record.failureDetail);
      }
      return;
    }
    const uptime = Date.now() - record.startedAt;
    this.#log(`${record.spec.name}: exited unexpectedly (${how}, up ${uptime} ms)`);
    if (this.#stopping) {
      this.#transition(record, 'crash');
      return;
    }
    this.#failed(record, how);
  }

  /** Records a failure, then schedules a restart or gives up. */
  #failed(record: Record_, detail: string): void {
    const { spec } = record;
    this.#followers(record);
    const verdict = record.tracker.recordFailure(
      Date.now(),
      Date.now() - record.startedAt,
      record.state === 'ready',
    );
    if (verdict.action === 'give-up') {
      this.#log(
        `${spec.name}: failed to start ${verdict.failures} times within ${verdict.windowMs} ms; giving up (last: ${detail})`,
      );
      this.#transition(record, 'give-up');
      if (spec.critical) this.#options.onFatal?.(spec.name, `${verdict.failures} failures, last: ${detail}`);
      return;
    }
    this.#transition(record, 'crash');
    this.#log(`${spec.name}: restarting in ${verdict.delayMs} ms`);
    record.timer = setTimeout(() => {
      record.timer = undefined;
      if (record.state !== 'backoff') return;
      this.#transition(record, 'retry');
      this.#evaluate();
    }, verdict.delayMs);
  }

  /** Services bound to `record` are stopped and wait for it to be ready again. */
  #followers(record: Record_): void {
    for (const other of this.#records) {
      if (!other.spec.bindsTo.includes(record.spec.name)) continue;
      if (other.state === 'starting' || other.state === 'ready') {
        this.#log(`${other.spec.name}: stopping because ${record.spec.name} went away`);
        void this.#stop(other, 'rearm');
      } else if (other.state === 'stopping' && other.afterExit === 'settle') {
        other.afterExit = 'rearm';
      }
    }
  }

  /** Stops one service; resolves once its process has exited (at once if none runs). */
  #stop(record: Record_, afterExit: AfterExit): Promise<void> {
    clearTimeout(record.timer);
    record.timer = undefined;
    if (record.state === 'pending' || record.state === 'backoff') {
      this.#transition(record, 'stop');
      return Promise.resolve();
    }
    if (!hasProcess(record.state) || !record.process) return Promise.resolve();
    const child = record.process;
    const waiting = new Promise<void>((resolve) => record.exitWaiters.push(resolve));
    if (record.state === 'stopping') {
      // Already on its way out; a shutdown only needs to wait for it.
      if (this.#stopping) record.afterExit = 'settle';
      return waiting;
    }
    record.afterExit = afterExit;
    this.#transition(record, 'stop');
    child.signalGroup(record.spec.stopSignal);
    record.timer = setTimeout(() => {
      this.#log(
        `${record.spec.name}: still running ${record.spec.stopTimeoutMs} ms after ${record.spec.stopSignal}; killing it`,
      );
      child.signalGroup('SIGKILL');
    }, record.spec.stopTimeoutMs);
    return waiting;
  }
}

/** `code 1`, `signal SIGKILL`, or the spawn error. */
function describeExit(status: ExitStatus): string {
  if (status.error) return `could not start: ${status.error.message}`;
  if (status.signal) return `signal ${status.signal}`;
  return `code ${status.code}`;
}
