import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectDesktopToneHeard, fakeMicrophone, readAudio } from '../support/audio-probe.ts';
import { launchChromium, waitForDesktopFrame } from '../support/browser.ts';
import {
  containerProcesses,
  type DesktopContainer,
  docker,
  startDesktop,
  waitForStatus,
} from '../support/container.ts';
import { eventually } from '../support/eventually.ts';
import { artifactsDir, e2eDistro, e2eImage as sharedImage } from '../support/repo.ts';

/**
 * The image under test; HELIOS_E2E_RESTRICTED_IMAGE names a tag of one's own
 * build (helios build --tag …) where several checkouts build helios:<distro>.
 */
const e2eImage = process.env.HELIOS_E2E_RESTRICTED_IMAGE ?? sharedImage;

/** Not in the image's /etc/passwd: the user entry has to come from nss_wrapper. */
const user = { name: 'ada', uid: 1234, gid: 2345 };
const home = `/home/${user.name}`;
const idleSeconds = 3;

/** The flags of the restricted-mode table in the README, without the home volume. */
const RESTRICTED = [
  '--user',
  `${user.uid}:${user.gid}`,
  '--read-only',
  '--tmpfs',
  '/tmp',
  // A tmpfs gets the mode and owner of the image's folder: /run is root's 0755.
  '--tmpfs',
  `/run:uid=${user.uid},gid=${user.gid}`,
  '--cap-drop',
  'ALL',
  '--security-opt',
  'no-new-privileges',
] as const;

