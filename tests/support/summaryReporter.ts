// Runs in Node (test tooling). Prints the plain closing lines CI reads: one "failed: …" line per
// failure, then "N passed, N failed, N skipped". CI shows only the end of a long log, so the names of
// what failed must be there, next to the counts, not only in Vitest's report further up.
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

export interface RunSummary {
  passed: number;
  skipped: number;
  /** One line per failure ("file › test name: first line of the error"): their number is the failed count. */
  failures: string[];
}

function firstLine(message: string | undefined): string {
  const line = (message ?? '').split('\n').find((part) => part.trim() !== '') ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** The closing line's counts. A test file that failed outside its tests (it did not load, or a
 *  beforeAll/afterAll hook failed, which leaves its tests skipped) counts as one failure, and so
 *  does each error thrown outside any test: Vitest fails the run for both, and the line must agree. */
export function summarise(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown> = []): RunSummary {
  let passed = 0;
  let skipped = 0;
  const failures: string[] = [];
  for (const module of testModules) {
    let failedInModule = 0;
    for (const test of module.children.allTests()) {
      const result = test.result();
      if (result.state === 'passed') passed += 1;
      else if (result.state === 'failed') {
        failedInModule += 1;
        failures.push(`${module.moduleId} › ${test.fullName}: ${firstLine(result.errors?.[0]?.message)}`);
      } else skipped += 1;
    }
    if (module.state() === 'failed' && failedInModule === 0) {
      failures.push(`${module.moduleId}: ${firstLine(module.errors()[0]?.message) || 'the file failed outside its tests'}`);
    }
  }
  for (const error of unhandledErrors) {
    failures.push(`outside any test: ${firstLine((error as { message?: string } | null)?.message ?? String(error))}`);
  }
  return { passed, skipped, failures };
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const { passed, skipped, failures } = summarise(testModules, unhandledErrors);
    const root = `${process.cwd()}/`;
    const named = failures.map((line) => `failed: ${line.split(root).join('')}\n`).join('');
    process.stdout.write(`\n${named}${passed} passed, ${failures.length} failed, ${skipped} skipped\n`);
  }
}
