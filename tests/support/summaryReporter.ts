// Runs in Node (test tooling). Prints the plain closing line CI reads: "N passed, N failed".
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/** The closing line's counts. A test file that failed outside its tests (it did not load, or a
 *  beforeAll/afterAll hook failed, which leaves its tests skipped) counts as one failure, and so
 *  does each error thrown outside any test: Vitest fails the run for both, and the line must agree. */
export function summarise(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown> = []) {
  let passed = 0;
  let failed = unhandledErrors.length;
  let skipped = 0;
  for (const module of testModules) {
    let failedInModule = 0;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') passed += 1;
      else if (state === 'failed') failedInModule += 1;
      else skipped += 1;
    }
    failed += failedInModule;
    if (module.state() === 'failed' && failedInModule === 0) failed += 1;
  }
  return { passed, failed, skipped };
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const { passed, failed, skipped } = summarise(testModules, unhandledErrors);
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
