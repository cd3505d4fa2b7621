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

/** The shared fixtures (lecture PDFs, BBB answers), beside the repository or where CAPSULE_FIXTURES says. */
export const fixturesDir = process.env.CAPSULE_FIXTURES ?? path.resolve(repoRoot, '../shared/fixtures');
