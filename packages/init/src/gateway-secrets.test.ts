import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readGatewaySecrets, writeGatewaySecrets } from './gateway-secrets.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'init-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('readGatewaySecrets', () => {
  it('reads values and files alike', () => {
    const file = join(dir, 'password');
    writeFileSync(file, 'from-a-mount\n', { mode: 0o400 });
    expect(
      readGatewaySecrets([
        { name: 'HELIOS_AUTH_TOKEN', source: { kind: 'value', value: 'direct' } },
        { name: 'HELIOS_AUTH_PASSWORD', source: { kind: 'file', path: file } },
      ]),
    ).toEqual([
      { name: 'HELIOS_AUTH_TOKEN', value: 'direct' },
      { name: 'HELIOS_AUTH_PASSWORD', value: 'from-a-mount\n' },
    ]);
  });

  it('names the variable and the file when the file is missing', () => {
    const missing = join(dir, 'missing');
    expect(() =>
      readGatewaySecrets([{ name: 'HELIOS_AUTH_TOKEN', source: { kind: 'file', path: missing } }]),
    ).toThrow(
      expect.objectContaining({
        code: 'HELIOS_INIT_SECRET_UNREADABLE',
        message: expect.stringMatching(
          new RegExp(`^HELIOS_AUTH_TOKEN_FILE=${missing}: cannot be read: ENOENT.*expected a readable file`),
        ),
      }),
    );
  });

  it('refuses an empty secret file and a folder', () => {
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\n');
    expect(() =>
      readGatewaySecrets([{ name: 'HELIOS_AUTH_TOKEN', source: { kind: 'file', path: empty } }]),
    ).toThrow(`HELIOS_AUTH_TOKEN_FILE=${empty}: is empty`);
    expect(() =>
      readGatewaySecrets([{ name: 'HELIOS_AUTH_TOKEN', source: { kind: 'file', path: dir } }]),
    ).toThrow(`HELIOS_AUTH_TOKEN_FILE=${dir}: is not a regular file`);
  });
});

describe('writeGatewaySecrets', () => {
  it('writes each secret for the desktop user only and returns the _FILE variables', () => {
    const target = join(dir, 'run', 'secrets');
    const owner = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
    const variables = writeGatewaySecrets([{ name: 'HELIOS_AUTH_TOKEN', value: 's3cret' }], target, owner);
    expect(variables).toEqual({ HELIOS_AUTH_TOKEN_FILE: join(target, 'helios_auth_token') });
    expect(readFileSync(join(target, 'helios_auth_token'), 'utf8')).toBe('s3cret');
    expect(statSync(target).mode & 0o777).toBe(0o700);
    expect(statSync(join(target, 'helios_auth_token')).mode & 0o777).toBe(0o400);
  });

  it('replaces a secret from an earlier start (docker restart with a new token)', () => {
    const owner = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
    writeGatewaySecrets([{ name: 'HELIOS_AUTH_TOKEN', value: 'old' }], dir, owner);
    writeGatewaySecrets([{ name: 'HELIOS_AUTH_TOKEN', value: 'new' }], dir, owner);
    expect(readFileSync(join(dir, 'helios_auth_token'), 'utf8')).toBe('new');
  });

  it('creates nothing when there is no secret', () => {
    const target = join(dir, 'none');
    expect(writeGatewaySecrets([], target, { uid: 0, gid: 0 })).toEqual({});
    expect(() => statSync(target)).toThrow();
  });

  it('reports a folder it cannot make as a runtime folder problem', () => {
    const blocker = join(dir, 'file');
    writeFileSync(blocker, '');
    expect(() =>
      writeGatewaySecrets([{ name: 'HELIOS_AUTH_TOKEN', value: 'x' }], join(blocker, 'secrets'), {
        uid: 0,
        gid: 0,
      }),
    ).toThrow(expect.objectContaining({ code: 'HELIOS_INIT_RUNTIME_DIR_FAILED' }));
  });
});
