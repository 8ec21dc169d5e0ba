import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testConfig } from './support/harness.ts';
import { useInitSandbox } from './support/init-sandbox.ts';

describe('helios-init boot', () => {
  const harness = useInitSandbox(['unshare', 'setpriv', 'useradd']);

  const refused: Array<[string, Record<string, string>, string]> = [
    ['a missing USER', { UID: '1000' }, 'USER: USER is required (expected a value, received nothing)'],
    ['a missing UID', { USER: 'alice' }, 'UID: UID is required (expected a value, received nothing)'],
    ['root', { USER: 'root', UID: '1000' }, 'USER: must not be root'],
    ['a non-portable name', { USER: 'Alice!', UID: '1000' }, 'USER: is not a portable POSIX user name'],
    [
      'a too long name',
      { USER: 'a'.repeat(40), UID: '1000' },
      'USER: is too long (expected at most 32 characters, received 40)',
    ],
    ['UID 0', { USER: 'alice', UID: '0' }, 'UID: UID 0 is root'],
    [
      'a non-numeric UID',
      { USER: 'alice', UID: 'x1' },
      'UID: must be a decimal number (expected 1-2147483647, received "x1")',
    ],
    ['an out-of-range GID', { USER: 'alice', UID: '1000', GID: '99999999999' }, 'GID: out of range'],
    ['a bad IDLE_TIME', { USER: 'alice', UID: '1000', IDLE_TIME: '-1' }, 'IDLE_TIME: must be minutes'],
    ['a bad HTTP_PORT', { USER: 'alice', UID: '1000', HTTP_PORT: '0' }, 'HTTP_PORT: must be a TCP port'],
  ];

  for (const [what, env, message] of refused) {
    it(`refuses ${what} with exit code 2 before touching anything`, async () => {
      const sandbox = harness.freshSandbox();
      const passwd = sandbox.readEtc('passwd');
      const init = harness.startWithExactEnv(env);
      const exit = await init.exited;
      expect(exit).toEqual({ code: 2, signal: null });
      expect(init.output()).toContain('HELIOS_INIT_ENV_INVALID: invalid environment:');
      expect(init.output()).toContain(message);
      expect(sandbox.readEtc('passwd')).toBe(passwd);
      expect(existsSync(sandbox.path('run/helios'))).toBe(false);
      expect(existsSync(sandbox.path('home/alice'))).toBe(false);
    });
  }

  it('refuses an invalid config file with its path and problem', async () => {
    const sandbox = harness.freshSandbox();
    sandbox.write('etc/helios/init.json', JSON.stringify({ services: { xvnc: { stopTimeoutMs: 'soon' } } }));
    const init = harness.start();
    expect(await init.exited).toEqual({ code: 2, signal: null });
    expect(init.output()).toContain('HELIOS_INIT_CONFIG_INVALID: invalid config file /etc/helios/init.json:');
    expect(init.output()).toContain('services.xvnc.stopTimeoutMs:');
  });

  it('boots the services of the table and exits 0 on SIGTERM', async () => {
    const sandbox = harness.freshSandbox();
    sandbox.write(
      'etc/helios/init.json',
      testConfig({ web: { command: ['sleep', '1000'], critical: true, gatesReady: true } }),
    );
    const init = harness.start();
    const state = await init.waitForState((s) => s.ready);
    expect(state.services.web?.state).toBe('ready');
    await init.signal('SIGTERM');
    expect(await init.exited).toEqual({ code: 0, signal: null });
  });
});
