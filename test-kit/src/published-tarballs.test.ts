import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// What `pnpm publish` would upload, packed the same way (the beforePacking hook
// of .pnpmfile.cjs included). Scripts are skipped: the suite runs after the
// build, so prepack's rebuild would only cost time here.
const repoRoot = new URL('../../', import.meta.url).pathname;
const packagesDir = join(repoRoot, 'packages');
const packages = readdirSync(packagesDir).sort();
const scratch = mkdtempSync(join(tmpdir(), 'helios-tarballs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function pack(pkg: string): { files: string[]; manifest: Record<string, unknown> } {
  const out = mkdtempSync(join(scratch, `${pkg}-`));
  execFileSync('pnpm', ['--config.ignore-scripts=true', 'pack', '--pack-destination', out], {
    cwd: join(packagesDir, pkg),
    stdio: 'ignore',
  });
  const [tarball] = readdirSync(out);
  if (tarball === undefined) throw new Error(`pnpm pack wrote nothing for ${pkg}`);
  const path = join(out, tarball);
  const files = execFileSync('tar', ['-tzf', path], { encoding: 'utf8' }).trim().split('\n');
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', path, 'package/package.json'], { encoding: 'utf8' }),
  );
  return { files, manifest };
}

describe.each(packages)('the published tarball of @helios/%s', (pkg) => {
  const { files, manifest } = pack(pkg);

  it('ships the MIT licence its manifest names, and its built output', () => {
    expect(manifest.license).toBe('MIT');
    expect(files).toContain('package/LICENSE');
    expect(files).toContain('package/README.md');
    expect(files.some((file) => file.startsWith('package/dist/') && file.endsWith('.js'))).toBe(true);
  });

  it('leaves the source maps out (3-4 times the size of the code they map)', () => {
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
  });

  it('names nothing a consumer cannot install: no private or workspace package, no scripts', () => {
    const text = JSON.stringify(manifest);
    expect(manifest).not.toHaveProperty('devDependencies');
    expect(manifest).not.toHaveProperty('scripts');
    expect(text).not.toContain('@helios/test-kit');
    expect(text).not.toMatch(/"(workspace|catalog):/);
    expect(text).not.toContain('example.invalid');
  });
});
