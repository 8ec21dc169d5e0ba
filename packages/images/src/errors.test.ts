import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ImagesError } from './errors.ts';

describe('ERROR_CODES', () => {
  it('matches the README error table, both ways', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const documented = [...readme.matchAll(/^\| `(HELIOS_IMAGES_[A-Z_]+)` +\|/gm)].map((match) => match[1]);
    expect(documented.sort()).toEqual(Object.values(ERROR_CODES).sort());
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
