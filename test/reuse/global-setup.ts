import type { TestProject } from 'vitest/node';
import { startLocalRegistry } from './support/local-registry.ts';
import { releaseFromCleanClone } from './support/release-clone.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The local registry the @helios scope of every consumer project points at. */
    registryUrl: string;
    /** Package name → the version `pnpm release` published. */
    publishedVersions: Record<string, string>;
  }
}

/** Once for the whole reuse suite: a local registry, and `pnpm release` of a fresh clone into it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const registry = await startLocalRegistry();
  try {
    const release = await releaseFromCleanClone(registry);
    const published = Object.entries(release.versions).map(([name, version]) => `${name}@${version}`);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    console.log(`reuse: pnpm release of ${release.commit} published ${published.join(', ')} in ${seconds} s`);
    project.provide('registryUrl', registry.url);
    project.provide('publishedVersions', release.versions);
    return async () => {
      release.remove();
      await registry.stop();
    };
  } catch (error) {
    await registry.stop();
    throw error;
  }
}
