import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, testConfig } from './support/harness.ts';
import { useInitSandbox } from './support/init-sandbox.ts';

/** A service that is ready once it logged its start (and so has its SIGTERM trap set). */
const service = (name: string, extra: Record<string, unknown> = {}) => ({
  command: [`${FIXTURES}/service.sh`, name, '/run/order.log'],
  runAs: 'root',
  readiness: { kind: 'command', command: ['grep', '-qx', `start ${name}`, '/run/order.log'] },
  ...extra,
});

describe('helios-init supervision', () => {
  const harness = useInitSandbox(['unshare', 'setpriv', 'useradd']);

  /** Boots a fresh sandbox whose config runs `services` (and no desktop). */
  const boot = (services: Record<string, unknown>, env: Record<string, string> = {}) => {
    harness.freshSandbox().write('etc/helios/init.json', testConfig(services));
    return harness.start(env);
  };
  const orderLog = () => readFileSync(harness.sandbox.path('run/order.log'), 'utf8').trim().split('\n');

  it('starts a dependent only once its dependency passes a real readiness check', async () => {
    const init = boot({
      base: service('base', {
        readiness: {
          kind: 'all',
          checks: [
            service('base').readiness,
            { kind: 'command', command: ['test', '-e', '/run/base.ready'] },
          ],
        },
      }),
      top: service('top', { dependsOn: ['base'] }),
    });
    await init.waitFor(/base: started/);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(init.output()).not.toContain('top: started');
    harness.sandbox.write('run/base.ready', '');
    await init.waitForState((s) => s.services.top?.state === 'ready');
    expect(orderLog()).toEqual(['start base', 'start top']);
  });

  it('restarts a killed service and counts the restart', async () => {
    const init = boot({ web: service('web', { gatesReady: true }) });
    const before = await init.waitForState((s) => s.services.web?.state === 'ready');
    process.kill(await init.hostPidOf(before.services.web?.pid as number), 'SIGKILL');
    await init.waitFor(/web: exited unexpectedly \(signal SIGKILL/);
    const after = await init.waitForState(
      (s) => s.services.web?.state === 'ready' && s.services.web.restarts === 1,
    );
    expect(after.services.web?.pid).not.toBe(before.services.web?.pid);
  });

  it('sees the real exit code of its children while reaping orphaned zombies', async () => {
    const init = boot({
      // Each run leaves two orphans that exit shortly after: they become zombies of PID 1.
      orphans: { command: ['sh', '-c', '(sleep 0.2 &) ; (sleep 0.2 &) ; sleep 0.5; exit 7'], runAs: 'root' },
    });
    await init.waitFor(/orphans: exited unexpectedly \(code 7/);
    await init.waitFor(/orphans: exited unexpectedly \(code 7[\s\S]*orphans: exited unexpectedly \(code 7/);
    const zombies = (await init.processes()).filter((p) => p.state === 'Z');
    expect(zombies).toEqual([]);
  });

  it('stops services in reverse dependency order and exits 0 on SIGTERM', async () => {
    const init = boot({
      a: service('a'),
      b: service('b', { dependsOn: ['a'] }),
      c: service('c', { dependsOn: ['b'] }),
    });
    await init.waitForState((s) => s.services.c?.state === 'ready');
    const started = Date.now();
    await init.signal('SIGTERM');
    expect(await init.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(orderLog()).toEqual(['start a', 'start b', 'start c', 'stop c', 'stop b', 'stop a']);
  });

  it('exits 0 on SIGINT too', async () => {
    const init = boot({ a: service('a') });
    await init.waitForState((s) => s.services.a?.state === 'ready');
    await init.signal('SIGINT');
    expect(await init.exited).toEqual({ code: 0, signal: null });
  });

  it('kills a service that ignores SIGTERM after its stop timeout', async () => {
    const init = boot({
      stubborn: { command: [`${FIXTURES}/stubborn.sh`], runAs: 'root', stopTimeoutMs: 700 },
    });
    await init.waitFor(/stubborn up/);
    const started = Date.now();
    await init.signal('SIGTERM');
    expect(await init.exited).toEqual({ code: 0, signal: null });
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(650);
    // Well before the 20 s default: the 700 ms stop timeout is what fired.
    expect(took).toBeLessThan(5000);
    expect(init.output()).toContain('stubborn: still running 700 ms after SIGTERM; killing it');
  });

  it('stops at once on a second signal and exits 128+N', async () => {
    const init = boot({
      stubborn: { command: [`${FIXTURES}/stubborn.sh`], runAs: 'root', stopTimeoutMs: 20_000 },
    });
    await init.waitFor(/stubborn up/);
    await init.signal('SIGTERM');
    await init.waitFor(/SIGTERM: stopping/);
    const started = Date.now();
    await init.signal('SIGTERM');
    expect(await init.exited).toEqual({ code: 143, signal: null });
    // Far below the 20 s stop timeout the first signal was waiting for.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('stops the container with exit code 5 when a critical service keeps failing', async () => {
    const init = boot({
      broken: {
        command: ['sh', '-c', 'exit 3'],
        runAs: 'root',
        critical: true,
        restart: { maxFailures: 3, windowMs: 60_000, initialDelayMs: 20 },
      },
    });
    expect(await init.exited).toEqual({ code: 5, signal: null });
    expect(init.output()).toContain(
      'HELIOS_INIT_SERVICE_FAILED: critical service broken failed: 3 failures, last: code 3',
    );
  });

  it('keeps going when a non-critical service fails for good', async () => {
    const init = boot({
      flaky: {
        command: ['sh', '-c', 'exit 1'],
        runAs: 'root',
        restart: { maxFailures: 2, initialDelayMs: 10 },
      },
      web: service('web', { critical: true, gatesReady: true }),
    });
    const state = await init.waitForState((s) => s.services.flaky?.state === 'failed' && s.ready);
    expect(state.services.web?.state).toBe('ready');
  });

  it('runs user services as the user with supplementary groups kept', async () => {
    const init = boot({
      who: {
        command: ['sh', '-c', 'echo "id=$(id -u):$(id -g) groups=$(id -Gn) home=$HOME"; exec sleep 1000'],
      },
    });
    const line = await init.waitFor(/\[who\] id=.*/);
    expect(line).toMatch(/id=4242:4242 groups=alice.*audio/);
    expect(line).toContain('home=/home/alice');
  });
});
