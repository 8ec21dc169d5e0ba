import { describe, expect, inject, it } from 'vitest';
import { useConsumerProject } from './support/consumer-project.ts';

// No checkout anywhere: the project is a temporary folder, so the Dockerfile
// assets must come from the installed @helios/images.
describe('@helios/build installed from the registry, outside a checkout', () => {
  const project = useConsumerProject(['@helios/build']);

  it('prints the published version', async () => {
    const result = await project().run('helios', ['--version']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe(inject('publishedVersions')['@helios/build']);
  });

  it('lists the build stages of bookworm from the assets it ships', async () => {
    const result = await project().run('helios', ['build', '--list-stages', 'bookworm']);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toContain('Build stages for bookworm');
    const stageLine = (id: string) =>
      result.stdout.split('\n').find((line) => new RegExp(`\\b${id}\\b`).test(line));
    for (const id of ['distro-deps', 'common-build', 'distro-cleanup', 'root-common']) {
      expect(stageLine(id), id).toBeDefined();
      expect(stageLine(id), id).not.toContain('absent');
    }
  });

  it('prints a Compose file for bookworm', async () => {
    const result = await project().run('helios', ['compose', 'bookworm']);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toMatch(/^services:\n {2}desktop:\n {4}image: helios:bookworm$/m);
    expect(result.stdout).toContain('- "3000:3000"');
    expect(result.stdout).toMatch(/healthcheck:\n\s+test:\n\s+- CMD\n\s+- helios-init\n\s+- status/);
  });
});
