import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EnvError, ERROR_CODES, InitError, ServiceFailedError } from './errors.ts';
import { EXIT_CODES, exitCodeForError, exitCodeForSignal } from './exit-codes.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
/** The README section under `heading`, up to the next `## `. */
const section = (heading: string) => readme.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';

describe('ERROR_CODES', () => {
  it('matches the README error table, both ways', () => {
    const documented = [...section('Error codes').matchAll(/^\| `(HELIOS_INIT_[A-Z_]+)`/gm)].map(
      (match) => match[1],
    );
    expect(documented.sort()).toEqual(Object.values(ERROR_CODES).sort());
  });
});

describe('EXIT_CODES', () => {
  it('matches the README exit code table', () => {
    const documented = [...section('Exit codes').matchAll(/^\| ([0-9]+) +\|/gm)].map((match) =>
      Number(match[1]),
    );
    expect(documented).toEqual(Object.values(EXIT_CODES));
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
