import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distros } from '@helios/images';
import { describe, expect, it } from 'vitest';
import { readFamilyList } from './package-lists.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const packageMap = join(repoRoot, 'common', 'packages.yaml');
const indexDir = join(repoRoot, 'test', 'fixtures', 'package-index');

/**
 * Distros whose names no real package index has checked yet, and why: the
 * one place that says so. They get no check at all, never a passing one;
 * test/fixtures/package-index/README.md says how to add a fixture.
 */
const UNVERIFIED: Readonly<Record<string, string>> = Object.freeze({
  kali: "no copy of Kali's package index is reachable from here (only Debian's and Ubuntu's archives and npm)",
  'alpine-3':
    'no APKINDEX of an Alpine 3.x release is reachable from here, and the aports snapshot is too large to fetch',
  'rocky-9': "no repodata of Rocky Linux 9's BaseOS, AppStream, CRB and EPEL is reachable from here",
  'alma-9': "no repodata of AlmaLinux 9's BaseOS, AppStream, CRB and EPEL is reachable from here",
});

/** A fixture: `#` header lines saying where it came from and when, then one package name a line. */
function readIndex(distro: string): { header: string[]; names: Set<string> } {
  const lines = readFileSync(join(indexDir, `${distro}.txt`), 'utf8').split('\n');
  return {
    header: lines.filter((line) => line.startsWith('#')),
    names: new Set(lines.filter((line) => line !== '' && !line.startsWith('#'))),
  };
}

const fixtures = readdirSync(indexDir)
  .filter((name) => name.endsWith('.txt'))
  .map((name) => name.slice(0, -'.txt'.length))
  .sort();

describe('the package names of common/packages.yaml', () => {
  it('have a real index fixture for exactly the distros not listed as unverified', () => {
    const unverified = Object.keys(UNVERIFIED);
    expect(fixtures).toEqual(
      distros
        .map((d) => d.name)
        .filter((name) => !unverified.includes(name))
        .sort(),
    );
    console.warn(
      `Package names NOT checked against a real index:\n${unverified.map((d) => `  ${d}: ${UNVERIFIED[d]}`).join('\n')}`,
    );
  });

  // The unverified distros have no fixture to check against: the test above
  // asserts exactly which ones, and prints them with the reason (no silent pass).
  for (const distro of distros.filter((d) => UNVERIFIED[d.name] === undefined)) {
    it(`exist in the package index of ${distro.name} (its ${distro.family} list)`, async () => {
      expect(existsSync(join(indexDir, `${distro.name}.txt`))).toBe(true);
      const { header, names } = readIndex(distro.name);
      expect(header.join('\n'), 'the header says where the index came from and when').toMatch(
        /\d{4}-\d{2}-\d{2}/,
      );
      expect(names.size, 'a whole index, not a hand-made list').toBeGreaterThan(1000);
      const wanted = await readFamilyList(packageMap, distro.family);
      expect(wanted.filter((name) => !names.has(name))).toEqual([]);
    });
  }
});
