import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ReadmeTables } from './readme-tables.ts';

const dir = mkdtempSync(join(tmpdir(), 'test-kit-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const readme = (text: string) => {
  const file = join(dir, `${Math.random()}.md`);
  writeFileSync(file, text);
  return new ReadmeTables(pathToFileURL(file));
};

describe('ReadmeTables', () => {
  const tables = readme(
    '# x\n\n## Exit codes\n\n| code | when |\n| --- | --- |\n| 0 | ok |\n| 2 | usage |\n\n' +
      '## Errors\n\n| code | when |\n| --- | --- |\n| `HELIOS_X_B` | b |\n| `HELIOS_X_A` | a |\n| `OTHER_C` | c |\n',
  );

  it('lists the documented error codes of one prefix, sorted', () => {
    expect(tables.errorCodes('HELIOS_X_')).toEqual(['HELIOS_X_A', 'HELIOS_X_B']);
    expect(tables.errorCodes('HELIOS_X_', 'Exit codes')).toEqual([]);
  });

  it('lists exit codes of one section in order', () => {
    expect(tables.exitCodes('Exit codes')).toEqual([0, 2]);
  });

  it('says which section is missing', () => {
    expect(() => tables.exitCodes('Signals')).toThrow('the README has no "## Signals" section');
  });
});
