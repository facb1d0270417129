import { defineConfig } from 'vitest/config';

// Unit tests live beside the source; integration and architecture tests under test/.
// Two cores on CI: forks keep tfjs backends (global engine state) isolated per file.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
