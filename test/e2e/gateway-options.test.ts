import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, waitForDesktopFrame } from '../support/browser.ts';
import '../support/client-hook.ts';
import { type DesktopContainer, docker, startDesktop, waitForStatus } from '../support/container.ts';
import { e2eImage } from '../support/repo.ts';

/** Status of a WebSocket upgrade request (101 when accepted), without a WebSocket library. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        ...headers,
      },
    });
    req.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve(response.statusCode ?? 0);
    });
    req.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Every process in the container whose environment holds `secret`, except
 * PID 1 (helios-init must read it; its environ is root's only). The scanning
 * shell is run with the secret variable blanked: `docker exec` would
 * otherwise hand it the container's configured environment.
 */
async function processesHolding(container: DesktopContainer, secret: string, blank: string): Promise<string> {
  const script =
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
    'for f in /proc/[0-9]*/environ; do p=${f#/proc/}; p=${p%/environ}; ' +
    '[ "$p" = 1 ] && continue; [ "$p" = $$ ] && continue; ' +
    'if tr "\\0" "\\n" < "$f" 2>/dev/null | grep -qF -- "$SECRET"; then echo "$p $(tr "\\0" " " < /proc/$p/cmdline)"; fi; done';
  return docker(
    'exec',
    '--env',
    `${blank}=`,
    '--env',
    `SECRET=${secret}`,
    container.name,
    'sh',
    '-c',
    script,
  );
}

describe(`gateway options set on ${e2eImage}`, () => {
  const token = `tok-${randomBytes(12).toString('hex')}`;
  let container: DesktopContainer;
  let browser: Browser;

  beforeAll(async () => {
    container = await startDesktop(e2eImage, {
      USER: 'ada',
      UID: '1400',
      HELIOS_AUTH_TOKEN: token,
      HELIOS_ALLOWED_ORIGINS: 'https://portal.example',
      HELIOS_VIEW_ONLY: 'true',
    });
    browser = await launchChromium();
    await waitForStatus(container, '/health', 200, 60_000);
  });

  afterAll(async () => {
    await browser?.close();
    await container?.remove();
  });

  it('HELIOS_AUTH_TOKEN: the page answers 401 without the token and 200 with it; /health stays open', async () => {
    expect((await fetch(container.url)).status).toBe(401);
    expect((await fetch(`${container.url}?token=wrong`)).status).toBe(401);
    const bearer = await fetch(container.url, { headers: { Authorization: `Bearer ${token}` } });
    expect(bearer.status).toBe(200);
    expect((await fetch(new URL('/health', container.url))).status).toBe(200);
    expect(await upgradeStatus(new URL('websockify', container.url).href, {})).toBe(401);
  });

  it('HELIOS_ALLOWED_ORIGINS: an allowed extra origin may open the WebSocket, another may not', async () => {
    const auth = { Authorization: `Bearer ${token}`, 'Sec-WebSocket-Protocol': 'binary' };
    const websockify = new URL('websockify', container.url).href;
    expect(await upgradeStatus(websockify, { ...auth, Origin: 'https://portal.example' })).toBe(101);
    expect(await upgradeStatus(websockify, { ...auth, Origin: 'https://evil.example' })).toBe(403);
  });

  it('HELIOS_VIEW_ONLY: the main page shows the desktop in a browser (token from ?token=) but view-only', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${container.url}?token=${token}`);
    await waitForDesktopFrame(page, 30_000);
    expect(await page.evaluate(() => window.heliosClient.viewOnly)).toBe(true);
    await page.close();
  });

  it("keeps the token out of every other process's environment and out of the logs", async () => {
    expect(await processesHolding(container, token, 'HELIOS_AUTH_TOKEN')).toBe('');
    expect(await container.logs()).not.toContain(token);
    // The gateway reads it from a file only the desktop user can read.
    const owner = await docker(
      'exec',
      container.name,
      'stat',
      '-c',
      '%U %a',
      '/run/user/1400/secrets/helios_auth_token',
    );
    expect(owner).toBe('ada 400');
  });
});

describe(`basic auth from a root-only secret file on ${e2eImage}`, () => {
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const scratch = mkdtempSync(join(tmpdir(), 'helios-e2e-secret-'));
  let container: DesktopContainer;

  beforeAll(async () => {
    const file = join(scratch, 'password');
    writeFileSync(file, `${password}\n`);
    // As Kubernetes mounts it with defaultMode 0400: only root (helios-init) can read it.
    chmodSync(file, 0o400);
    container = await startDesktop(
      e2eImage,
      {
        USER: 'ada',
        UID: '1400',
        HELIOS_AUTH_USER: 'ops',
        HELIOS_AUTH_PASSWORD_FILE: '/run/secrets/helios/password',
      },
      ['--volume', `${file}:/run/secrets/helios/password:ro`],
    );
    await waitForStatus(container, '/health', 200, 60_000);
  });

  afterAll(async () => {
    await container?.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('asks for basic credentials, refuses wrong ones and accepts the mounted password', async () => {
    const basic = (user: string, secret: string) => ({
      Authorization: `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`,
    });
    const none = await fetch(container.url);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm="Helios"/);
    expect((await fetch(container.url, { headers: basic('ops', 'wrong') })).status).toBe(401);
    expect((await fetch(container.url, { headers: basic('ops', password) })).status).toBe(200);
    expect(await processesHolding(container, password, 'HELIOS_AUTH_PASSWORD')).toBe('');
  });
});

describe(`a broken secret mount on ${e2eImage}`, () => {
  it('stops the container at once with exit 2, naming the variable and the file', async () => {
    const name = `helios-e2e-badsecret-${process.pid}`;
    const env = ['USER=ada', 'UID=1400', 'HELIOS_AUTH_TOKEN_FILE=/run/secrets/missing'];
    const result = await execa(
      'docker',
      ['run', '--rm', '--name', name, '--network', 'host', ...env.flatMap((e) => ['--env', e]), e2eImage],
      { timeout: 60_000, reject: false },
    ).finally(() => execa('docker', ['rm', '--force', name], { reject: false }));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      'HELIOS_INIT_SECRET_UNREADABLE: HELIOS_AUTH_TOKEN_FILE=/run/secrets/missing: cannot be read',
    );
  });
});
