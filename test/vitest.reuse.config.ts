import { defineConfig } from 'vitest/config';

// The reuse suite: `pnpm release` of a fresh clone into a local registry, then
// every package installed from there into projects outside the repository.
// Its own config, so the per-distro e2e loop does not run it three times.
export default defineConfig({
  test: {
    include: ['reuse/**/*.test.ts'],
    globalSetup: ['./reuse/global-setup.ts'],
    // npm installs, Xvnc and a PID namespace per file: one file at a time on 2 cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
