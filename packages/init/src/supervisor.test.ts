import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RESTART, type ServiceSpec } from './service-spec.ts';
import type { ExitStatus, ServiceProcess } from './supervisor.ts';
import { Supervisor } from './supervisor.ts';

function spec(name: string, extra: Partial<ServiceSpec> = {}): ServiceSpec {
  return {
    name,
    command: [name],
    runAs: 'user',
    env: {},
    dependsOn: [],
    bindsTo: [],
    critical: false,
    gatesReady: true,
    readiness: { kind: 'none' },
    readinessTimeoutMs: 1000,
    stopSignal: 'SIGTERM',
    stopTimeoutMs: 500,
    cleanPaths: [],
    restart: { ...DEFAULT_RESTART, initialDelayMs: 100, maxFailures: 3, windowMs: 10_000 },
    ...extra,
  };
}

/** A fake process table: records starts and signals, exits on demand. */
class FakeWorld {
  readonly events: string[] = [];
  readonly ready = new Set<string>();
  readonly running = new Map<string, { exit: (status: ExitStatus) => void; pid: number }>();
  /** Services that ignore their stop signal (only SIGKILL ends them). */
  readonly stubborn = new Set<string>();
  #pid = 100;

  launcher = {
    launch: (s: ServiceSpec): ServiceProcess => {
      const pid = ++this.#pid;
      let exit!: (status: ExitStatus) => void;
      const exited = new Promise<ExitStatus>((resolve) => {
        exit = resolve;
      });
      this.events.push(`start ${s.name}`);
      this.running.set(s.name, { exit, pid });
      return {
        pid,
        exited,
        signalGroup: (signal) => {
          if (this.running.get(s.name)?.pid !== pid) return;
          this.events.push(`${signal} ${s.name}`);
          if (signal === 'SIGKILL' || !this.stubborn.has(s.name)) this.crash(s.name, { code: null, signal });
        },
      };
    },
  };

  probe = async (s: ServiceSpec) => this.ready.has(s.name);

  crash(name: string, status: ExitStatus = { code: 1, signal: null }): void {
    const entry = this.running.get(name);
    if (!entry) return;
    this.running.delete(name);
    entry.exit(status);
  }
}

async function settle(ms = 0): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

