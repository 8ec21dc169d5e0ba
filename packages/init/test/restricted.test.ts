import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testConfig } from './support/harness.ts';
import { useInitSandbox } from './support/init-sandbox.ts';

/** The ids of `docker run --user 4242:4343`; the host's /etc lists neither. */
const runAs = { uid: 4242, gid: 4343 };

describe('helios-init in restricted mode (not root)', () => {
  const harness = useInitSandbox(['unshare', 'setpriv']);

  /** A sandbox laid out as `--read-only --tmpfs /run --tmpfs /tmp -v home:/home/alice` would be. */
  const restrictedSandbox = (withHome: boolean) => {
    const sandbox = harness.freshSandbox();
    chmodSync(sandbox.path('run'), 0o1777);
    if (withHome) {
      mkdirSync(sandbox.path('home/alice'));
      chownSync(sandbox.path('home/alice'), runAs.uid, runAs.gid);
    }
    return sandbox;
  };

  it('presents the user through nss_wrapper and runs hooks and services as that uid, writing nothing in /etc', async () => {
    const sandbox = restrictedSandbox(true);
    sandbox.write('etc/helios/init.d/10-who.sh', '#!/bin/sh\necho "hook as $(id -un) in $HOME"\n', 0o755);
    sandbox.write(
      'etc/helios/init.json',
      testConfig({
        who: {
          command: ['sh', '-c', 'echo "service as $(id -un):$(id -gn) home $HOME"; exec sleep 1000'],
          critical: true,
          gatesReady: true,
        },
      }),
    );
    const init = harness.start({ UID: '', PASSWORD: 'ignored' }, { runAs });
    await init.waitFor(/\[who\] service as alice:alice home \/home\/alice/);
    await init.waitForState((state) => state.ready);
    const output = init.output();
    expect(output).toContain('restricted mode: running as uid 4242, gid 4343, without root');
    expect(output).toContain('[init.d/10-who.sh] hook as alice in /home/alice');
    expect(output).toContain('PASSWORD is ignored');
    expect(readFileSync(sandbox.path('run/helios/passwd'), 'utf8').split('\n')[0]).toBe(
      'alice:x:4242:4343:alice:/home/alice:/bin/bash',
    );
    // The overlay's upper layer holds only what the test wrote: no account file changed.
    expect(['passwd', 'group', 'shadow'].filter((file) => existsSync(sandbox.path(`etc/${file}`)))).toEqual(
      [],
    );
    const runtime = statSync(sandbox.path('run/user/4242'));
    expect([runtime.uid, runtime.mode & 0o777]).toEqual([4242, 0o700]);
    await init.signal('SIGTERM');
    expect(await init.exited).toEqual({ code: 0, signal: null });
  });

  it('refuses to start without a writable HOME, naming the fix, before touching anything', async () => {
    const sandbox = restrictedSandbox(false);
    sandbox.write('etc/helios/init.json', testConfig({}));
    const init = harness.start({}, { runAs });
    expect(await init.exited).toEqual({ code: 4, signal: null });
    expect(init.output()).toContain(
      'helios-init: HELIOS_INIT_RESTRICTED_SETUP_FAILED: cannot start without root (running as uid 4242, gid 4343):\n' +
        '  - HOME /home/alice does not exist and /home is not writable by uid 4242',
    );
    expect(init.output()).toContain('--tmpfs /home/alice:uid=4242,gid=4343');
    expect(existsSync(sandbox.path('run/helios'))).toBe(false);
  });

  it('refuses a UID that is not the one it runs as', async () => {
    restrictedSandbox(true);
    const init = harness.start({ UID: '1000' }, { runAs });
    expect(await init.exited).toEqual({ code: 2, signal: null });
    expect(init.output()).toContain(
      'UID: does not match the user the container runs as (expected 4242 as in --user 4242:4343, received "1000")',
    );
  });
});
