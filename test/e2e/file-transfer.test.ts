import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import '../support/client-hook.ts';
import { type DesktopContainer, docker, startDesktop, userEnv, waitForStatus } from '../support/container.ts';
import { eventually } from '../support/eventually.ts';
import { e2eImage } from '../support/repo.ts';

/**
 * File transfer (docs/file-transfer.md) between Chromium and the desktop
 * user's HOME, one container per FILE_TRANSFER value: `both` with HOME on a
 * small tmpfs (so the disk can fill), `upload` with a 1 MiB limit,
 * `download`, and the default. Contents are compared by sha256 on both
 * sides; what landed is looked at inside the container.
 */

const user = { name: 'fern', uid: 1700 };
const home = `/home/${user.name}`;
const downloads = `${home}/Downloads`;
/** The tmpfs HOME of the `both` container: room for the desktop's own files and the small uploads. */
const HOME_TMPFS_MB = 48;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** sha256 of a file inside the container. */
async function containerSha256(container: DesktopContainer, path: string): Promise<string> {
  return (await docker('exec', container.name, 'sha256sum', '--', path)).split(' ')[0] ?? '';
}

/** `user:group` owning a path inside the container. */
function containerOwner(container: DesktopContainer, path: string): Promise<string> {
  return docker('exec', container.name, 'stat', '-c', '%U:%G', '--', path);
}

/** Names in a folder of the container, hidden ones included; [] when it does not exist. */
async function containerNames(container: DesktopContainer, folder: string): Promise<string[]> {
  const listing = await docker(
    'exec',
    container.name,
    'sh',
    '-c',
    `ls -A -- "${folder}" 2>/dev/null || true`,
  );
  return listing.split('\n').filter(Boolean);
}

/** Runs a shell command as the desktop user inside the container. */
function asUser(container: DesktopContainer, script: string): Promise<string> {
  return docker('exec', '--user', `${user.uid}:${user.uid}`, container.name, 'sh', '-c', script);
}

/** A request to `{prefix}files/…` without a browser, as curl would send it (no Origin). */
function filesRequest(container: DesktopContainer, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(new URL(`files/${path}`, container.url), init);
}

/**
 * The gateway's answer to a `PUT` that declares `length` bytes and sends
 * none: a file over the limit is refused on its content-length alone.
 */
function putDeclaring(
  container: DesktopContainer,
  path: string,
  length: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(`files/${path}`, container.url), {
      method: 'PUT',
      headers: { 'content-length': String(length), 'content-type': 'application/octet-stream' },
    });
    req.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body });
        req.destroy();
      });
    });
    req.on('error', reject);
    req.flushHeaders();
  });
}

/** Opens the page and waits for the client to be mounted (the toolbar handle exists). */
async function openPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  await page.goto(url);
  await page.waitForSelector('#toolbar-toggle', { state: 'attached' });
  return page;
}

/** The way a user gets there: the toolbar's handle, then its Files button. */
async function openFilesPanel(page: Page): Promise<void> {
  await page.click('#toolbar-toggle');
  await page.click('#files-toggle');
  await page.waitForSelector('#files-panel', { state: 'visible' });
}

/**
 * Drops a file on the desktop the way a browser does for a drag from the
 * file manager: dragenter, dragover, drop, carrying a DataTransfer with the
 * file. Returns the drop hint's text as it showed during the drag.
 */
function dropFile(page: Page, name: string, bytes: Uint8Array): Promise<string | null> {
  return page.evaluate(
    ({ name, base64 }) => {
      const data = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], name));
      const target = document.querySelector('#screen canvas') ?? document.getElementById('screen');
      if (target === null) throw new Error('no #screen on the page');
      const fire = (type: string) =>
        target.dispatchEvent(
          new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }),
        );
      fire('dragenter');
      fire('dragover');
      const hint = document.getElementById('files-drop-hint');
      const shown = hint !== null && !hint.hidden ? hint.textContent : null;
      fire('drop');
      return shown;
    },
    { name, base64: Buffer.from(bytes).toString('base64') },
  );
}

