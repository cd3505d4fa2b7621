// Runs in Node (test tooling). One Vitest config: unit, service and browser end-to-end tests.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    environment: 'node',
    // Real FFmpeg, real Chromium and real servers on a shared 2-core machine: be patient, never flaky.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    reporters: ['default', './tests/support/summaryReporter.ts'],
  },
});
