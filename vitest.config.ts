// Runs in Node (test tooling). One Vitest config with a project per test tier, each with its own timeouts:
// pure unit tests fail fast; tiers with real FFmpeg, Chromium and servers on a shared machine are patient.
import { defineConfig } from 'vitest/config';

function tier(name: string, include: string[], timeoutMs: number, hookTimeoutMs = timeoutMs) {
  return { extends: true as const, test: { name, include, testTimeout: timeoutMs, hookTimeout: hookTimeoutMs } };
}

export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    reporters: ['default', './tests/support/summaryReporter.ts'],
    // expect.poll waits for a state (a button pressed, a pixel inked, a job cancelled) that Chromium,
    // FFmpeg or a server reach in their own time. Vitest's default of 1 s is a speed limit on a
    // shared 2-core machine, not a check; a poll still ends as soon as its state is reached.
    expect: { poll: { timeout: 20_000 } },
    projects: [
      tier('unit', ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'], 10_000),
      tier('service', ['tests/service/**/*.test.ts'], 120_000, 180_000),
      tier('e2e', ['tests/e2e/**/*.test.ts'], 180_000),
      tier('security', ['tests/security/**/*.test.ts'], 120_000, 180_000),
    ],
  },
});
