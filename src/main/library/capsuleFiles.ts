// Runs in Node (main side). Where a capsule's files live: one folder per capsule under the library.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export function capsulesRoot(libraryDir: string): string {
  return path.join(libraryDir, 'capsules');
}

export function capsuleDir(libraryDir: string, capsuleId: string): string {
  return path.join(capsulesRoot(libraryDir), capsuleId);
}

/** Work in progress (an import not yet committed) lives here, so a crash never leaves half a capsule. */
export function stagingRoot(libraryDir: string): string {
  return path.join(libraryDir, 'staging');
}

export function newStagingDir(libraryDir: string, name: string): string {
  const dir = path.join(stagingRoot(libraryDir), name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Runs `work` in a fresh staging folder that is gone afterwards: on success `work` has renamed it into
 * the library; on failure or cancel nothing of it stays.
 */
export async function withStagingDir<T>(libraryDir: string, name: string, work: (staging: string) => Promise<T>): Promise<T> {
  const staging = newStagingDir(libraryDir, name);
  try {
    return await work(staging);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Removes capsule folders with no row in the database (a delete interrupted after its commit)
 * and staging folders left by an interrupted import. Returns what it removed. Only folders untouched
 * for `minAgeMs` go: another process (the CLI beside the app) may be committing one right now.
 */
export function sweepOrphans(library: { capsuleIds(): string[] }, libraryDir: string, minAgeMs = 30 * 60 * 1000): string[] {
  const isOld = (dir: string) => Date.now() - statSync(dir).mtimeMs > minAgeMs;
  const removed: string[] = [];
  const root = capsulesRoot(libraryDir);
  if (existsSync(root)) {
    const known = new Set(library.capsuleIds());
    for (const entry of readdirSync(root)) {
      if (known.has(entry) || !isOld(path.join(root, entry))) continue;
      rmSync(path.join(root, entry), { recursive: true, force: true });
      removed.push(path.join(root, entry));
    }
  }
  const staging = stagingRoot(libraryDir);
  if (existsSync(staging)) {
    for (const entry of readdirSync(staging)) {
      if (!isOld(path.join(staging, entry))) continue;
      rmSync(path.join(staging, entry), { recursive: true, force: true });
      removed.push(path.join(staging, entry));
    }
  }
  return removed;
}
