import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { useConsumerProject } from './support/consumer-project.ts';

const MAP = `inherit:
  debian: [common]
  ubuntu: [common, debian]
packages:
  - common: curl
  - debian: libva2
    rhel: libva
  - ubuntu: xubuntu-icon-theme
`;

describe('@helios/packages installed from the registry', () => {
  const project = useConsumerProject(['@helios/packages']);

  it('prints the published version', async () => {
    const result = await project().run('helios-packages', ['--version']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe(inject('publishedVersions')['@helios/packages']);
  });

  it('flattens a map into one list per inheriting group', async () => {
    const { dir } = project();
    writeFileSync(join(dir, 'packages.yaml'), MAP);
    const result = await project().run('helios-packages', ['flatten', 'packages.yaml', '--out', 'lists']);
    expect(result.all).toContain('debian.list (2 packages)');
    expect(result.all).toContain('ubuntu.list (3 packages)');
    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'lists', 'debian.list'), 'utf8')).toBe('curl libva2\n');
    expect(readFileSync(join(dir, 'lists', 'ubuntu.list'), 'utf8')).toBe('curl libva2 xubuntu-icon-theme\n');
  });
});
