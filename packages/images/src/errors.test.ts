import { ReadmeTables } from '@helios/test-kit/readme-tables';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ImagesError } from './errors.ts';

describe('ERROR_CODES', () => {
  it('matches the README error table, both ways', () => {
    const readme = new ReadmeTables(new URL('../README.md', import.meta.url));
    expect(readme.errorCodes('HELIOS_IMAGES_')).toEqual(Object.values(ERROR_CODES).sort());
  });
});

describe('ImagesError', () => {
  it('keeps its code, name and cause', () => {
    const cause = new Error('inner');
    const error = new ImagesError(ERROR_CODES.BAD_VERSION, 'outer', { cause });
    expect([error.code, error.name, error.message, error.cause]).toEqual([
      'HELIOS_IMAGES_BAD_VERSION',
      'ImagesError',
      'outer',
      cause,
    ]);
    expect(error).toBeInstanceOf(Error);
  });
});
