import { ReadmeTables } from '@helios/test-kit/readme-tables';
import { describe, expect, it } from 'vitest';
import { ConfigError, ERROR_CODES, SecretFileError } from './errors.ts';

describe('errors', () => {
  it('README documents exactly the codes the package throws', () => {
    const readme = new ReadmeTables(new URL('../../README.md', import.meta.url));
    expect(readme.errorCodes('HELIOS_KCLIENT_', 'Error codes')).toEqual(Object.values(ERROR_CODES).sort());
  });

  it('a secret file error names the variable, the path and the cause', () => {
    const cause = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    const error = new SecretFileError('HELIOS_AUTH_TOKEN_FILE', '/run/secrets/token', cause);
    expect(error.message).toBe(
      'HELIOS_AUTH_TOKEN_FILE: cannot read secret file /run/secrets/token (expected a readable file): ENOENT: no such file',
    );
    expect(error.cause).toBe(cause);
    expect(error.code).toBe('HELIOS_KCLIENT_SECRET_UNREADABLE');
  });

  it('a config error lists every issue', () => {
    expect(new ConfigError(['a: x', 'b: y']).message).toBe('invalid configuration:\n  - a: x\n  - b: y');
  });
});
