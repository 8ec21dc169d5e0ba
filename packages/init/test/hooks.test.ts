import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, testConfig } from './support/harness.ts';
import { useInitSandbox } from './support/init-sandbox.ts';

const append = (label: string, file = '/run/hooks.log') =>
  `#!/bin/sh\necho "${label} $(id -un) $FOO" >> ${file}\n`;

describe('helios-init hooks', () => {
  // The hooks echo $FOO to show they got the container's environment.
  const harness = useInitSandbox(['unshare', 'setpriv', 'useradd'], { env: { FOO: 'bar' } });
  const lines = (file: string) => {
    const path = harness.sandbox.path(file);
    return existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n') : [];
  };

  describe('init.d', () => {
    it('runs *.sh sorted, then */entrypoint.sh sorted, as root with the container environment', async () => {
      const sandbox = harness.freshSandbox();
      sandbox.write('etc/helios/init.json', testConfig({}));
      sandbox.write('etc/helios/init.d/b.sh', append('b.sh'), 0o755);
      // Not executable, as on a read-only mount: runs through the shell.
      sandbox.write('etc/helios/init.d/a.sh', append('a.sh'), 0o644);
      sandbox.write('etc/helios/init.d/notes.txt', append('notes.txt'), 0o755);
      sandbox.write('etc/helios/init.d/10-x/entrypoint.sh', append('10-x'), 0o755);
      sandbox.write('etc/helios/init.d/01-y/entrypoint.sh', append('01-y'), 0o644);
      const init = harness.start();
      await init.waitFor(/starting/);
      expect(lines('run/hooks.log')).toEqual([
        'a.sh root bar',
        'b.sh root bar',
        '01-y root bar',
        '10-x root bar',
      ]);
    });

    it('logs a failing hook with its script and exit code and boots on', async () => {
      const sandbox = harness.freshSandbox();
      sandbox.write('etc/helios/init.json', testConfig({}));
      sandbox.write('etc/helios/init.d/a.sh', '#!/bin/sh\nexit 4\n', 0o755);
      sandbox.write('etc/helios/init.d/b.sh', append('b.sh'), 0o755);
      const init = harness.start();
      await init.waitFor(/starting/);
      expect(init.output()).toContain('[helios-init] init.d/a.sh: failed (exit code 4)');
      expect(lines('run/hooks.log')).toEqual(['b.sh root bar']);
    });

    it('kills a hook that outlives its timeout, with its children', async () => {
      const sandbox = harness.freshSandbox();
      sandbox.write('etc/helios/init.json', testConfig({}));
      sandbox.write('etc/helios/init.d/slow.sh', '#!/bin/sh\nsleep 30 &\nsleep 30\n', 0o755);
      const started = Date.now();
      const init = harness.start({ HELIOS_HOOK_TIMEOUT: '0.5' });
      await init.waitFor(/starting/);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(init.output()).toContain('init.d/slow.sh: failed (timed out after 500 ms)');
      const sleepers = (await init.processes()).filter((p) => p.command.startsWith('sleep 30'));
      expect(sleepers).toEqual([]);
    });

    it('makes a failure fatal under HELIOS_STRICT_HOOKS=1, before the user exists', async () => {
      const sandbox = harness.freshSandbox();
      sandbox.write('etc/helios/init.json', testConfig({}));
      sandbox.write('etc/helios/init.d/a.sh', '#!/bin/sh\nexit 4\n', 0o755);
      sandbox.write('etc/helios/init.d/b.sh', append('b.sh'), 0o755);
      const init = harness.start({ HELIOS_STRICT_HOOKS: '1' });
      expect(await init.exited).toEqual({ code: 3, signal: null });
      expect(init.output()).toContain(
        'HELIOS_INIT_HOOK_FAILED: init hook /etc/helios/init.d/a.sh failed (exit code 4; expected exit code 0) ' +
          'and HELIOS_STRICT_HOOKS=1 makes this fatal',
      );
      expect(lines('run/hooks.log')).toEqual([]);
      expect(sandbox.readEtc('passwd')).not.toContain('alice:');
    });
  });

  describe('services.d', () => {
    it('supervises every file as a root service', async () => {
      const sandbox = harness.freshSandbox();
      sandbox.write('etc/helios/init.json', testConfig({}));
      sandbox.write(
        'etc/helios/services.d/custom.sh',
        '#!/bin/sh\necho "custom as $(id -un)"\nexec sleep 1000\n',
      );
      const init = harness.start();
      await init.waitFor(/\[services.d\/custom.sh\] custom as root/);
      await init.waitForState((s) => s.services['services.d/custom.sh']?.state === 'ready');
    });
  });

  describe('shutdown.d', () => {
    it('runs before the services stop', async () => {
      const sandbox = harness.freshSandbox();
      sandbox.write(
        'etc/helios/init.json',
        testConfig({
          a: {
            command: [`${FIXTURES}/service.sh`, 'a', '/run/hooks.log'],
            runAs: 'root',
            readiness: { kind: 'command', command: ['grep', '-qx', 'start a', '/run/hooks.log'] },
          },
        }),
      );
      sandbox.write('etc/helios/shutdown.d/save.sh', append('save.sh'), 0o755);
      const init = harness.start();
      await init.waitForState((s) => s.services.a?.state === 'ready');
      await init.signal('SIGTERM');
      expect(await init.exited).toEqual({ code: 0, signal: null });
      expect(lines('run/hooks.log')).toEqual(['start a', 'save.sh root bar', 'stop a']);
    });
  });

  describe('idle.d', () => {
    it('runs once per idle period and again only after new input', async () => {
      const sandbox = harness.freshSandbox();
      sandbox.write('etc/helios/init.json', testConfig({}));
      sandbox.write('etc/helios/idle.d/lock.sh', append('idle', '/run/idle.log'), 0o755);
      // 0.01 minutes = 600 ms.
      const init = harness.start({ IDLE_TIME: '0.01' });
      await init.waitFor(/running 1 idle hook/, 5000);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(lines('run/idle.log')).toEqual(['idle root bar']);
      const activity = sandbox.path('run/user/4242/activity');
      writeFileSync(activity, '');
      utimesSync(activity, new Date(), new Date());
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(lines('run/idle.log')).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(lines('run/idle.log')).toEqual(['idle root bar', 'idle root bar']);
    });
  });
});
