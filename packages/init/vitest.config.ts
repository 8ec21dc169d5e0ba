import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration tests boot real process trees (Xvnc, XFCE) as PID 1 of a namespace.
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
