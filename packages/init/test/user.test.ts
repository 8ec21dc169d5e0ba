import { chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testConfig } from './support/harness.ts';
import { useInitSandbox } from './support/init-sandbox.ts';

const ACCOUNT_FILES = ['passwd', 'group', 'shadow', 'gshadow'];

describe('helios-init user setup', () => {
  const harness = useInitSandbox(['unshare', 'setpriv', 'useradd', 'chpasswd']);

  const bootAndStop = async (env: Record<string, string> = {}) => {
    const init = harness.start(env);
    await init.waitFor(/starting/);
    await init.signal('SIGTERM');
    expect(await init.exited).toEqual({ code: 0, signal: null });
    return init.output();
  };

  it('creates user, group and a home from /etc/skel with Desktop and Downloads', async () => {
    const sandbox = harness.freshSandbox();
    sandbox.write('etc/helios/init.json', testConfig({}));
    await bootAndStop({ PASSWORD: 'secret' });
    expect(sandbox.readEtc('passwd')).toMatch(/^alice:x:4242:4242::\/home\/alice:\/bin\/(ba)?sh$/m);
    expect(sandbox.readEtc('group')).toMatch(/^alice:x:4242:$/m);
    expect(sandbox.readEtc('group')).toMatch(/^audio:x:[0-9]+:.*alice/m);
    expect(sandbox.readEtc('shadow')).toMatch(/^alice:\$[^:]+:/m);
    for (const entry of ['.bashrc', 'Desktop', 'Downloads']) {
      const stat = statSync(sandbox.path(`home/alice/${entry}`));
      expect([stat.uid, stat.gid]).toEqual([4242, 4242]);
    }
    const runtime = statSync(sandbox.path('run/user/4242'));
    expect([runtime.uid, runtime.mode & 0o777]).toEqual([4242, 0o700]);
    expect(statSync(sandbox.path('run/helios')).mode & 0o777).toBe(0o755);
  });

  it('changes nothing in passwd, group, shadow and gshadow on a second boot', async () => {
    const sandbox = harness.freshSandbox();
    sandbox.write('etc/helios/init.json', testConfig({}));
    await bootAndStop({ PASSWORD: 'secret', GID: '5000' });
    const first = ACCOUNT_FILES.map((file) => sandbox.readEtc(file));
    const output = await bootAndStop({ PASSWORD: 'secret', GID: '5000' });
    expect(ACCOUNT_FILES.map((file) => sandbox.readEtc(file))).toEqual(first);
    expect(output).not.toMatch(/create user|set the password|create \/home/);
  });

  it('sets a changed password on the next boot', async () => {
    const sandbox = harness.freshSandbox();
    sandbox.write('etc/helios/init.json', testConfig({}));
    await bootAndStop({ PASSWORD: 'one' });
    const before = sandbox.readEtc('shadow');
    const output = await bootAndStop({ PASSWORD: 'two' });
    expect(output).toContain('set the password of alice');
    expect(sandbox.readEtc('shadow')).not.toBe(before);
  });

  it('keeps an existing home as it is, without re-owning it', async () => {
    const sandbox = harness.freshSandbox();
    sandbox.write('etc/helios/init.json', testConfig({}));
    mkdirSync(sandbox.path('home/alice'));
    chownSync(sandbox.path('home/alice'), 4242, 4242);
    writeFileSync(sandbox.path('home/alice/notes.txt'), 'mine');
    chownSync(sandbox.path('home/alice/notes.txt'), 0, 0);
    await bootAndStop();
    expect(readFileSync(sandbox.path('home/alice/notes.txt'), 'utf8')).toBe('mine');
    expect(statSync(sandbox.path('home/alice/notes.txt')).uid).toBe(0);
    expect(existsSync(sandbox.path('home/alice/Desktop'))).toBe(false);
  });

  it('re-owns a mounted home that belongs to another uid', async () => {
    const sandbox = harness.freshSandbox();
    sandbox.write('etc/helios/init.json', testConfig({}));
    mkdirSync(sandbox.path('home/alice/docs'), { recursive: true });
    chownSync(sandbox.path('home/alice'), 1111, 1111);
    await bootAndStop();
    expect(statSync(sandbox.path('home/alice/docs')).uid).toBe(4242);
  });

  it('adds the user beside an image user that already has the UID, and keeps its own groups', async () => {
    const sandbox = harness.freshSandbox();
    const passwd = readFileSync('/etc/passwd', 'utf8');
    const group = readFileSync('/etc/group', 'utf8');
    sandbox.write('etc/passwd', `${passwd}ubuntu:x:4242:4242::/home/ubuntu:/bin/sh\n`);
    sandbox.write('etc/group', `${group}ubuntu:x:4242:\n`);
    sandbox.write(
      'etc/helios/init.json',
      testConfig({ who: { command: ['sh', '-c', 'echo "who: $(id -Gn)"; exec sleep 1000'] } }),
    );
    const init = harness.start();
    const line = await init.waitFor(/\[who\] who: .*/);
    expect(line).toContain('audio');
    expect(sandbox.readEtc('passwd')).toMatch(/^alice:x:4242:4242:/m);
  });
});
