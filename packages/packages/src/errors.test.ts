import { ReadmeTables } from '@helios/test-kit/readme-tables';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, InvalidPackageMapError, isHeliosPackagesError, UnknownKeyError } from './errors.ts';

describe('ERROR_CODES', () => {
  it('matches the error table of the README, code for code', () => {
    const readme = new ReadmeTables(new URL('../README.md', import.meta.url));
    expect(readme.errorCodes('HELIOS_PACKAGES_', 'Errors')).toEqual(Object.values(ERROR_CODES).sort());
  });

  it('is frozen, each key naming its code HELIOS_PACKAGES_<KEY>', () => {
    expect(Object.isFrozen(ERROR_CODES)).toBe(true);
    for (const [key, code] of Object.entries(ERROR_CODES)) expect(code).toBe(`HELIOS_PACKAGES_${key}`);
  });
});

describe('HeliosPackagesError', () => {
  it('says where, what, expected and received, and keeps the cause', () => {
    const cause = new Error('low level');
    const error = new UnknownKeyError('unknown top-level key "x"', {
      location: { file: 'm.yaml', line: 3, column: 1 },
      expected: 'packages or inherit',
      received: '"x"',
      cause,
    });
    expect(error.message).toBe(
      'm.yaml:3:1: unknown top-level key "x": expected packages or inherit, received "x"',
    );
    expect(error.code).toBe('HELIOS_PACKAGES_UNKNOWN_KEY');
    expect(error.name).toBe('UnknownKeyError');
    expect(error.cause).toBe(cause);
    expect(isHeliosPackagesError(error)).toBe(true);
    expect(isHeliosPackagesError(cause)).toBe(false);
  });

  it('lists every problem of an invalid map with its code, the first as cause', () => {
    const first = new UnknownKeyError('one');
    const error = new InvalidPackageMapError('m.yaml', [first, new UnknownKeyError('two')]);
    expect(error.message).toBe(
      'package map m.yaml is invalid (2 problems):\n  one [HELIOS_PACKAGES_UNKNOWN_KEY]\n  two [HELIOS_PACKAGES_UNKNOWN_KEY]',
    );
    expect(error.cause).toBe(first);
    expect(Object.isFrozen(error.problems)).toBe(true);
  });
});
