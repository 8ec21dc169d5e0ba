import { execFileSync } from 'node:child_process';
import { freePort } from '@helios/test-kit/net';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, type InitHandle, NODE, type Sandbox } from './support/harness.ts';
import { DESKTOP_BINARIES, useInitSandbox } from './support/init-sandbox.ts';

/**
 * The real built-in table: Xvnc, XFCE, PulseAudio, with a stand-in for
 * kclient. One boot shared by the tests of this file, in order, to stay fast.
 */
describe('helios-init with the real desktop', () => {
  const harness = useInitSandbox(['unshare', 'setpriv', 'useradd', ...DESKTOP_BINARIES], { scope: 'file' });
  let sandbox: Sandbox;
  let init: InitHandle;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    sandbox = harness.freshSandbox();
    sandbox.write(
      'etc/helios/init.json',
      JSON.stringify({
        services: { kclient: { command: [NODE, `${FIXTURES}/fake-kclient.mjs`] } },
      }),
    );
    init = harness.start({ HTTP_PORT: String(port) });
  });

  it('becomes ready once Xvnc, the XFCE session and kclient are', async () => {
    const state = await init.waitForState((s) => s.ready, 30_000);
    expect(Object.fromEntries(Object.entries(state.services).map(([name, s]) => [name, s.state]))).toEqual({
      pulseaudio: 'ready',
      xvnc: 'ready',
      desktop: 'ready',
      kclient: 'ready',
    });
    const response = await fetch(`http://127.0.0.1:${port}/`);
    expect(response.status).toBe(200);
    // Order of the log: the desktop waits for a ready X server; the gateway
    // starts alongside Xvnc, so the page is served while X comes up.
    const output = init.output();
    expect(output.indexOf('xvnc: ready')).toBeLessThan(output.indexOf('desktop: started'));
    expect(output.indexOf('kclient: started')).toBeLessThan(output.indexOf('xvnc: ready'));
  });

  it('serves VNC on the user-only unix socket, and no X on TCP', async () => {
    const processes = await init.processes();
    const xvnc = processes.find((p) => p.command.startsWith('Xvnc'));
    expect(xvnc?.command).toContain('-rfbunixpath /run/user/4242/vnc.sock');
    const socket = execFileSync('stat', ['-c', '%U %a', sandbox.path('run/user/4242/vnc.sock')], {
      encoding: 'utf8',
    });
    expect(socket.trim()).toMatch(/ 600$/);
  });

  it('restarts Xvnc after a crash, cleans its stale lock, and the desktop follows', async () => {
    const before = await init.waitForState((s) => s.ready);
    process.kill(await init.hostPidOf(before.services.xvnc?.pid as number), 'SIGKILL');
    await init.waitFor(/xvnc: exited unexpectedly \(signal SIGKILL/);
    // The desktop either notices X is gone first (exits) or is stopped by
    // init; both must end in a restarted desktop on the new X server.
    const after = await init.waitForState(
      (s) => s.ready && (s.services.xvnc?.restarts ?? 0) >= 1 && (s.services.desktop?.restarts ?? 0) >= 1,
      30_000,
    );
    expect(after.services.kclient?.restarts).toBe(0);
  });

  it('stops everything well within the 10 s of docker stop on SIGTERM and exits 0, leaving no process behind', async () => {
    const started = Date.now();
    await init.signal('SIGTERM');
    expect(await init.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5000);
    // Dependents before what they need: the session before its X server.
    // kclient needs neither, so it stops alongside them, in no set order.
    const stopLog = init.output().slice(init.output().indexOf('SIGTERM: stopping'));
    expect(stopLog).toMatch(/desktop: stopped[\s\S]*xvnc: stopped/);
    expect(stopLog).toContain('kclient: stopped');
    expect(stopLog).toContain('pulseaudio: stopped');
  });
});
