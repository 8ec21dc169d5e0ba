import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WriteFailedError } from './errors.ts';
import { writeLists } from './write-lists.ts';

let directory = '';
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'helios-write-lists-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const lists = [
  { group: 'alpine', packages: ['curl'] },
  { group: 'debian', packages: ['curl', 'libva2'] },
];

describe('writeLists', () => {
  it('writes one file per list, creating the directory, and leaves no temporary file', async () => {
    const out = join(directory, 'lists', 'nested');
    const written = await writeLists(lists, out);
    expect(written).toEqual([
      { group: 'alpine', path: join(out, 'alpine.list'), count: 1 },
      { group: 'debian', path: join(out, 'debian.list'), count: 2 },
    ]);
    expect(readdirSync(out).sort()).toEqual(['alpine.list', 'debian.list']);
    expect(readFileSync(join(out, 'debian.list'), 'utf8')).toBe('curl libva2\n');
  });

  it('replaces an existing list whole', async () => {
    writeFileSync(join(directory, 'debian.list'), 'old contents that are longer than the new ones\n');
    await writeLists([{ group: 'debian', packages: ['curl'] }], directory);
    expect(readFileSync(join(directory, 'debian.list'), 'utf8')).toBe('curl\n');
  });

  it('writes the chosen format', async () => {
    await writeLists(lists, directory, { format: 'json' });
    expect(readFileSync(join(directory, 'debian.json'), 'utf8')).toBe('["curl","libva2"]\n');
  });

  it('fails with WriteFailedError when the output path is a file, cleaning up after itself', async () => {
    const file = join(directory, 'not-a-directory');
    writeFileSync(file, '');
    await expect(writeLists(lists, file)).rejects.toThrow(WriteFailedError);
    await expect(writeLists(lists, file)).rejects.toThrow(
      `cannot write "${file}": expected a writable output directory, received EEXIST`,
    );
  });

  it('fails with WriteFailedError when a list cannot be renamed into place, removing its temporary file', async () => {
    // A directory where the list file should go lets the write succeed and the rename fail.
    const blocker = join(directory, 'debian.list');
    mkdirSync(blocker);
    await expect(writeLists(lists, directory)).rejects.toThrow(
      `cannot write "${blocker}": expected a writable output directory, received EISDIR`,
    );
    expect(readdirSync(directory).sort()).toEqual(['alpine.list', 'debian.list']);
  });
});
