// Runs in Node (service tests). Bundles the browser build writes for download (library/exports)
// are removed at start-up once they waited more than a day, torn `.part` files included; newer
// ones stay downloadable. Real files, a real studio on a real SQLite library.
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStudio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { BUNDLE_DOWNLOAD_WAIT_MS, bundleExportsDir } from '../../src/main/bundle/bundleJobs';
import { tempDir } from '../support/tempDir';

describe('bundles waiting for download', () => {
  const dir = tempDir('bundle-sweep-');

  it('removes those older than a day at start-up and keeps the others', async () => {
    const libraryDir = path.join(dir, 'library');
    const exports = bundleExportsDir(libraryDir);
    mkdirSync(exports, { recursive: true });
    const file = (name: string, ageMs: number) => {
      const full = path.join(exports, name);
      writeFileSync(full, 'bundle bytes');
      const when = (Date.now() - ageMs) / 1000;
      utimesSync(full, when, when);
      return full;
    };
    const expired = file('old.capsule', BUNDLE_DOWNLOAD_WAIT_MS + 60_000);
    const torn = file('older.capsule.1a2b3c4d.part', 3 * BUNDLE_DOWNLOAD_WAIT_MS);
    const waiting = file('recent.capsule', BUNDLE_DOWNLOAD_WAIT_MS - 3_600_000);
    const lines: string[] = [];
    const studio = await createStudio({ libraryDir, binding: 'cli', startJobs: false, log: createLogger((line) => lines.push(line)) });
    try {
      expect(existsSync(expired)).toBe(false);
      expect(existsSync(torn)).toBe(false);
      expect(existsSync(waiting)).toBe(true);
      expect(lines.some((line) => line.includes('bundles not downloaded within a day removed') && line.includes('"count":2'))).toBe(true);
    } finally {
      await studio.close();
    }
  });
});