describe(`restricted mode of ${e2eImage} (--user, --read-only, --cap-drop ALL, no-new-privileges)`, () => {
  let container: DesktopContainer;
  let browser: Browser;
  let page: Page;
  /** Host folders: the home volume (owned by the uid) and the idle.d hooks. */
  let hostHome: string;
  let hostHooks: string;

  beforeAll(async () => {
    hostHome = mkdtempSync(join(tmpdir(), 'helios-e2e-home-'));
    chownSync(hostHome, user.uid, user.gid);
    hostHooks = mkdtempSync(join(tmpdir(), 'helios-e2e-idle-'));
    chmodSync(hostHooks, 0o755);
    writeFileSync(
      join(hostHooks, '10-mark.sh'),
      '#!/bin/sh\necho "idle as $(id -un) uid $(id -u)" >> "$HOME/idle-hook.log"\n',
      { mode: 0o755 },
    );
    container = await startDesktop(e2eImage, { USER: user.name, IDLE_TIME: String(idleSeconds / 60) }, [
      ...RESTRICTED,
      '--volume',
      `${hostHome}:${home}`,
      '--volume',
      `${hostHooks}:/etc/helios/idle.d:ro`,
    ]);
    browser = await launchChromium({ audio: true });
  });

  afterAll(async () => {
    await browser?.close();
    await container?.remove();
    for (const folder of [hostHome, hostHooks]) if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('answers /health with 200 once the desktop is up', async () => {
    const readyMs = await waitForStatus(container, '/health', 200, 90_000);
    console.log(`e2e: restricted /health 200 after ${readyMs} ms`);
  });

  it('runs with the restrictions it was given: read-only root, no capabilities, no new privileges', async () => {
    const inspect = JSON.parse(
      await docker('inspect', '--format', '{{json .HostConfig}}', container.name),
    ) as {
      ReadonlyRootfs: boolean;
      CapDrop: string[];
      SecurityOpt: string[];
    };
    expect(inspect.ReadonlyRootfs).toBe(true);
    expect(inspect.CapDrop).toEqual(['ALL']);
    expect(inspect.SecurityOpt).toEqual(['no-new-privileges']);
    const status = await docker(
      'exec',
      container.name,
      'grep',
      '-E',
      '^(CapEff|CapBnd|NoNewPrivs)',
      '/proc/1/status',
    );
    expect(status).toMatch(/^CapEff:\s+0+$/m);
    expect(status).toMatch(/^CapBnd:\s+0+$/m);
    expect(status).toMatch(/^NoNewPrivs:\s+1$/m);
  });

  it('shows the XFCE desktop in a real browser', async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await fakeMicrophone(page, 660);
    await page.goto(container.url);
    mkdirSync(artifactsDir, { recursive: true });
    const stats = await waitForDesktopFrame(page, 45_000).finally(() =>
      page.screenshot({ path: join(artifactsDir, `restricted-${e2eDistro}.png`) }),
    );
    console.log(`e2e: restricted canvas ${stats.width}x${stats.height}, ${stats.distinctColours} colours`);
    expect(stats.distinctColours).toBeGreaterThanOrEqual(64);
  });

  it('runs every process, helios-init included, as the given uid and gid, the user named through nss_wrapper', async () => {
    const { rows, table } = await containerProcesses(container);
    for (const pattern of [
      /helios-init\.mjs/,
      /^Xvnc /,
      /^xfce4-session/,
      /^xfwm4/,
      /helios-kclient\.mjs/,
      /^pulseaudio/,
    ]) {
      expect(
        rows.find((row) => pattern.test(row.args)),
        `${pattern} in:\n${table}`,
      ).toMatchObject({
        uid: user.uid,
        gid: user.gid,
      });
    }
    expect(rows.filter((row) => row.uid === 0)).toEqual([]);
    const passwd = await docker('exec', container.name, 'head', '-n', '1', '/run/helios/passwd');
    expect(passwd).toBe(`ada:x:${user.uid}:${user.gid}:ada:${home}:/bin/bash`);
    // The session was started with nss_wrapper in its environment…
    const sessionEnv = await docker(
      'exec',
      container.name,
      'sh',
      '-c',
      'tr "\\0" "\\n" < /proc/$(pgrep -x xfce4-session)/environ',
    );
    expect(sessionEnv).toMatch(/^LD_PRELOAD=\S*libnss_wrapper\.so$/m);
    expect(sessionEnv).toMatch(/^NSS_WRAPPER_PASSWD=\/run\/helios\/passwd$/m);
    // …and with it the uid has a name (docker exec gets the same variables by hand).
    const id = await docker(
      'exec',
      ...['--env', 'LD_PRELOAD=libnss_wrapper.so', '--env', 'NSS_WRAPPER_PASSWD=/run/helios/passwd'],
      ...['--env', 'NSS_WRAPPER_GROUP=/run/helios/group', container.name, 'id'],
    );
    expect(id).toBe(`uid=${user.uid}(ada) gid=${user.gid}(ada) groups=${user.gid}(ada)`);
  });

  it('plays a tone from inside the desktop in the browser: not silence, at its frequency', async () => {
    await expect.poll(() => readAudio(page, (hook) => hook.state), { timeout: 15_000 }).toBe('on');
    await expectDesktopToneHeard(page, container.name, user.uid);
    await page.close();
  });

  it('runs the idle.d hook as the user once the desktop has been idle for IDLE_TIME', async () => {
    const log = join(hostHome, 'idle-hook.log');
    const lines = await eventually(
      () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
      (found) => found.length >= 1,
      (idleSeconds + 20) * 1000,
    );
    expect(lines[0]).toBe(`idle as ada uid ${user.uid}`);
  });

  it('keeps its state in the home volume and writes nothing else outside the tmpfs mounts', async () => {
    // PulseAudio's cookie and the gateway's HTTPS certificate.
    expect(existsSync(join(hostHome, '.config', 'pulse'))).toBe(true);
    expect(existsSync(join(hostHome, '.config', 'helios', 'tls'))).toBe(true);
    // Only the mount point Docker made for the home volume, before the root went read-only.
    const changes = (await docker('diff', container.name)).split('\n').filter(Boolean);
    expect(changes.filter((line) => !['C /home', `A ${home}`].includes(line))).toEqual([]);
  });

  it('stops within 5 s on docker stop, with exit code 0', async () => {
    const started = Date.now();
    await docker('stop', container.name);
    const stopMs = Date.now() - started;
    console.log(`e2e: restricted docker stop took ${stopMs} ms`);
    expect(stopMs).toBeLessThan(5_000);
    expect(await docker('inspect', '--format', '{{.State.ExitCode}}', container.name)).toBe('0');
  });
});

describe(`a restricted start of ${e2eImage} that cannot work`, () => {
  let container: DesktopContainer | undefined;

  afterAll(async () => {
    await container?.remove();
  });

  it('exits 4 without a writable HOME, naming the volume or tmpfs that fixes it', async () => {
    container = await startDesktop(e2eImage, { USER: user.name }, RESTRICTED);
    const { stdout: code } = await execa('docker', ['wait', container.name], { timeout: 60_000 });
    const logs = await container.logs();
    expect(code.trim(), logs).toBe('4');
    expect(logs).toContain(
      `helios-init: HELIOS_INIT_RESTRICTED_SETUP_FAILED: cannot start without root (running as uid ${user.uid}, gid ${user.gid}):`,
    );
    expect(logs).toContain(`HOME ${home} does not exist and /home is not writable by uid ${user.uid}`);
    expect(logs).toContain(`--tmpfs ${home}:uid=${user.uid},gid=${user.gid}`);
  });
});
