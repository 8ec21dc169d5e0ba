import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, waitForDesktopFrame } from '../support/browser.ts';
import {
  containerProcesses,
  type DesktopContainer,
  docker,
  startDesktop,
  userEnv,
  waitForStatus,
} from '../support/container.ts';
import { artifactsDir, e2eDistro, e2eImage } from '../support/repo.ts';

const user = { name: 'ada', uid: 1234, gid: 2345 };

describe(`desktop image ${e2eImage}`, () => {
  let container: DesktopContainer;
  let browser: Browser;
  let readyMs = 0;

  beforeAll(async () => {
    container = await startDesktop(e2eImage, userEnv(user));
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
    mkdirSync(artifactsDir, { recursive: true });
    const stats = await waitForDesktopFrame(page, 30_000).finally(() =>
      page.screenshot({ path: join(artifactsDir, `desktop-${e2eDistro}.png`) }),
    );
    console.log(`e2e: canvas ${stats.width}x${stats.height}, ${stats.distinctColours} colours`);
    expect(stats.distinctColours).toBeGreaterThanOrEqual(64);
    expect(stats.dominantShare).toBeLessThan(0.98);
    expect(stats.topStripPanelShare).toBeGreaterThanOrEqual(0.5);
    await page.close();
  });

  it('runs the desktop processes as the requested UID and GID', async () => {
    const { rows, table } = await containerProcesses(container);
    const find = (pattern: RegExp) => rows.find((row) => pattern.test(row.args));
    for (const [what, pattern] of [
      ['Xvnc', /^Xvnc /],
      ['the XFCE session', /^xfce4-session/],
      ['the window manager', /^xfwm4/],
      ['the gateway', /helios-kclient\.mjs/],
    ] as const) {
      expect(find(pattern), `${what} in:\n${table}`).toMatchObject({ uid: user.uid, gid: user.gid });
    }
    expect(find(/helios-init\.mjs/), `helios-init in:\n${table}`).toMatchObject({ uid: 0 });
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
