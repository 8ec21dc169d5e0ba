import { launchChromium } from '@helios/test-kit/chromium';
import { dominantHz, rmsOf } from '@helios/test-kit/tone';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectDesktopToneHeard,
  fakeMicrophone,
  readAudio,
  recordInContainer,
} from '../support/audio-probe.ts';
import { type DesktopContainer, docker, startDesktop, waitForStatus } from '../support/container.ts';
import { e2eImage } from '../support/repo.ts';

const user = { name: 'nina', uid: 1500 };

describe(`desktop audio in ${e2eImage}`, () => {
  let container: DesktopContainer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    container = await startDesktop(e2eImage, { USER: user.name, UID: String(user.uid) });
    browser = await launchChromium({ audio: true });
    await waitForStatus(container, '/health', 200, 60_000);
  });

  afterAll(async () => {
    await browser?.close();
    await container?.remove();
  });

  it('uses the helios sink as default output and the virtual microphone as default input', async () => {
    const info = await docker(
      'exec',
      '-u',
      String(user.uid),
      '-e',
      `XDG_RUNTIME_DIR=/run/user/${user.uid}`,
      container.name,
      'pactl',
      'info',
    );
    expect(info).toMatch(/^Default Sink: helios$/m);
    expect(info).toMatch(/^Default Source: helios_mic_source$/m);
  });

  it('plays a tone from inside the desktop in the browser: not silence, at its frequency', async () => {
    page = await browser.newPage();
    await fakeMicrophone(page, 660);
    await page.goto(container.url);
    await expect.poll(() => readAudio(page, (hook) => hook.state), { timeout: 15_000 }).toBe('on');
    await expectDesktopToneHeard(page, container.name, user.uid);
  });

  it('sends the browser microphone into the desktop: parec inside records its 660 Hz tone', async () => {
    await readAudio(page, (hook) => hook.setMic(true));
    await expect.poll(() => readAudio(page, (hook) => hook.mic), { timeout: 8000 }).toBe('on');
    const recorded = await recordInContainer(container.name, user.uid, 2);
    const tail = recorded.subarray(Math.floor(recorded.length / 3));
    expect(rmsOf(tail)).toBeGreaterThan(1000);
    expect(dominantHz(tail)).toBeGreaterThan(645);
    expect(dominantHz(tail)).toBeLessThan(675);
    await page.close();
  });
});
