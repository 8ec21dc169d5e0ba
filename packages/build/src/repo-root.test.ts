import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findRepoRoot } from './repo-root.ts';

const scratch = mkdtempSync(join(tmpdir(), 'helios-repo-root-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder laid out like a repository root (or like the assets of @helios/images). */
function heliosRoot(name: string): string {
  const root = join(scratch, name);
  mkdirSync(join(root, 'docker'), { recursive: true });
  mkdirSync(join(root, 'common'), { recursive: true });
  writeFileSync(join(root, 'docker', 'Dockerfile'), 'FROM scratch\n');
  writeFileSync(join(root, 'common', 'packages.yaml'), 'packages: []\n');
  return root;
}

describe('findRepoRoot', () => {
  const checkout = heliosRoot('checkout');
  const assets = heliosRoot('assets');
  const elsewhere = join(scratch, 'project', 'sub');
  mkdirSync(elsewhere, { recursive: true });
  mkdirSync(join(checkout, 'packages', 'x'), { recursive: true });

  it('finds the checkout above the working directory before the shipped assets', () => {
    expect(findRepoRoot(undefined, { cwd: join(checkout, 'packages', 'x'), assetsDir: assets })).toBe(
      checkout,
    );
  });

  it('uses the assets @helios/images ships when no checkout is above', () => {
    expect(findRepoRoot(undefined, { cwd: elsewhere, assetsDir: assets })).toBe(assets);
  });

  it('never swaps an explicit --root for the assets', () => {
    expect(() => findRepoRoot(elsewhere, { assetsDir: assets })).toThrow(
      `No Helios repository (docker/Dockerfile and common/packages.yaml) in ${elsewhere} or above. Pass the root of a checkout to --root.`,
    );
  });

  it('says how to fix it when neither is there', () => {
    const missing = join(scratch, 'no-assets');
    expect(() => findRepoRoot(undefined, { cwd: elsewhere, assetsDir: missing })).toThrow(
      `and the assets of @helios/images are missing from ${missing}. Run from a checkout, pass --root, or reinstall @helios/images.`,
    );
  });
});
