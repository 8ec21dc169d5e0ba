import { join } from 'node:path';
import { execa } from 'execa';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, waitForDesktopFrame } from '../support/browser.ts';
import { type DesktopContainer, docker, startDesktop, waitForStatus } from '../support/container.ts';
import { eventually } from '../support/eventually.ts';
import { e2eImage, repoRoot } from '../support/repo.ts';

const childImage = `helios-e2e-child:${e2eImage.split(':')[1]}`;
const idleSeconds = 3;

async function readInContainer(container: DesktopContainer, path: string): Promise<string> {
  return docker('exec', container.name, 'cat', path).catch(() => '');
}

describe(`a child image FROM ${e2eImage}`, () => {
  let container: DesktopContainer;
  let browser: Browser;

  beforeAll(async () => {
    const build = await execa(
      'docker',
      ['build', '--network', 'host', '--build-arg', `HELIOS_IMAGE=${e2eImage}`, '-t', childImage, '.'],
      {
        cwd: join(repoRoot, 'test/fixtures/child-image'),
        env: { DOCKER_BUILDKIT: '0' },
        all: true,
        reject: false,
      },
    );
    if (build.exitCode !== 0) throw new Error(`docker build of the child image failed:\n${build.all}`);
    container = await startDesktop(childImage, {
      USER: 'lin',
      UID: '1600',
      IDLE_TIME: String(idleSeconds / 60),
      DESKTOP_FILES: '/opt/child/*.desktop',
    });
    await waitForStatus(container, '/health', 200, 60_000);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await container?.remove();
    await docker('rmi', '--force', childImage).catch(() => undefined);
  });

  it('has the package the child added', async () => {
    expect(await docker('exec', container.name, 'jq', '--version')).toMatch(/^jq-1\.\d/);
  });

  it('ran the child init.d hook as root, with the container environment', async () => {
    expect(await readInContainer(container, '/run/child/init-hook')).toBe('uid=0 user=lin');
  });

  it('links the launchers named by DESKTOP_FILES into the applications menu', async () => {
    const link = await docker(
      'exec',
      container.name,
      'readlink',
      '/usr/share/applications/child-notes.desktop',
    );
    expect(link).toBe('/opt/child/child-notes.desktop');
  });

  it('supervises the child services.d service as root and restarts it when killed', async () => {
    const first = await eventually(
      () => readInContainer(container, '/run/child/heartbeat'),
      (v) => v !== '',
      10_000,
    );
    const later = await eventually(
      () => readInContainer(container, '/run/child/heartbeat'),
      (v) => Number(v) > Number(first),
      5_000,
    );
    expect(Number(later)).toBeGreaterThan(Number(first));
    const pid = await readInContainer(container, '/run/child/heartbeat.pid');
    const table = await docker('top', container.name, '-eo', 'pid,uid,args');
    expect(table).toMatch(/\s0\s+\/bin\/sh \/etc\/helios\/services\.d\/heartbeat/);
    await docker('exec', container.name, 'kill', '-KILL', pid);
    const next = await eventually(
      () => readInContainer(container, '/run/child/heartbeat.pid'),
      (v) => v !== '' && v !== pid,
      10_000,
    );
    expect(next).not.toBe(pid);
  });

  it('runs the idle.d hook once per idle period and again only after new input', async () => {
    const lines = async () =>
      (await readInContainer(container, '/run/child/idle-hook')).split('\n').filter(Boolean);
    expect(await eventually(lines, (v) => v.length >= 1, (idleSeconds + 10) * 1000)).toHaveLength(1);
    // Two more idle periods without input: still once.
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 2 * 1000 + 500));
    expect(await lines()).toHaveLength(1);
    // Input through the browser re-arms the timer.
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    await page.goto(container.url);
    await waitForDesktopFrame(page, 30_000);
    await page.mouse.move(300, 300);
    await page.mouse.move(320, 340);
    expect(await eventually(lines, (v) => v.length >= 2, (idleSeconds + 10) * 1000)).toHaveLength(2);
  });
});
