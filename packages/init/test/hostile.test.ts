import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { freePort } from '@helios/test-kit/net';
import { describe, expect, it } from 'vitest';
import { FIXTURES, type InitHandle, NODE, testConfig } from './support/harness.ts';
import { DESKTOP_BINARIES, useInitSandbox } from './support/init-sandbox.ts';
import { useTestMounts } from './support/mounts.ts';

/** The ids of `docker run --user 4242:4343` for restricted mode. */
const restricted = { uid: 4242, gid: 4343 };

/** A root service that is ready at once: proof that the boot went on. */
const idleService = { idle: { command: ['sleep', '1000'], runAs: 'root', critical: true, gatesReady: true } };

/** The peak resident memory of helios-init (VmHWM), in MiB. */
async function peakMemoryMiB(init: InitHandle): Promise<number> {
  const status = readFileSync(`/proc/${await init.hostPid()}/status`, 'utf8');
  return Number(status.match(/^VmHWM:\s+([0-9]+) kB$/m)?.[1]) / 1024;
}

/** Lines of the output that start with `prefix`. */
function linesOf(output: string, prefix: string): string[] {
  return output.split('\n').filter((line) => line.startsWith(prefix));
}

describe('helios-init under hostile conditions', () => {
  const harness = useInitSandbox([
    'unshare',
    'setpriv',
    'useradd',
    'setsid',
    'seq',
    'head',
    'tr',
    'yes',
    ...DESKTOP_BINARIES,
  ]);
  const mounts = useTestMounts();

  describe('a hook that leaves a hundred processes behind', () => {
    it('boots on, says which hook left how many, reaps them when they die, and ends the rest at stop', async () => {
      const sandbox = harness.freshSandbox();
      sandbox.write('etc/helios/init.json', testConfig(idleService));
      sandbox.write(
        'etc/helios/init.d/10-background.sh',
        '#!/bin/sh\nfor i in $(seq 100); do sleep 1001 & done\n',
        0o755,
      );
      // setsid: they leave the hook's process group and session.
      sandbox.write(
        'etc/helios/init.d/20-setsid.sh',
        '#!/bin/sh\nfor i in $(seq 100); do setsid sleep 1002 & done\n',
        0o755,
      );
      const init = harness.start();
      await init.waitForState((state) => state.ready);
      // The names are read from /proc when the hook ends; on a loaded machine a
      // few children may not have exec'd sleep yet, so only the count is exact.
      const logged =
        /^\[helios-init\] (\S+): done in N ms; left 100 processes running \(sleep ×[0-9]+.*\), (.*)$/;
      const advice =
        'unsupervised until the container stops (put programs that should keep running in services.d)';
      for (const hook of ['init.d/10-background.sh', 'init.d/20-setsid.sh']) {
        expect(hookLog(init.output(), hook)?.match(logged)?.slice(1)).toEqual([hook, advice]);
      }

      // Half of them die: none stays a zombie.
      const sleepers = (await init.processes()).filter((p) => /^sleep 100[12]$/.test(p.command));
      expect(sleepers).toHaveLength(200);
      for (const sleeper of sleepers.filter((_, index) => index % 2 === 0))
        process.kill(sleeper.hostPid, 'SIGKILL');
      await waitUntil(async () => {
        const now = await init.processes();
        return (
          now.filter((p) => /^sleep 100[12]$/.test(p.command)).length === 100 &&
          now.every((p) => p.state !== 'Z')
        );
      });

      await init.signal('SIGTERM');
      expect(await init.exited).toEqual({ code: 0, signal: null });
      expect(init.output()).toContain('[helios-init] ended 100 leftover processes outside the services');
    });
  });

  describe('a hook that floods its output', () => {
    it('keeps memory and the log bounded, cuts the endless line, loses no short line, and boots on', async () => {
      const sandbox = harness.freshSandbox();
      sandbox.write('etc/helios/init.json', testConfig(idleService));
      // 200 MiB without a newline, then a million short lines, then a quiet hook.
      sandbox.write(
        'etc/helios/init.d/10-bytes.sh',
        "#!/bin/sh\nhead -c 209715200 /dev/zero | tr '\\0' x\n",
        0o755,
      );
      sandbox.write('etc/helios/init.d/20-lines.sh', '#!/bin/sh\nseq 1000000\n', 0o755);
      sandbox.write('etc/helios/init.d/30-after.sh', '#!/bin/sh\necho after the flood\n', 0o755);
      const init = harness.start();
      await init.waitForState((state) => state.ready, 60_000);
      // The hook's exit can be seen before the last lines it wrote were read.
      await init.waitFor(/\[init\.d\/20-lines\.sh\] 1000000\n/);
      const peak = await peakMemoryMiB(init);
      const output = init.output();

      const bytes = linesOf(output, '[init.d/10-bytes.sh] ');
      expect(bytes).toEqual([
        `[init.d/10-bytes.sh] ${'x'.repeat(16_384)} [cut: line longer than 16384 characters]`,
        `[init.d/10-bytes.sh] [${209_715_200 - 16_384} more characters of that line dropped]`,
      ]);
      const lines = linesOf(output, '[init.d/20-lines.sh] ');
      expect(lines).toHaveLength(1_000_000);
      expect(lines.at(-1)).toBe('[init.d/20-lines.sh] 1000000');
      expect(output).toMatch(/init\.d\/10-bytes\.sh: done in [0-9]+ ms\n/);
      expect(output).toMatch(/init\.d\/20-lines\.sh: done in [0-9]+ ms\n/);
      expect(output).toContain('[init.d/30-after.sh] after the flood');
      // The whole log of both floods: the cut line and the million short ones (~29 MB).
      expect(output.length).toBeLessThan(40_000_000);
      // A bare Node is ~41 MiB and helios-init ~58 MiB; buffering the flood would need 200+.
      console.log(
        `helios-init peak memory during a 200 MiB + 1,000,000-line hook flood: ${peak.toFixed(1)} MiB`,
      );
      expect(peak).toBeLessThan(128);
    });
  });

  describe('a hook that floods its output while the log reader lags', () => {
    it('makes the hook wait instead of buffering its output, and loses no line', async () => {
      const sandbox = harness.freshSandbox();
      sandbox.write('etc/helios/init.json', testConfig(idleService));
      // 100 MB in a million lines of 100 characters.
      sandbox.write(
        'etc/helios/init.d/10-lines.sh',
        `#!/bin/sh\nyes '${'f'.repeat(79)}' | head -n 1000000\n`,
        0o755,
      );
      const init = harness.start();
      init.pauseOutput();
      await new Promise((resolve) => setTimeout(resolve, 3000));
      // The hook is still writing, blocked on its full pipe, and the boot waits for it.
      const paused = await peakMemoryMiB(init);
      expect((await init.processes()).some((p) => p.command.startsWith('yes'))).toBe(true);
      expect(existsSync(sandbox.path('run/helios/state.json'))).toBe(false);
      init.resumeOutput();
      await init.waitForState((state) => state.ready, 60_000);
      const line = `[init.d/10-lines.sh] ${'f'.repeat(79)}\n`;
      await waitUntil(async () => occurrences(init.output(), line) === 1_000_000, 30_000);
      const peak = await peakMemoryMiB(init);
      console.log(
        `helios-init peak memory, 100 MB hook flood with a lagging log reader: ${paused.toFixed(1)} MiB while paused, ${peak.toFixed(1)} MiB in all`,
      );
      expect(peak).toBeLessThan(128);
    });
  });

  describe('HOME on a full file system', () => {
    it('stops before making a half home, naming the path and "no space"; boots once space is back', async () => {
      const sandbox = harness.freshSandbox();
      sandbox.write('etc/helios/init.json', testConfig(idleService));
      mounts.tmpfs(sandbox.path('home'), 'size=1m,mode=755');
      mounts.fill(sandbox.path('home/fill'));

      const full = harness.start();
      expect(await full.exited).toEqual({ code: 4, signal: null });
      expect(full.output()).toContain(
        'helios-init: HELIOS_INIT_USER_SETUP_FAILED: user setup failed while creating home /home/alice from /etc/skel: ' +
          'no space left on device on the file system of /home (0 bytes free); ' +
          'nothing was kept: free space there and start the container again',
      );
      expect(full.output()).not.toContain('starting idle');
      expect(readdirSync(sandbox.path('home'))).toEqual(['fill']);

      rmSync(sandbox.path('home/fill'));
      const again = harness.start();
      await again.waitForState((state) => state.ready);
      const home = sandbox.path('home/alice');
      expect(readdirSync(home).sort()).toEqual(expect.arrayContaining(['.bashrc', 'Desktop', 'Downloads']));
      expect(statSync(home).uid).toBe(4242);
      expect(readdirSync(sandbox.path('home')).sort()).toEqual(['alice']);
    });

    it('boots the desktop with an existing home on a full file system, says so, and /health tells the truth', async () => {
      const port = await freePort();
      const sandbox = harness.freshSandbox();
      sandbox.write(
        'etc/helios/init.json',
        JSON.stringify({ services: { kclient: { command: [NODE, `${FIXTURES}/fake-kclient.mjs`] } } }),
      );
      mounts.tmpfs(sandbox.path('home'), 'size=1m,mode=755');
      mkdirSync(sandbox.path('home/alice'));
      chownSync(sandbox.path('home/alice'), 4242, 4242);
      mounts.fill(sandbox.path('home/alice/big-download'));
      const init = harness.start({ HTTP_PORT: String(port) });
      // PulseAudio does not gate readiness: wait for it too.
      const state = await init.waitForState(
        (s) => s.ready && s.services.pulseaudio?.state === 'ready',
        30_000,
      );
      const output = init.output();
      expect(output).toContain(
        '[helios-init] HOME /home/alice is on a full file system (no space left on device: 0 bytes free); ' +
          'the desktop starts, but programs cannot save settings or files there until space is freed',
      );
      // X, the session, the gateway and PulseAudio (no cookie in HOME) need no room there.
      expect([
        state.services.pulseaudio?.state,
        state.services.xvnc?.state,
        state.services.desktop?.state,
        state.services.kclient?.state,
      ]).toEqual(['ready', 'ready', 'ready', 'ready']);
      expect(output).not.toContain('[pulseaudio] E:');
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      await init.signal('SIGTERM');
      expect(await init.exited).toEqual({ code: 0, signal: null });
      expect(statSync(sandbox.path('home/alice/big-download')).size).toBeGreaterThan(900_000);
    });

    it('in restricted mode, stops before making a half home and boots once space is back', async () => {
      const sandbox = harness.freshSandbox();
      sandbox.write('etc/helios/init.json', testConfig(idleService));
      // As `--read-only --tmpfs /run:uid=… --tmpfs /home:uid=…` with the home volume full.
      chmodSync(sandbox.path('run'), 0o1777);
      mounts.tmpfs(sandbox.path('home'), `size=1m,mode=755,uid=${restricted.uid},gid=${restricted.gid}`);
      mounts.fill(sandbox.path('home/fill'));
      const full = harness.start({ UID: '' }, { runAs: restricted });
      expect(await full.exited).toEqual({ code: 4, signal: null });
      expect(full.output()).toContain(
        'helios-init: HELIOS_INIT_USER_SETUP_FAILED: user setup failed while creating home /home/alice from /etc/skel: ' +
          'no space left on device on the file system of /home (0 bytes free)',
      );
      expect(readdirSync(sandbox.path('home'))).toEqual(['fill']);
      rmSync(sandbox.path('home/fill'));
      const again = harness.start({ UID: '' }, { runAs: restricted });
      await again.waitForState((state) => state.ready);
      expect(readdirSync(sandbox.path('home/alice'))).toEqual(
        expect.arrayContaining(['Desktop', 'Downloads']),
      );
      await again.signal('SIGTERM');
      expect(await again.exited).toEqual({ code: 0, signal: null });
    });
  });

  describe('/run not writable', () => {
    it('stops with exit 4 naming the folder and the fix, before hooks, user setup or any service', async () => {
      const sandbox = harness.freshSandbox();
      sandbox.write('etc/helios/init.json', testConfig(idleService));
      sandbox.write('etc/helios/init.d/10-mark.sh', '#!/bin/sh\ntouch /tmp/hook-ran\n', 0o755);
      mounts.tmpfs(sandbox.path('run'), 'ro,size=1m,mode=755');
      const init = harness.start();
      expect(await init.exited).toEqual({ code: 4, signal: null });
      expect(init.output()).toContain(
        "helios-init: HELIOS_INIT_RUNTIME_DIR_FAILED: cannot prepare runtime directory /run/helios: /run is not writable (EROFS: read-only file system, access '/run'); " +
          '/run/user, /run/user/4242 need it too (expected a writable folder); ' +
          'mount a tmpfs on /run (docker run --tmpfs /run; Compose: tmpfs: [/run]; Kubernetes: an emptyDir volume), ' +
          'or set HELIOS_RUN_DIR to a writable folder',
      );
      expect(existsSync(sandbox.path('tmp/hook-ran'))).toBe(false);
      expect(sandbox.readEtc('passwd')).not.toContain('alice:');
      expect(readdirSync(sandbox.path('home'))).toEqual([]);
      expect(init.output()).not.toContain('starting idle');
    });
  });
});

/** The log line of a finished hook, its duration replaced by N. */
function hookLog(output: string, label: string): string | undefined {
  return output
    .split('\n')
    .find((line) => line.startsWith(`[helios-init] ${label}: done in `))
    ?.replace(/done in [0-9]+ ms/, 'done in N ms');
}

/** How often `needle` occurs in `text`. */
function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) count += 1;
  return count;
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