describe('Supervisor', () => {
  let world: FakeWorld;
  beforeEach(() => {
    vi.useFakeTimers();
    world = new FakeWorld();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const make = (specs: ServiceSpec[], onFatal = vi.fn()) =>
    new Supervisor(specs, { launcher: world.launcher, probe: world.probe, onFatal, probeIntervalMs: 10 });

  describe('#start', () => {
    it('starts a dependent only once its dependency is ready', async () => {
      const supervisor = make([spec('xvnc'), spec('desktop', { dependsOn: ['xvnc'] })]);
      supervisor.start();
      await settle(50);
      expect(world.events).toEqual(['start xvnc']);
      world.ready.add('xvnc');
      await settle(50);
      expect(world.events).toEqual(['start xvnc', 'start desktop']);
    });

    it('marks a service that never gets ready as a failure and restarts it', async () => {
      const supervisor = make([spec('xvnc', { readinessTimeoutMs: 200 })]);
      supervisor.start();
      await settle(250);
      expect(world.events).toEqual(['start xvnc', 'SIGTERM xvnc']);
      expect(supervisor.statuses()[0]?.[1].state).toBe('backoff');
      await settle(100);
      expect(world.events.at(-1)).toBe('start xvnc');
    });
  });

  describe('restart', () => {
    it('restarts a crashed service with growing delays', async () => {
      world.ready.add('kclient');
      const supervisor = make([spec('kclient')]);
      supervisor.start();
      await settle(20);
      world.crash('kclient');
      await settle(99);
      expect(world.events.filter((e) => e === 'start kclient')).toHaveLength(1);
      await settle(1);
      expect(world.events.filter((e) => e === 'start kclient')).toHaveLength(2);
      world.crash('kclient');
      await settle(199);
      expect(world.events.filter((e) => e === 'start kclient')).toHaveLength(2);
      await settle(1);
      expect(world.events.filter((e) => e === 'start kclient')).toHaveLength(3);
      expect(supervisor.statuses()[0]?.[1].restarts).toBe(2);
    });

    it('gives up after too many failed starts and reports a critical one', async () => {
      const onFatal = vi.fn();
      const supervisor = make([spec('xvnc', { critical: true })], onFatal);
      supervisor.start();
      for (let i = 0; i < 3; i++) {
        await settle(1000);
        world.crash('xvnc', { code: null, signal: 'SIGSEGV' });
      }
      await settle(10);
      expect(supervisor.statuses()[0]?.[1].state).toBe('failed');
      expect(onFatal).toHaveBeenCalledWith('xvnc', '3 failures, last: signal SIGSEGV');
    });

    it('keeps restarting a service that was ready each time it died', async () => {
      world.ready.add('xvnc');
      const onFatal = vi.fn();
      const supervisor = make([spec('xvnc', { critical: true })], onFatal);
      supervisor.start();
      // Up less than 10 s each time: the delay doubles (to 3.2 s), but it never gives up.
      for (let i = 0; i < 6; i++) {
        await settle(5000);
        expect(supervisor.statuses()[0]?.[1].state).toBe('ready');
        world.crash('xvnc', { code: null, signal: 'SIGKILL' });
      }
      await settle(5000);
      expect(supervisor.statuses()[0]?.[1].state).toBe('ready');
      expect(onFatal).not.toHaveBeenCalled();
    });

    it('restarts services bound to a dependency that went away, after it is back', async () => {
      world.ready.add('xvnc').add('desktop');
      const supervisor = make([spec('xvnc'), spec('desktop', { dependsOn: ['xvnc'], bindsTo: ['xvnc'] })]);
      supervisor.start();
      await settle(50);
      world.events.length = 0;
      world.ready.delete('xvnc');
      world.crash('xvnc');
      await settle(0);
      expect(world.events).toEqual(['SIGTERM desktop']);
      await settle(100);
      expect(world.events).toEqual(['SIGTERM desktop', 'start xvnc']);
      world.ready.add('xvnc');
      await settle(50);
      expect(world.events).toEqual(['SIGTERM desktop', 'start xvnc', 'start desktop']);
    });
  });

  describe('#stopAll', () => {
    it('stops dependents before their dependencies', async () => {
      world.ready.add('xvnc').add('desktop').add('kclient');
      const supervisor = make([
        spec('xvnc'),
        spec('desktop', { dependsOn: ['xvnc'] }),
        spec('kclient', { dependsOn: ['xvnc'] }),
      ]);
      supervisor.start();
      await settle(50);
      world.events.length = 0;
      await supervisor.stopAll();
      expect(world.events).toEqual(['SIGTERM desktop', 'SIGTERM kclient', 'SIGTERM xvnc']);
      expect(supervisor.statuses().map(([, s]) => s.state)).toEqual(['exited', 'exited', 'exited']);
    });

    it('kills a service that ignores its stop signal after its timeout', async () => {
      world.ready.add('xvnc');
      world.stubborn.add('xvnc');
      const supervisor = make([spec('xvnc', { stopTimeoutMs: 300 })]);
      supervisor.start();
      await settle(20);
      const stopped = supervisor.stopAll();
      await settle(299);
      expect(world.events.at(-1)).toBe('SIGTERM xvnc');
      await settle(1);
      await stopped;
      expect(world.events.at(-1)).toBe('SIGKILL xvnc');
    });

    it('does not restart anything once stopping', async () => {
      world.ready.add('a');
      const supervisor = make([spec('a'), spec('b')]);
      supervisor.start();
      await settle(20);
      await supervisor.stopAll();
      await settle(5000);
      expect(world.events.filter((e) => e.startsWith('start'))).toEqual(['start a', 'start b']);
    });
  });
});
