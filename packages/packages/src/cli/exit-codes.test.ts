import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from './exit-codes.ts';
import { USAGE } from './parse-args.ts';

describe('EXIT_CODES', () => {
  it('matches the exit-code table of the README and the --help text', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('| exit code'), readme.indexOf('## Library API'));
    const documented = [...table.matchAll(/^\| (\d+) +\|/gm)].map((match) => Number(match[1]));
    expect(documented).toEqual(Object.values(EXIT_CODES));
    for (const code of Object.values(EXIT_CODES)) expect(USAGE).toMatch(new RegExp(`[ ,]${code} [a-z]`));
  });

  it('is frozen, with upper-case keys', () => {
    expect(Object.isFrozen(EXIT_CODES)).toBe(true);
    expect(Object.keys(EXIT_CODES).every((key) => /^[A-Z_]+$/.test(key))).toBe(true);
  });
});
