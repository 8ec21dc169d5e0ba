import { ReadmeTables } from '@helios/test-kit/readme-tables';
import { describe, expect, it } from 'vitest';
import { BuildError, CommandFailedError, ERROR_CODES } from './errors.ts';
import { EXIT_CODES } from './exit-codes.ts';

const readme = new ReadmeTables(new URL('../README.md', import.meta.url));

describe('ERROR_CODES', () => {
  it('matches the README error table, both ways', () => {
    expect(readme.errorCodes('HELIOS_BUILD_', 'Errors')).toEqual(Object.values(ERROR_CODES).sort());
  });
});

describe('EXIT_CODES', () => {
  it('matches the README exit code table', () => {
    expect(readme.exitCodes('Exit codes')).toEqual(Object.values(EXIT_CODES));
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
