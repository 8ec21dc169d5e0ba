import { cpSync, rmSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { heliosTsup } from '../../tsup.base.ts';
import { DOCKER_ASSET_PATHS } from './src/docker-assets.ts';

const repoRoot = new URL('../../', import.meta.url);

export default defineConfig(
  heliosTsup({
    entry: ['src/index.ts'],
    // The Dockerfile assets ship in the package (dist/assets, laid out like the
    // repository), so `npx helios build` works without a checkout.
    async onSuccess() {
      // Afresh: a script moved or removed in the repository must not live on in the package.
      rmSync(new URL('dist/assets/', import.meta.url), { recursive: true, force: true });
      for (const path of DOCKER_ASSET_PATHS) {
        cpSync(new URL(path, repoRoot), new URL(`dist/assets/${path}`, import.meta.url), { recursive: true });
      }
    },
  }),
);
