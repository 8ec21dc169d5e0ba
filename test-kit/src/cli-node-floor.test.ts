import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Every published CLI starts with the same guard in its bin file: a Node below
// the package's engines floor gets a clear refusal instead of a crash deep in
// code it cannot run. Each bin is run here from a copy beside a package.json
// whose floor is above (or at) the running Node, and a dist/cli.js that says
// when it was loaded.
const packagesDir = new URL('../../packages/', import.meta.url);
const bins = readdirSync(packagesDir).flatMap((pkg) => {
  const binDir = new URL(`${pkg}/bin/`, packagesDir);
  try {
    return readdirSync(binDir).map((file) => ({ pkg, path: new URL(file, binDir).pathname }));
  } catch {
    return [];
  }
});
const scratch = mkdtempSync(join(tmpdir(), 'helios-node-floor-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runWithFloor(bin: string, floor: string) {
  const root = mkdtempSync(join(scratch, 'pkg-'));
  mkdirSync(join(root, 'bin'));
  mkdirSync(join(root, 'dist'));
  copyFileSync(bin, join(root, 'bin', 'cli.js'));
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: '@helios/probe', type: 'module', engines: { node: floor } }),
  );
  writeFileSync(join(root, 'dist', 'cli.js'), "process.stdout.write('loaded\\n');\n");
  return spawnSync(process.execPath, [join(root, 'bin', 'cli.js')], { encoding: 'utf8' });
}

describe('the bin of every CLI', () => {
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];

  it('exists for each package that has a bin folder', () => {
    expect(bins.map((bin) => bin.pkg).sort()).toEqual(['build', 'init', 'kclient', 'packages']);
  });

  it.each(bins)('$pkg refuses a Node below its engines floor, naming both versions', ({ path }) => {
    for (const floor of [`>=${major + 1}.0.0`, `>=${major}.${minor + 1}.0`]) {
      const result = runWithFloor(path, floor);
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `@helios/probe: Node ${process.versions.node} is too old; this package needs Node ${floor}. ` +
          'Install a current Node LTS (or pick one with nvm or fnm) and run it again.\n',
      );
    }
  });

  it.each(bins)('$pkg loads its CLI on a Node at or above the floor', ({ path }) => {
    for (const floor of [`>=${process.versions.node}`, `>=${major - 1}.99.99`, '>=22.12.0']) {
      const result = runWithFloor(path, floor);
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe('loaded\n');
      expect(result.status).toBe(0);
    }
  });

  it.each(bins)('$pkg keeps the floor the published package.json states', ({ pkg }) => {
    const manifest = execFileSync(process.execPath, ['-p', `require('./${pkg}/package.json').engines.node`], {
      cwd: packagesDir.pathname,
      encoding: 'utf8',
    });
    expect(manifest.trim()).toMatch(/^>=\d+\.\d+\.\d+$/);
  });
});
