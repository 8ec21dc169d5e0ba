import { fileURLToPath } from 'node:url';

/**
 * What an image is built from, as paths relative to the repository root. The
 * build copies them into `dist/assets/`, so `npx helios build` works without a
 * checkout; the Helios CLI falls back to {@link dockerAssetsDir} when it finds
 * no repository above the working directory.
 */
export const DOCKER_ASSET_PATHS: readonly string[] = Object.freeze([
  'docker/Dockerfile',
  'common',
  'families',
  'distros',
  'native/video-encoder',
]);

/** The folder laid out like a repository root that holds {@link DOCKER_ASSET_PATHS}. */
export function dockerAssetsDir(): string {
  return fileURLToPath(new URL('./assets/', import.meta.url));
}
