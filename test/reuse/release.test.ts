import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const packagesDir = new URL('../../packages/', import.meta.url).pathname;
const publicPackages = readdirSync(packagesDir)
  .map((entry) => JSON.parse(readFileSync(join(packagesDir, entry, 'package.json'), 'utf8')))
  .filter((manifest) => !manifest.private)
  .map((manifest) => manifest.name as string)
  .sort();

interface Packument {
  'dist-tags': Record<string, string>;
  versions: Record<string, { dependencies?: Record<string, string>; dist: { tarball: string } }>;
}

describe('pnpm release from a clean clone', () => {
  const versions = inject('publishedVersions');
  const registryUrl = inject('registryUrl');

  it('publishes every package of packages/*', () => {
    expect(Object.keys(versions).sort()).toEqual(publicPackages);
  });

  it.each(publicPackages)(
    'publishes %s as latest, at the version its tree has, with installable dependencies',
    async (name) => {
      const response = await fetch(`${registryUrl}${name.replace('/', '%2f')}`);
      expect(response.status).toBe(200);
      const packument = (await response.json()) as Packument;
      const version = versions[name] ?? '';
      expect(packument['dist-tags'].latest).toBe(version);
      const published = packument.versions[version];
      expect(published?.dist.tarball).toContain(registryUrl);
      for (const [dependency, range] of Object.entries(published?.dependencies ?? {})) {
        expect(range, dependency).not.toMatch(/^(workspace|catalog):/);
        if (dependency.startsWith('@helios/')) expect(range, dependency).toBe(versions[dependency]);
      }
    },
  );
});
