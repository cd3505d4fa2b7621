// Runs in Node (tests). Temporary folders removed after the test file.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

export function tempDir(prefix = 'capsule-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** The repository's own fixtures (lecture PDFs, BBB answers): origin and licence in tests/fixtures/README.md. */
export const fixturesDir = path.join(repoRoot, 'tests', 'fixtures');
