import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmptyDirectoryError, ReadFailedError } from './errors.ts';
import { readPackageMapSources } from './read-sources.ts';

let directory = '';
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'helios-read-sources-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('readPackageMapSources', () => {
  it('reads a single file', async () => {
    writeFileSync(join(directory, 'packages.yaml'), 'packages: []\n');
    expect(await readPackageMapSources(join(directory, 'packages.yaml'))).toEqual([
      { file: join(directory, 'packages.yaml'), text: 'packages: []\n' },
    ]);
  });

  it('reads the YAML files of a directory in name order, skipping hidden files, other files and folders', async () => {
    for (const name of ['system.yaml', 'inherit.yaml', 'B.yml', '.hidden.yaml', 'notes.txt']) {
      writeFileSync(join(directory, name), `# ${name}\n`);
    }
    mkdirSync(join(directory, 'sub.yaml'));
    const sources = await readPackageMapSources(directory);
    expect(sources.map((source) => source.file)).toEqual(
      ['B.yml', 'inherit.yaml', 'system.yaml'].map((name) => join(directory, name)),
    );
  });

  it('rejects a directory without YAML files', async () => {
    writeFileSync(join(directory, 'notes.txt'), '');
    await expect(readPackageMapSources(directory)).rejects.toThrow(EmptyDirectoryError);
    await expect(readPackageMapSources(directory)).rejects.toThrow(
      `directory "${directory}" holds no package map file: expected at least one *.yaml or *.yml file, received 1 other entries`,
    );
  });

  it('rejects a missing path, with the system error as cause', async () => {
    const missing = join(directory, 'missing.yaml');
    await expect(readPackageMapSources(missing)).rejects.toThrow(ReadFailedError);
    await expect(readPackageMapSources(missing)).rejects.toThrow(
      `cannot read package map "${missing}": expected a readable YAML file or a directory of them, received ENOENT`,
    );
  });
});
