import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BuildError, CommandFailedError, ERROR_CODES } from './errors.ts';
import { EXIT_CODES } from './exit-codes.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
/** The README section under `heading`, up to the next `## `. */
const section = (heading: string) => readme.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';

describe('ERROR_CODES', () => {
  it('matches the README error table, both ways', () => {
    const documented = [...section('Errors').matchAll(/^\| `(HELIOS_BUILD_[A-Z_]+)` +\|/gm)].map(
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
});

describe('BuildError', () => {
  it('keeps its code, name and cause', () => {
    const cause = new Error('inner');
    const error = new BuildError(ERROR_CODES.NO_DOCKER, 'outer', { cause });
    expect([error.code, error.name, error.message, error.cause]).toEqual([
      'HELIOS_BUILD_NO_DOCKER',
      'BuildError',
      'outer',
      cause,
    ]);
  });

  it('names a failed command and its exit code', () => {
    const error = new CommandFailedError('docker run x', 125, '"docker run x" exited with code 125.');
    expect(error).toBeInstanceOf(BuildError);
    expect([error.code, error.name, error.command, error.exitCode]).toEqual([
      'HELIOS_BUILD_COMMAND_FAILED',
      'CommandFailedError',
      'docker run x',
      125,
    ]);
  });
});
