import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { distros } from '../src/distro-matrix.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

/** Every shell script of a stage: families/<manager>/build/*.sh and distros/<name>/build/*.sh. */
const stageScripts = ['families', 'distros'].flatMap((top) =>
  readdirSync(join(repoRoot, top), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const build = join(top, entry.name, 'build');
      return readdirSync(join(repoRoot, build))
        .filter((name) => name.endsWith('.sh'))
        .map((name) => join(build, name));
    }),
);

/** The lowest version an `engines.node` range of the form `>=X.Y.Z` admits. */
function enginesFloor(manifestPath: string): string {
  const range = (JSON.parse(read(manifestPath)) as { engines: { node: string } }).engines.node;
  const floor = /^>=(\d+\.\d+\.\d+)$/.exec(range)?.[1];
  if (!floor) throw new Error(`${manifestPath}: engines.node "${range}" is not ">=X.Y.Z"`);
  return floor;
}

describe('the build scripts of the distro families', () => {
  it('are one per package manager of the matrix', () => {
    const managers = [...new Set(distros.map((distro) => distro.packageManager))].sort();
    expect(
      readdirSync(join(repoRoot, 'families'))
        .filter((name) => name !== 'README.md')
        .sort(),
    ).toEqual(managers);
  });

  it.each(stageScripts)('%s is a POSIX sh script that stops at the first error', (path) => {
    expect(read(path)).toMatch(/^#!\/bin\/sh\n(#[^\n]*\n)*set -eu\n/);
  });

  it("hold Alpine's Node to the engines floor of what the image runs", () => {
    const floor = /^node_floor=(\S+)$/m.exec(read('families/apk/build/deps.sh'))?.[1];
    expect(floor).toBe(enginesFloor('packages/init/package.json'));
    expect(floor).toBe(enginesFloor('packages/kclient/package.json'));
  });
});

describe('.github/workflows/images.yml', () => {
  it('builds and tests every distro of the matrix, one job each', () => {
    const workflow = parse(read('.github/workflows/images.yml')) as {
      jobs: { e2e: { strategy: { matrix: { distro: string[] } } } };
    };
    expect(workflow.jobs.e2e.strategy.matrix.distro).toEqual(distros.map((distro) => distro.name));
  });
});
