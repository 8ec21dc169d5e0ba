import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../src/gateway.ts';
import { assertBuilt, CLIENT_DIR } from './support/gateway-process.ts';
import { connectRfb } from './support/rfb-client.ts';
import { startXvnc, type XvncServer } from './support/xvnc.ts';

const dir = mkdtempSync(join(tmpdir(), 'kclient-tls-'));
const cert = join(dir, 'cert.pem');
const key = join(dir, 'key.pem');
let xvnc: XvncServer;

beforeAll(async () => {
  assertBuilt();
  if (!existsSync('/usr/bin/openssl')) throw new Error('openssl not found: apt-get install openssl');
  execFileSync('/usr/bin/openssl', [
    ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'],
    ...['-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1'],
  ]);
  xvnc = await startXvnc('640x480');
});

afterAll(async () => {
  await xvnc?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function httpsStatus(url: string) {
  return new Promise<number>((resolve, reject) => {
    get(url, { rejectUnauthorized: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).once('error', reject);
  });
}

describe('HTTPS', () => {
  it('serves the page over HTTPS and the bridge over WSS, next to plain HTTP', async () => {
    const gateway = await createGateway({
      vnc: `unix:${xvnc.socket}`,
      port: 0,
      host: '127.0.0.1',
      httpsPort: 0,
      httpsCert: cert,
      httpsKey: key,
      clientDir: CLIENT_DIR,
      logLevel: 'silent',
    });
    try {
      const { http, https } = await gateway.listen();
      expect(https?.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
      expect(await httpsStatus(`${https?.url}`)).toBe(200);
      expect((await fetch(http.url)).status).toBe(200);
      const client = await connectRfb(`wss://127.0.0.1:${https?.port}/websockify`, {
        tls: { rejectUnauthorized: false },
      });
      expect(client.width).toBe(640);
      client.close();
    } finally {
      await gateway.close();
    }
  });

  it('refuses a certificate that is not PEM, naming the file', async () => {
    const bad = join(dir, 'bad.pem');
    writeFileSync(bad, 'nope');
    const gateway = await createGateway({
      vnc: `unix:${xvnc.socket}`,
      port: 0,
      host: '127.0.0.1',
      httpsPort: 0,
      httpsCert: bad,
      httpsKey: key,
      clientDir: CLIENT_DIR,
      logLevel: 'silent',
    });
    await expect(gateway.listen()).rejects.toMatchObject({
      code: 'HELIOS_KCLIENT_TLS_UNREADABLE',
      message: expect.stringContaining(`certificate ${bad}`),
    });
    await gateway.close();
  });
});