/** The upload row of `name` once it has finished: its state, the gateway's code and the text shown. */
async function finishedUpload(page: Page, name: string) {
  const row = page.locator('.files-upload', {
    has: page.locator('.files-upload-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }),
  });
  await row
    .and(page.locator('[data-state="done"], [data-state="failed"], [data-state="cancelled"]'))
    .waitFor({
      timeout: 30_000,
    });
  return {
    state: await row.getAttribute('data-state'),
    code: await row.getAttribute('data-code'),
    text: (await row.locator('.files-upload-status').textContent()) ?? '',
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether the page offers any file control at all. */
function fileControls(page: Page): Promise<number> {
  return page.locator('#files-toggle, #files-panel, #files-drop-hint, #files-input').count();
}

describe(`file transfer on ${e2eImage}`, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'helios-e2e-files-'));
  let browser: Browser;
  /** FILE_TRANSFER=both, HOME on a tmpfs of HOME_TMPFS_MB. */
  let both: DesktopContainer;
  /** FILE_TRANSFER=upload, FILE_TRANSFER_MAX_MB=1. */
  let upload: DesktopContainer;
  /** FILE_TRANSFER=download. */
  let download: DesktopContainer;
  /** No FILE_TRANSFER: the default. */
  let off: DesktopContainer;

  beforeAll(async () => {
    const env = userEnv(user);
    // One after the other (each picks its free ports), then they boot together.
    both = await startDesktop(e2eImage, { ...env, FILE_TRANSFER: 'both' }, [
      '--tmpfs',
      `${home}:size=${HOME_TMPFS_MB}m,uid=${user.uid},gid=${user.uid},mode=0755`,
    ]);
    upload = await startDesktop(e2eImage, { ...env, FILE_TRANSFER: 'upload', FILE_TRANSFER_MAX_MB: '1' });
    download = await startDesktop(e2eImage, { ...env, FILE_TRANSFER: 'download' });
    off = await startDesktop(e2eImage, env);
    browser = await launchChromium();
    await Promise.all(
      [both, upload, download, off].map((container) => waitForStatus(container, '/', 200, 90_000)),
    );
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([both, upload, download, off].map((container) => container?.remove()));
    rmSync(scratch, { recursive: true, force: true });
  });

  describe('FILE_TRANSFER=both', () => {
    let page: Page;

    beforeAll(async () => {
      page = await openPage(browser, both.url);
      await openFilesPanel(page);
    });

    afterAll(async () => {
      await page?.close();
    });

    it("uploads by the picker into ~/Downloads, owned by the desktop user, same sha256; a second copy becomes 'name (1).ext'", async () => {
      const bytes = randomBytes(300_000);
      const file = join(scratch, 'picked report.pdf');
      writeFileSync(file, bytes);
      await page.setInputFiles('#files-input', file);
      expect(await finishedUpload(page, 'picked report.pdf')).toMatchObject({ state: 'done', code: null });
      expect(await containerOwner(both, `${downloads}/picked report.pdf`)).toBe(`${user.name}:${user.name}`);
      expect(await containerSha256(both, `${downloads}/picked report.pdf`)).toBe(sha256(bytes));

      const second = randomBytes(1000);
      writeFileSync(file, second);
      await page.setInputFiles('#files-input', file);
      expect((await finishedUpload(page, 'picked report (1).pdf')).state).toBe('done');
      expect(await containerSha256(both, `${downloads}/picked report (1).pdf`)).toBe(sha256(second));
      expect(await containerSha256(both, `${downloads}/picked report.pdf`)).toBe(sha256(bytes));
      // The listing of ~/Downloads shows both.
      await page.locator('#files-list a', { hasText: 'picked report (1).pdf' }).waitFor();
    });

    it('uploads a file dropped anywhere on the page, with a drop hint while it is dragged over', async () => {
      const bytes = randomBytes(200_000);
      const hint = await dropFile(page, 'dropped café.bin', bytes);
      expect(hint).toBe('Drop to upload to ~/Downloads');
      expect((await finishedUpload(page, 'dropped café.bin')).state).toBe('done');
      expect(await containerSha256(both, `${downloads}/dropped café.bin`)).toBe(sha256(bytes));
      expect(await containerOwner(both, `${downloads}/dropped café.bin`)).toBe(`${user.name}:${user.name}`);
      expect(await page.locator('#files-drop-hint').isHidden()).toBe(true);
    });

    it('saves a file of the desktop to the browser from the listing, same sha256, and browses folders inside HOME only', async () => {
      await asUser(
        both,
        `mkdir -p ${downloads}/sub && head -c 1500000 /dev/urandom > ${downloads}/from-desktop.bin && echo inner > ${downloads}/sub/inner.txt`,
      );
      const expected = await containerSha256(both, `${downloads}/from-desktop.bin`);
      await page.click('#files-refresh');
      const link = page.locator('#files-list a', { hasText: 'from-desktop.bin' });
      const [saved] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(saved.suggestedFilename()).toBe('from-desktop.bin');
      expect(sha256(readFileSync(await saved.path()))).toBe(expected);

      await page.locator('#files-list .files-dir', { hasText: 'sub' }).click();
      await page.locator('#files-list a', { hasText: 'inner.txt' }).waitFor();
      expect(await page.locator('#files-crumbs .files-crumb').allTextContents()).toEqual([
        'Home',
        'Downloads',
        'sub',
      ]);
      // Home is the first step: nothing above it.
      await page.locator('#files-crumbs .files-crumb', { hasText: 'Home' }).click();
      await page.locator('#files-list .files-dir', { hasText: 'Downloads' }).waitFor();
      expect(await page.locator('#files-crumbs .files-crumb').allTextContents()).toEqual(['Home']);
      await page.locator('#files-list .files-dir', { hasText: 'Downloads' }).click();
      await page.locator('#files-list a', { hasText: 'from-desktop.bin' }).waitFor();
    });

    it('cancels a slow upload and leaves nothing of it behind', async () => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
      // 1 MiB/s up: the 8 MiB file takes long enough to cancel by hand.
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: 1024 * 1024,
      });
      try {
        const file = join(scratch, 'slow.bin');
        writeFileSync(file, randomBytes(8 * 1024 * 1024));
        await page.setInputFiles('#files-input', file);
        const row = page.locator('.files-upload[data-state="sending"]', { hasText: 'slow.bin' });
        await row.locator('.files-upload-status', { hasText: /^[1-9].* of 8 MiB/ }).waitFor();
        await row.locator('.files-upload-cancel').click();
        expect(await finishedUpload(page, 'slow.bin')).toMatchObject({
          state: 'cancelled',
          text: 'Cancelled',
        });
      } finally {
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: 0,
          downloadThroughput: -1,
          uploadThroughput: -1,
        });
        await cdp.detach();
      }
      const names = await eventually(
        () => containerNames(both, downloads),
        (found) => !found.some((name) => name.includes('slow') || name.startsWith('.')),
        5_000,
      );
      expect(names.filter((name) => name.includes('slow') || name.startsWith('.'))).toEqual([]);
    });

    it("shows the gateway's disk-full message when HOME fills up, and leaves no partial file", async () => {
      const file = join(scratch, 'bigger-than-home.bin');
      writeFileSync(file, randomBytes((HOME_TMPFS_MB + 16) * 1024 * 1024));
      await page.setInputFiles('#files-input', file);
      const result = await finishedUpload(page, 'bigger-than-home.bin');
      expect(result).toMatchObject({ state: 'failed', code: 'HELIOS_KCLIENT_FILES_DISK_FULL' });
      expect(result.text.length).toBeGreaterThan(10);
      expect(
        await page.locator('.files-upload[data-state="failed"] .files-upload-status').first().isVisible(),
      ).toBe(true);
      const names = await eventually(
        () => containerNames(both, downloads),
        (found) => !found.some((name) => name.includes('bigger') || name.startsWith('.')),
        5_000,
      );
      expect(names.filter((name) => name.includes('bigger') || name.startsWith('.'))).toEqual([]);
      // The space came back: a small upload still works.
      const bytes = randomBytes(10_000);
      await dropFile(page, 'after-full.txt', bytes);
      expect((await finishedUpload(page, 'after-full.txt')).state).toBe('done');
      expect(await containerSha256(both, `${downloads}/after-full.txt`)).toBe(sha256(bytes));
    });

    it('keeps keys typed in the panel out of the desktop, and gives them back when it closes', async () => {
      await page.waitForFunction(() => window.heliosClient.state === 'connected', undefined, {
        timeout: 60_000,
      });
      // Counts what the page hands noVNC to send to the desktop.
      await page.evaluate(() => {
        const rfb = window.heliosClient.rfb as { sendKey(...args: unknown[]): void };
        const send = rfb.sendKey.bind(rfb);
        const counter = window as unknown as { sentKeys: number };
        counter.sentKeys = 0;
        rfb.sendKey = (...args) => {
          counter.sentKeys += 1;
          send(...args);
        };
      });
      const sentKeys = () => page.evaluate(() => (window as unknown as { sentKeys: number }).sentKeys);
      await openFilesPanel(page);
      await page.keyboard.type('ls');
      await page.keyboard.press('Backspace');
      expect(await sentKeys()).toBe(0);
      await page.keyboard.press('Escape');
      expect(await page.locator('#files-panel').isHidden()).toBe(true);
      await page.keyboard.type('x');
      expect(await sentKeys()).toBeGreaterThan(0);
      await openFilesPanel(page);
    });

    it('offers nothing on the view-only page of the same gateway', async () => {
      const viewOnly = await openPage(browser, new URL('view-only/', both.url).href);
      expect(await fileControls(viewOnly)).toBe(0);
      await viewOnly.close();
    });
  });

  describe('FILE_TRANSFER=upload, FILE_TRANSFER_MAX_MB=1', () => {
    it("uploads to ~/Downloads, lists nothing, and shows the gateway's message for a file over the limit", async () => {
      const page = await openPage(browser, upload.url);
      await openFilesPanel(page);
      expect(await page.locator('#files-browser').count()).toBe(0);
      expect(await page.locator('#files-upload .files-hint').textContent()).toContain('~/Downloads');

      const small = randomBytes(50_000);
      writeFileSync(join(scratch, 'small.txt'), small);
      await page.setInputFiles('#files-input', join(scratch, 'small.txt'));
      expect((await finishedUpload(page, 'small.txt')).state).toBe('done');
      expect(await containerSha256(upload, `${downloads}/small.txt`)).toBe(sha256(small));
      expect(await containerOwner(upload, `${downloads}/small.txt`)).toBe(`${user.name}:${user.name}`);

      const big = randomBytes(2 * 1024 * 1024);
      writeFileSync(join(scratch, 'big.bin'), big);
      await page.setInputFiles('#files-input', join(scratch, 'big.bin'));
      const refused = await finishedUpload(page, 'big.bin');
      // The same request without the page gets the same words from the gateway.
      const direct = await putDeclaring(upload, 'Downloads/big.bin', big.length);
      expect(direct.status).toBe(413);
      const body = JSON.parse(direct.body) as { code: string; message: string };
      expect(refused).toEqual({
        state: 'failed',
        code: 'HELIOS_KCLIENT_FILES_TOO_LARGE',
        text: body.message,
      });
      expect(await containerNames(upload, downloads)).toEqual(['small.txt']);

      expect((await filesRequest(upload, '')).status).toBe(403);
      expect((await filesRequest(upload, 'Downloads/small.txt')).status).toBe(403);
      await page.close();
    });
  });

  describe('FILE_TRANSFER=download', () => {
    it('lists and serves files, refuses uploads, and says so when files are dropped on the page', async () => {
      await asUser(
        download,
        `mkdir -p ${downloads} && head -c 100000 /dev/urandom > ${downloads}/report.bin`,
      );
      const expected = await containerSha256(download, `${downloads}/report.bin`);
      const page = await openPage(browser, download.url);
      await openFilesPanel(page);
      expect(await page.locator('#files-input, #files-pick').count()).toBe(0);
      const [saved] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('#files-list a', { hasText: 'report.bin' }).click(),
      ]);
      expect(sha256(readFileSync(await saved.path()))).toBe(expected);

      const hint = await dropFile(page, 'not-allowed.txt', randomBytes(100));
      expect(hint).toBe('Uploads are off on this desktop');
      await expect
        .poll(() => page.locator('#files-message').textContent())
        .toContain('FILE_TRANSFER=download');
      const put = await filesRequest(download, 'Downloads/not-allowed.txt', { method: 'PUT', body: 'x' });
      expect(put.status).toBe(403);
      expect(await containerNames(download, downloads)).toEqual(['report.bin']);
      await page.close();
    });
  });

  describe('FILE_TRANSFER unset (the default)', () => {
    it('shows no file control, refuses every file request with 403 and writes nothing', async () => {
      const page = await openPage(browser, off.url);
      expect(await fileControls(page)).toBe(0);
      await page.close();

      await asUser(off, `mkdir -p ${downloads} && echo secret > ${downloads}/kept.txt`);
      for (const request of [
        filesRequest(off, ''),
        filesRequest(off, 'Downloads/'),
        filesRequest(off, 'Downloads/kept.txt'),
        filesRequest(off, 'Downloads/new.txt', { method: 'PUT', body: 'hello' }),
        filesRequest(off, 'new.txt', { method: 'PUT', body: 'hello' }),
      ]) {
        const response = await request;
        expect(response.status).toBe(403);
        expect(((await response.json()) as { code: string }).code).toBe('HELIOS_KCLIENT_FILES_OFF');
      }
      expect(await containerNames(off, downloads)).toEqual(['kept.txt']);
      expect(await containerNames(off, home)).not.toContain('new.txt');
    });
  });
});
