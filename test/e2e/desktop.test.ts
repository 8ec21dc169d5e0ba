import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, waitForDesktopFrame } from '../src/browser.ts';
import { type DesktopContainer, docker, startDesktop, waitForStatus } from '../src/container.ts';
import { artifactsDir, e2eImage } from '../src/repo.ts';

const user = { name: 'ada', uid: 1234, gid: 2345 };

describe(`desktop image ${e2eImage}`, () => {
  let container: DesktopContainer;
  let browser: Browser;
  let readyMs = 0;

  beforeAll(async () => {
    container = await startDesktop(e2eImage, {
      USER: user.name,
      UID: String(user.uid),
      GID: String(user.gid),
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await container?.remove();
  });

  it('answers /health with 200 once the desktop is up', async () => {
    readyMs = await waitForStatus(container, '/health', 200, 60_000);
    console.log(`e2e: /health 200 after ${readyMs} ms`);
  });

  it('shows the XFCE desktop in a real browser', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(container.url);
    const stats = await waitForDesktopFrame(page, 30_000);
    console.log(`e2e: canvas ${stats.width}x${stats.height}, ${stats.distinctColours} colours`);
    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: join(artifactsDir, 'desktop.png') });
    expect(stats.distinctColours).toBeGreaterThanOrEqual(64);
    expect(stats.dominantShare).toBeLessThan(0.9);
    await page.close();
  });

  it('runs the desktop processes as the requested UID and GID', async () => {
    const table = await docker('top', container.name, '-eo', 'uid,gid,comm');
    const rows = table
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .map(([uid, gid, comm]) => ({ uid: Number(uid), gid: Number(gid), comm: comm ?? '' }));
    for (const name of ['Xvnc', 'xfce4-session', 'xfwm4']) {
      const row = rows.find((r) => r.comm === name);
      expect(row, `${name} in:\n${table}`).toBeDefined();
      expect(row).toMatchObject({ uid: user.uid, gid: user.gid });
    }
    const init = rows.find((r) => r.comm === 'node' && r.uid === 0);
    expect(init, `helios-init (node, root) in:\n${table}`).toBeDefined();
    const gateway = rows.find((r) => r.comm === 'node' && r.uid === user.uid);
    expect(gateway, `the gateway (node as ${user.uid}) in:\n${table}`).toBeDefined();
  });

  it('stops within 5 s on docker stop, with exit code 0', async () => {
    const started = Date.now();
    await docker('stop', container.name);
    const stopMs = Date.now() - started;
    console.log(`e2e: docker stop took ${stopMs} ms`);
    expect(stopMs).toBeLessThan(5_000);
    expect(await docker('inspect', '--format', '{{.State.ExitCode}}', container.name)).toBe('0');
  });
});
