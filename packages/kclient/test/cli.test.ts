import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { assertBuilt, BUNDLE, CLIENT_DIR, startGatewayProcess } from './support/gateway-process.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'kclient-cli-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function exec(args: string[], env: NodeJS.ProcessEnv = {}) {
  assertBuilt();
  try {
    const { stdout, stderr } = await run(process.execPath, [BUNDLE, ...args], {
      env: { PATH: process.env.PATH, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('helios-kclient (the bundle)', () => {
  it('runs from a folder without node_modules, next to its client', async () => {
    const image = join(dir, 'opt');
    cpSync(BUNDLE, join(image, 'helios-kclient.mjs'));
    cpSync(CLIENT_DIR, join(image, 'client'), { recursive: true });
    const { code, stdout } = await exec(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const gateway = await startGatewayProcess(
      ['--vnc', 'tcp:127.0.0.1:1'],
      {},
      join(image, 'helios-kclient.mjs'),
    );
    try {
      const page = await fetch(gateway.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Helios</title>');
    } finally {
      await gateway.stop();
    }
  });

  it('exits 2 and lists every configuration problem', async () => {
    const { code, stderr } = await exec([], { HTTP_PORT: 'abc', PREFIX: 'desk top' });
    expect(code).toBe(2);
    expect(stderr).toBe(
      'helios-kclient: HELIOS_KCLIENT_CONFIG_INVALID: invalid configuration:\n' +
        '  - vnc (HELIOS_VNC / --vnc): required: expected "unix:/path/to.sock" or "tcp:HOST:PORT"\n' +
        '  - port (HTTP_PORT / --port): expected an integer from 0 to 65535, received "abc"\n' +
        '  - prefix (PREFIX / --prefix): expected a URL path such as /desktop/ (letters, digits and -._~!$&\'()*+,;=:@%), received "desk top"\n',
    );
  });

  it('reports bad flags and bad variables together', async () => {
    const { code, stderr } = await exec(['--vnc', 'tcp:h:1', '--bogus', '--port'], { PREFIX: 'desk top' });
    expect(code).toBe(2);
    expect(stderr).toBe(
      'helios-kclient: HELIOS_KCLIENT_CONFIG_INVALID: invalid configuration:\n' +
        '  - command line: unknown flag --bogus (see --help)\n' +
        '  - command line: --port needs a value (see --help)\n' +
        '  - prefix (PREFIX / --prefix): expected a URL path such as /desktop/ (letters, digits and -._~!$&\'()*+,;=:@%), received "desk top"\n',
    );
  });

  it('exits 2 on an unknown flag and on an unreadable secret file', async () => {
    expect((await exec(['--vnc', 'tcp:h:1', '--bogus'])).code).toBe(2);
    const secret = await exec(['--vnc', 'tcp:h:1'], { HELIOS_AUTH_TOKEN_FILE: '/nonexistent/token' });
    expect(secret.code).toBe(2);
    expect(secret.stderr).toMatch(
      /HELIOS_KCLIENT_SECRET_UNREADABLE: HELIOS_AUTH_TOKEN_FILE: cannot read secret file/,
    );
  });

  it('exits 1 when the port is taken', async () => {
    const first = await startGatewayProcess(['--vnc', 'tcp:127.0.0.1:1']);
    try {
      const port = new URL(first.url).port;
      const { code, stderr } = await exec([
        '--vnc',
        'tcp:127.0.0.1:1',
        '--host',
        '127.0.0.1',
        '--port',
        port,
      ]);
      expect(code).toBe(1);
      expect(stderr).toMatch(
        /HELIOS_KCLIENT_LISTEN_FAILED: cannot listen on 127.0.0.1:\d+ \(HTTP_PORT\): .*EADDRINUSE/,
      );
    } finally {
      await first.stop();
    }
  });

  it('reads a token from HELIOS_AUTH_TOKEN_FILE and exits 143 on SIGTERM', async () => {
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 's3cret\n');
    const gateway = await startGatewayProcess(['--vnc', 'tcp:127.0.0.1:1'], {
      HELIOS_AUTH_TOKEN_FILE: tokenFile,
    });
    expect((await fetch(gateway.url)).status).toBe(401);
    expect((await fetch(gateway.url, { headers: { authorization: 'Bearer s3cret' } })).status).toBe(200);
    expect(await gateway.stop('SIGTERM')).toBe(143);
  });
});
