import { execFile, execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../src/server/gateway.ts';
import { assertBuilt, BUNDLE, CLIENT_DIR } from './support/gateway-process.ts';
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

/** SHA-256 fingerprint of the certificate a TLS server presents. */
function servedFingerprint(port: number) {
  return new Promise<string>((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerX509Certificate()?.fingerprint256 ?? '');
      socket.end();
    });
    socket.once('error', reject);
  });
}

/** Starts a gateway with HTTPS on a free port, returns the served fingerprint, closes it. */
async function fingerprintOfStart(options: { tlsDir?: string; httpsCert?: string; httpsKey?: string }) {
  const gateway = await createGateway({
    vnc: `unix:${xvnc.socket}`,
    port: 0,
    host: '127.0.0.1',
    httpsPort: 0,
    clientDir: CLIENT_DIR,
    logLevel: 'silent',
    ...options,
  });
  try {
    const { https } = await gateway.listen();
    return await servedFingerprint(https?.port ?? 0);
  } finally {
    await gateway.close();
  }
}

describe('HTTPS', () => {
  it('makes a self-signed certificate at first start and serves the same one on the next', async () => {
    const tlsDir = join(dir, 'state', 'tls');
    const first = await fingerprintOfStart({ tlsDir });
    const made = new X509Certificate(readFileSync(join(tlsDir, 'cert.pem')));
    expect(first).toBe(made.fingerprint256);
    expect(made.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(statSync(join(tlsDir, 'key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(tlsDir).mode & 0o777).toBe(0o700);
    expect(await fingerprintOfStart({ tlsDir })).toBe(first);
  });

  it('prefers a mounted certificate and leaves the TLS folder alone', async () => {
    const tlsDir = join(dir, 'unused-tls');
    const mounted = new X509Certificate(readFileSync(cert)).fingerprint256;
    expect(await fingerprintOfStart({ tlsDir, httpsCert: cert, httpsKey: key })).toBe(mounted);
    expect(existsSync(tlsDir)).toBe(false);
  });

  it('refuses a certificate it cannot read, or a key of another certificate, naming the file', async () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    await expect(fingerprintOfStart({ httpsCert: folder, httpsKey: key })).rejects.toMatchObject({
      code: 'HELIOS_KCLIENT_TLS_UNREADABLE',
      message: expect.stringMatching(`^TLS: cannot read certificate ${folder} \\(HTTPS_CERT\\): EISDIR`),
    });
    const otherKey = join(dir, 'other-key.pem');
    execFileSync('/usr/bin/openssl', [
      'genpkey',
      '-algorithm',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-out',
      otherKey,
    ]);
    await expect(fingerprintOfStart({ httpsCert: cert, httpsKey: otherKey })).rejects.toMatchObject({
      code: 'HELIOS_KCLIENT_TLS_UNREADABLE',
      message: `TLS: key ${otherKey} (HTTPS_KEY): expected the private key of ${cert}, received another key`,
    });
  });

  it('exits 1 with a clear message when openssl is missing', { timeout: 15_000 }, async () => {
    const failed = await promisify(execFile)(
      process.execPath,
      [BUNDLE, '--vnc', 'tcp:127.0.0.1:1', '--host', '127.0.0.1', '--port', '0', '--https-port', '0'],
      { env: { PATH: '/nonexistent', HELIOS_TLS_DIR: join(dir, 'no-openssl'), HELIOS_LOG_LEVEL: 'silent' } },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        `HELIOS_KCLIENT_TLS_UNREADABLE: TLS: cannot make a self-signed certificate in ${join(dir, 'no-openssl')}: "openssl" not found (install openssl, or mount a certificate with HTTPS_CERT and HTTPS_KEY)`,
      ),
    });
  });

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
