import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectDesktopToneHeard, readAudio } from '../support/audio-probe.ts';
import { launchChromium } from '../support/browser.ts';
import {
  type DesktopContainer,
  freePortWithFreeNext,
  holdPort,
  startDesktop,
  waitForStatus,
} from '../support/container.ts';
import { e2eImage } from '../support/repo.ts';

/** A name that is not localhost, resolved to 127.0.0.1 by Chromium only: what a LAN browser sees. */
const HOST = 'helios.test';
const user = { name: 'lin', uid: 1600 };

/** What the page shows about HTTPS. */
function readNote(page: Page) {
  return page.evaluate(() => {
    const note = document.querySelector<HTMLElement>('#https-note');
    return {
      shown: note?.checkVisibility() ?? false,
      kind: note?.dataset.https,
      text: note?.textContent ?? '',
      link: document.querySelector('#https-note-link')?.getAttribute('href') ?? undefined,
    };
  });
}

describe(`${e2eImage} opened as http://${HOST}:PORT/ (not a secure context)`, () => {
  let container: DesktopContainer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // HTTPS_PORT unset: the image's default, HTTP_PORT + 1, is what the note must link.
    container = await startDesktop(e2eImage, { USER: user.name, UID: String(user.uid) }, [], {
      https: 'default-port',
    });
    browser = await launchChromium({ audio: true, loopbackNames: [HOST] });
    await waitForStatus(container, '/health', 200, 60_000);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`http://${HOST}:${container.port}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await container?.remove();
  });

  it('is not a secure context, and the desktop connects all the same', async () => {
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    await expect
      .poll(() => page.evaluate(() => window.heliosClient.state), { timeout: 30_000 })
      .toBe('connected');
  });

  it('plays a tone from the desktop: WebAssembly decoder, scheduled output, not silence, at its frequency', async () => {
    await expect.poll(() => readAudio(page, (hook) => hook.state), { timeout: 15_000 }).toBe('on');
    const hook = await expectDesktopToneHeard(page, container.name, user.uid);
    expect(hook).toMatchObject({ decoder: 'wasm', output: 'scheduled', mic: 'unavailable' });
    expect(hook.frames).toBeGreaterThan(20);
  });

  it('says what needs HTTPS and links the HTTPS address on HTTP_PORT + 1', async () => {
    const note = await readNote(page);
    expect(note).toMatchObject({
      shown: true,
      kind: 'link',
      link: `https://${HOST}:${container.port + 1}/`,
    });
    expect(note.text).toMatch(
      /desktop audio plays, but the microphone, automatic clipboard sync .* need HTTPS/,
    );
  });

  it('answers that link with the page, a secure context without the note (self-signed certificate accepted)', async () => {
    const link = (await readNote(page)).link ?? '';
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    try {
      const secure = await context.newPage();
      const response = await secure.goto(link);
      expect(response?.status()).toBe(200);
      expect(await secure.evaluate(() => window.isSecureContext)).toBe(true);
      expect(await secure.title()).toBe('Helios');
      await expect
        .poll(() => secure.evaluate(() => window.heliosClient.state), { timeout: 30_000 })
        .toBe('connected');
      expect((await readNote(secure)).shown).toBe(false);
    } finally {
      await context.close();
    }
  });
});

describe(`${e2eImage} with HTTPS_PORT=off, opened as http://${HOST}:PORT/`, () => {
  let container: DesktopContainer;
  let browser: Browser;

  beforeAll(async () => {
    container = await startDesktop(e2eImage, { USER: user.name, UID: String(user.uid) }, [], {
      https: 'off',
    });
    browser = await launchChromium({ loopbackNames: [HOST] });
    await waitForStatus(container, '/health', 200, 60_000);
  });

  afterAll(async () => {
    await browser?.close();
    await container?.remove();
  });

  it('says HTTPS is off, with no link', async () => {
    const page = await browser.newPage();
    await page.goto(`http://${HOST}:${container.port}/`);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    const note = await readNote(page);
    expect(note).toMatchObject({ shown: true, kind: 'off', link: undefined });
    expect(note.text).toContain('HTTPS is off on this server (HTTPS_PORT=off)');
    await page.close();
  });
});

describe(`${e2eImage} whose default HTTPS port (HTTP_PORT + 1) is taken`, () => {
  let container: DesktopContainer;
  let squatter: Awaited<ReturnType<typeof holdPort>>;
  let browser: Browser;

  beforeAll(async () => {
    const port = await freePortWithFreeNext();
    squatter = await holdPort(port + 1);
    container = await startDesktop(e2eImage, { USER: user.name, UID: String(user.uid) }, [], {
      https: 'default-port',
      port,
    });
    browser = await launchChromium({ loopbackNames: [HOST] });
    await waitForStatus(container, '/health', 200, 60_000);
  });

  afterAll(async () => {
    await browser?.close();
    await container?.remove();
    await squatter?.release();
  });

  it('keeps serving the desktop over HTTP, logs one warning, and the page says HTTPS could not start', async () => {
    const warnings = async () =>
      (await container.logs()).split('\n').filter((line) => line.includes('HTTPS not served'));
    // HTTP listens before HTTPS is tried (making the certificate takes a moment).
    await expect.poll(async () => (await warnings()).length, { timeout: 15_000 }).toBe(1);
    const [warning] = await warnings();
    expect(warning).toContain('HELIOS_KCLIENT_LISTEN_FAILED');
    expect(warning).toContain(`:${container.port + 1} (HTTPS_PORT unset, so HTTP_PORT + 1)`);
    const page = await browser.newPage();
    await page.goto(`http://${HOST}:${container.port}/`);
    await expect
      .poll(() => page.evaluate(() => window.heliosClient.state), { timeout: 30_000 })
      .toBe('connected');
    const note = await readNote(page);
    expect(note).toMatchObject({ shown: true, kind: 'failed', link: undefined });
    expect(note.text).toContain('HTTPS could not start on this server');
    expect(await warnings()).toHaveLength(1);
    await page.close();
  });
});
