// Runs in Node (security tests). One library, one owner: two real processes on one library. The second
// is refused (exit code 75 and a message naming the owner) or gets a read-only view (list/show), and
// never re-queues or touches the owner's running job; a killed owner's lock is taken over and its
// job is then (and only then) re-queued.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createStudio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { DATABASE_FILE } from '../../src/main/library/database';
import { createCapsule, makeSlide } from '../support/montageFixtures';
import { repoRoot, tempDir } from '../support/tempDir';

interface Report {
  type: string;
  jobId?: string;
  pid?: number;
  state?: string;
  attempts?: number;
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function startOwner(libraryDir: string, controlDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'tests/support/libraryOwnerProcess.ts'), libraryDir, controlDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines = readline.createInterface({ input: child.stdout });
  const reports: Report[] = [];
  const waiters: { type: string; resolve: (report: Report) => void }[] = [];
  lines.on('line', (line) => {
    const report = JSON.parse(line) as Report;
    reports.push(report);
    for (const waiter of waiters.filter((w) => w.type === report.type)) waiter.resolve(report);
  });
  const next = (type: string) =>
    new Promise<Report>((resolve, reject) => {
      const seen = reports.find((report) => report.type === type);
      if (seen) return resolve(seen);
      waiters.push({ type, resolve });
      child.once('exit', (code, signal) => reject(new Error(`the owner exited (${code ?? signal}) before "${type}"`)));
    });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, next, exited };
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/capsule.mjs'), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function jobRow(libraryDir: string, id: string) {
  const db = new Database(path.join(libraryDir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare('SELECT state, attempts, runner, updated_at FROM jobs WHERE id = ?').get(id) as { state: string; attempts: number; runner: string; updated_at: string };
  } finally {
    db.close();
  }
}

describe('one library, one owner', () => {
  it('refuses a second writer, gives list a read-only view, and never touches the running job', async () => {
    const root = tempDir('capsule-lock-');
    const libraryDir = path.join(root, 'library');
    const seed = await createStudio({ libraryDir, binding: 'cli', startJobs: false, log: createLogger(() => undefined) });
    const slide = await makeSlide(path.join(root, 'slide.png'), '0x3366cc', 'Lock', 640, 360);
    const capsule = createCapsule(seed.context, 'Verrou', [{ image: slide, prompt: 'Une phrase.', group: 0, width: 640, height: 360 }]);
    await seed.close();
    const owner = startOwner(libraryDir, root);
    const running = await owner.next('running');
    const before = jobRow(libraryDir, running.jobId!);
    expect(before).toMatchObject({ state: 'running', attempts: 1 });
    expect(before.runner).toBeTruthy();

    const refused = await runCli(['new', path.join(root, 'deck.pdf'), '--library', libraryDir]);
    expect(refused.code).toBe(75);
    expect(refused.stderr).toContain('LIBRARY_BUSY');
    expect(refused.stderr).toContain(`process ${running.pid}`);
    expect(refused.stderr).toContain('the lock test owner');

    const jobsResume = await runCli(['jobs', 'resume', '--all', '--library', libraryDir]);
    expect(jobsResume.code).toBe(75);

    const listed = await runCli(['list', '--json', '--library', libraryDir]);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toContain('read-only view');
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((c) => c.id)).toEqual([capsule.id]);
    const shown = await runCli(['show', capsule.id, '--json', '--library', libraryDir]);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toContain('read-only view');
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: capsule.id, title: 'Verrou' });

    // An in-process studio is refused the same way (the app would show this message in a dialog).
    await expect(createStudio({ libraryDir, binding: 'cli', log: createLogger(() => undefined) })).rejects.toMatchObject({ code: 'LIBRARY_BUSY' });

    // The owner's job was neither re-queued nor touched by any of them.
    expect(jobRow(libraryDir, running.jobId!)).toEqual(before);

    writeFileSync(path.join(root, 'release'), '');
    const finished = await owner.next('finished');
    expect(finished).toMatchObject({ state: 'done', attempts: 1 });
    await owner.next('closed');
    await owner.exited;

    // Once the owner is gone, a writer gets the library.
    const studio = await createStudio({ libraryDir, binding: 'cli', startJobs: false, log: createLogger(() => undefined) });
    expect(studio.viewOf).toBeNull();
    await studio.close();
  });

  it('takes over the lock of a killed owner and only then re-queues its job', async () => {
    const root = tempDir('capsule-lock-stale-');
    const libraryDir = path.join(root, 'library');
    const owner = startOwner(libraryDir, root);
    const running = await owner.next('running');
    owner.child.kill('SIGKILL');
    await owner.exited;
    expect(jobRow(libraryDir, running.jobId!).state).toBe('running');

    const listed = await runCli(['jobs', 'list', '--library', libraryDir]);
    expect(listed.code).toBe(0);
    expect(listed.stderr).not.toContain('read-only view');

    const studio = await createStudio({ libraryDir, binding: 'cli', jobScope: 'own', log: createLogger(() => undefined) });
    try {
      expect(studio.viewOf).toBeNull();
      expect(studio.unfinishedJobs.map((job) => job.id)).toEqual([running.jobId]);
      const row = jobRow(libraryDir, running.jobId!);
      expect(row.state).toBe('queued');
      expect(row.attempts).toBe(1);
    } finally {
      await studio.close();
    }
  });
});
