// Runs in Node (security tests). A crash leaves nothing behind: a real `capsule render` is killed with
// SIGKILL while FFmpeg encodes. With the parent-death signal (Linux, setpriv) its FFmpeg dies with it at
// once; without it (CAPSULE_NO_PDEATHSIG=1, as on systems without setpriv) FFmpeg is orphaned and the
// next start stops it. Either way the next start leaves no FFmpeg of that library running and no
// `.part` file or `export-*` folder, and the killed render is not run again by an unrelated command.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStudio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { DATABASE_FILE } from '../../src/main/library/database';
import { isProcessAlive } from '../../src/main/library/processAlive';
import { pdeathsigWrapper } from '../../src/main/ffmpeg/childGuard';
import { attachTake, createCapsule, ev, makeSlide, makeTake } from '../support/montageFixtures';
import { repoRoot, tempDir } from '../support/tempDir';

const quiet = createLogger(() => undefined);

/** Resolves once `check` returns a value, asking every `everyMs` (the event is in another process). */
async function until<T>(check: () => T | null | undefined, what: string, timeoutMs = 90_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Live FFmpeg processes (not zombies) whose command line names this folder. */
function ffmpegProcessesUsing(folder: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!commandLine.some((arg) => path.basename(arg) === 'ffmpeg') || !commandLine.some((arg) => arg.includes(folder))) continue;
      if (isProcessAlive(Number(entry))) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

function scratchRows(libraryDir: string): { kind: string; path: string; pid: number | null }[] {
  const db = new Database(path.join(libraryDir, DATABASE_FILE), { readonly: true });
  try {
    db.pragma('busy_timeout = 5000');
    return db.prepare('SELECT kind, path, pid FROM scratch_entries').all() as { kind: string; path: string; pid: number | null }[];
  } finally {
    db.close();
  }
}

function leftovers(libraryDir: string, outDir: string): string[] {
  const cache = path.join(libraryDir, 'cache', 'montage');
  const inCache = existsSync(cache) ? readdirSync(cache).filter((name) => name.endsWith('.part') || name.startsWith('export-')) : [];
  const inOut = existsSync(outDir) ? readdirSync(outDir).filter((name) => name.endsWith('.part')) : [];
  return [...inCache, ...inOut];
}

describe.skipIf(process.platform !== 'linux')('a kill -9 during a render leaves nothing behind', () => {
  const dir = tempDir('capsule-crash-sweep-');
  const libraryDir = path.join(dir, 'lib');
  const outDir = path.join(dir, 'out');
  let capsuleId: string;

  beforeAll(async () => {
    const studio = await createStudio({ libraryDir, binding: 'cli', startJobs: false, log: quiet });
    const media = path.join(dir, 'media');
    const [slide, take] = await Promise.all([makeSlide(path.join(media, 's1.png'), '0x3366cc', 'Crash'), makeTake(path.join(media, 'take.webm'), { durationSec: 15, width: 640, height: 360, level: 0.04 })]);
    const capsule = createCapsule(studio.context, 'Crash test', [{ image: slide, prompt: 'Crash\nUne phrase.', group: 0 }]);
    attachTake(studio.context, capsule.id, capsule.grains[0]!.id, take, [ev('start', 0, 0)]);
    capsuleId = capsule.id;
    await studio.close();
    // Generating the media takes minutes on a loaded shared machine: more than the default hook time.
  }, 600_000);

  /** Starts `capsule render`, waits until an FFmpeg child encodes into a .part file, then kills the CLI with SIGKILL. */
  async function killRenderMidEncode(env: NodeJS.ProcessEnv): Promise<number[]> {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/capsule.mjs'), 'render', capsuleId, '--out', path.join(outDir, 'capsule.mp4'), '--height', '720', '--library', libraryDir], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'ignore'],
      env: { ...process.env, ...env },
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const encoders = await until(() => {
      if (child.exitCode !== null) throw new Error(`the render ended (${child.exitCode}) before it could be killed`);
      const rows = scratchRows(libraryDir);
      const pids = rows.filter((row) => row.kind === 'process' && row.path === 'ffmpeg' && row.pid !== null && isProcessAlive(row.pid)).map((row) => row.pid!);
      const parts = rows.filter((row) => row.kind === 'file' && existsSync(row.path));
      return pids.length > 0 && parts.length > 0 ? pids : null;
    }, 'an FFmpeg child writing a .part file');
    child.kill('SIGKILL');
    await exited;
    return encoders;
  }

  it.skipIf(pdeathsigWrapper() === null)('FFmpeg dies with the killed render (parent-death signal), and the next start removes its files', async () => {
    const encoders = await killRenderMidEncode({});
    await until(() => encoders.every((pid) => !isProcessAlive(pid)), 'the orphaned encoders to die', 15_000);
    expect(leftovers(libraryDir, outDir).length).toBeGreaterThan(0);

    // The next start (an unrelated command: `capsule list`) sweeps, and runs nothing it was not asked for.
    const next = await createStudio({ libraryDir, binding: 'cli', jobScope: 'own', log: quiet });
    try {
      expect(leftovers(libraryDir, outDir)).toEqual([]);
      expect(ffmpegProcessesUsing(libraryDir)).toEqual([]);
      expect(next.unfinishedJobs.map((job) => job.kind)).toContain('render');
      expect(next.context.jobs.list({ activeOnly: true }).every((job) => job.state === 'queued')).toBe(true);
    } finally {
      await next.close();
    }
  });

  it('without the parent-death signal, the next start stops the orphaned FFmpeg and removes its files', async () => {
    const encoders = await killRenderMidEncode({ CAPSULE_NO_PDEATHSIG: '1' });
    // This is what the audit saw: the encoder goes on after its parent died.
    expect(encoders.some((pid) => isProcessAlive(pid))).toBe(true);
    expect(ffmpegProcessesUsing(libraryDir).length).toBeGreaterThan(0);

    const next = await createStudio({ libraryDir, binding: 'cli', jobScope: 'own', log: quiet });
    try {
      await until(() => encoders.every((pid) => !isProcessAlive(pid)), 'the sweep to stop the orphaned encoders', 15_000);
      expect(ffmpegProcessesUsing(libraryDir)).toEqual([]);
      expect(leftovers(libraryDir, outDir)).toEqual([]);
      expect(scratchRows(libraryDir).filter((row) => row.kind === 'process')).toEqual([]);
    } finally {
      await next.close();
    }
  });
});
