import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, waitForDesktopFrame } from '../support/browser.ts';
import '../support/client-hook.ts';
import { type DesktopContainer, docker, startDesktop, waitForStatus } from '../support/container.ts';
import { e2eImage } from '../support/repo.ts';

const accountFiles = ['/etc/passwd', '/etc/group', '/etc/shadow', '/etc/gshadow'];

/** Waits until the page's client made a new connection (a new RFB object) and is connected. */
async function waitForReconnect(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    () => {
      const hook = window.heliosClient;
      return hook.state === 'connected' && hook.rfb !== undefined && hook.rfb !== window.heliosFirstRfb;
    },
    undefined,
    { timeout: timeoutMs, polling: 100 },
  );
}

async function rememberConnection(page: Page): Promise<void> {
  await page.waitForFunction(() => window.heliosClient.state === 'connected', undefined, { timeout: 30_000 });
  await page.evaluate(() => {
    window.heliosFirstRfb = window.heliosClient.rfb;
  });
}

describe(`supervision in ${e2eImage}`, () => {
  let container: DesktopContainer;
  let browser: Browser;
  let initStartedAt: string;

  beforeAll(async () => {
    container = await startDesktop(e2eImage, { USER: 'grace', UID: '1500', PASSWORD: 'hopper' });
    browser = await launchChromium();
    await waitForStatus(container, '/health', 200, 60_000);
    initStartedAt = await docker('inspect', '--format', '{{.State.StartedAt}}', container.name);
  });

  afterAll(async () => {
    await browser?.close();
    await container?.remove();
  });

  it('prints the service table with helios-init status, every service ready', async () => {
    const table = await docker('exec', container.name, 'helios-init', 'status');
    for (const service of ['xvnc', 'desktop', 'kclient', 'pulseaudio']) {
      expect(table).toMatch(new RegExp(`^${service}\\s+ready\\b`, 'm'));
    }
  });

  /** Opens a viewer, SIGKILLs what `pkill` matches inside, and waits for the desktop to come back. */
  async function killAndSeeDesktopAgain(pkillArgs: string[]): Promise<void> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(container.url);
    await waitForDesktopFrame(page, 30_000);
    await rememberConnection(page);
    await docker('exec', container.name, 'pkill', '-KILL', ...pkillArgs);
    await waitForReconnect(page, 30_000);
    await waitForDesktopFrame(page, 30_000);
    expect(await docker('inspect', '--format', '{{.State.StartedAt}}', container.name)).toBe(initStartedAt);
    await page.close();
  }

  it('brings the desktop back in the browser after Xvnc is killed, without restarting the container', async () => {
    await killAndSeeDesktopAgain(['-x', 'Xvnc']);
    expect(await docker('exec', container.name, 'helios-init', 'status')).toMatch(
      /^xvnc\s+ready\s+\d+\s+1\b/m,
    );
  });

  it('brings the page back after the gateway is killed, without restarting the container', async () => {
    await killAndSeeDesktopAgain(['-f', 'helios-kclient.mjs']);
    expect(await docker('exec', container.name, 'helios-init', 'status')).toMatch(
      /^kclient\s+ready\s+\d+\s+1\b/m,
    );
  });

  it('changes nothing in the account files across docker restart', async () => {
    const before = await docker('exec', container.name, 'sha256sum', ...accountFiles);
    await docker('restart', '--time', '10', container.name);
    await waitForStatus(container, '/health', 200, 60_000);
    const after = await docker('exec', container.name, 'sha256sum', ...accountFiles);
    expect(after).toBe(before);
    expect(after.split('\n')).toHaveLength(accountFiles.length);
  });
});
