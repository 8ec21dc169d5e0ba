import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Real Xvnc and Chromium start in the hooks; two cores run them slowly.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
