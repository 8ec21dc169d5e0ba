import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The black-box tests run the built bin; build first when dist is missing or stale.
    globalSetup: ['./test/support/ensure-build.ts'],
  },
});
