import { ReadmeTables } from '@helios/test-kit/readme-tables';
import { describe, expect, it } from 'vitest';
import { EnvError, ERROR_CODES, InitError, ServiceFailedError } from './errors.ts';
import { EXIT_CODES, exitCodeForError, exitCodeForSignal } from './exit-codes.ts';

const readme = new ReadmeTables(new URL('../README.md', import.meta.url));

describe('ERROR_CODES', () => {
  it('matches the README error table, both ways', () => {
    expect(readme.errorCodes('HELIOS_INIT_', 'Error codes')).toEqual(Object.values(ERROR_CODES).sort());
  });
});

describe('EXIT_CODES', () => {
  it('matches the README exit code table', () => {
    expect(readme.exitCodes('Exit codes')).toEqual(Object.values(EXIT_CODES));
  });

  it('maps each error to its exit code', () => {
    expect(exitCodeForError(new EnvError(['x']))).toBe(2);
    expect(exitCodeForError(new ServiceFailedError('xvnc', 'boom'))).toBe(5);
    expect(exitCodeForError(new Error('bug'))).toBe(1);
  });

  it('maps death by signal N to 128+N', () => {
    expect(exitCodeForSignal('SIGTERM')).toBe(143);
    expect(exitCodeForSignal('SIGINT')).toBe(130);
  });
});

describe('InitError', () => {
  it('keeps its code, name and cause', () => {
    const cause = new Error('inner');
    const error = new InitError(ERROR_CODES.USER_SETUP_FAILED, 'outer', { cause });
    expect([error.code, error.name, error.cause]).toEqual([
      'HELIOS_INIT_USER_SETUP_FAILED',
      'InitError',
      cause,
    ]);
    expect(new EnvError(['USER: bad']).message).toBe('invalid environment:\n  - USER: bad');
  });
});
