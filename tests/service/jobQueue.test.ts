// Runs in Node (tests). The persistent job queue on a real SQLite file.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/library/database';
import { StudioEventBus } from '../../src/main/events';
import { JobQueue } from '../../src/main/jobs/jobQueue';
import { createLogger } from '../../src/main/log';
import { StudioError } from '../../src/shared/errors';
import type { JobInfo } from '../../src/shared/domain/jobs';
import { tempDir } from '../support/tempDir';

const quiet = createLogger(() => undefined);

function setup(dir = tempDir()) {
  const db = openDatabase(dir);
  const events = new StudioEventBus();
  const seen: JobInfo[] = [];
  events.subscribe((name, payload) => {
    if (name === 'job.progress') seen.push(payload as JobInfo);
  });
  return { dir, db, events, seen, queue: new JobQueue(db, events, quiet) };
}

describe('job queue', () => {
  it('runs a job, reports progress with an ETA, and keeps the result', async () => {
    const { queue, seen } = setup();
    queue.register<{ steps: number }, { total: number }>({
      kind: 'count',
      async run({ payload, progress }) {
        for (let step = 1; step <= payload.steps; step += 1) {
          await new Promise((resolve) => setTimeout(resolve, 150));
          progress(step / payload.steps, 'counting');
        }
        return { total: payload.steps };
      },
    });
    queue.start();
    const job = queue.enqueue('count', { steps: 6 }, { title: 'Count' });
    expect(await queue.result(job.id)).toEqual({ total: 6 });
    expect(queue.get(job.id).state).toBe('done');
    expect(seen.some((info) => info.state === 'running' && info.progress !== null && info.progress < 1 && info.etaSeconds !== null)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ state: 'done', progress: 1 });
  });

  it('cancels a running job through its signal', async () => {
    const { queue } = setup();
    queue.register({
      kind: 'forever',
      run: ({ signal }) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () => reject(new StudioError('CANCELLED', 'cancelled')));
        }),
    });
    queue.start();
    const job = queue.enqueue('forever', {}, { title: 'Forever' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    queue.cancel(job.id);
    expect((await queue.wait(job.id)).state).toBe('cancelled');
    await expect(queue.result(job.id)).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('retries retryable failures with backoff, then fails in a state the user can retry', async () => {
    const { queue } = setup();
    let attempts = 0;
    queue.register({
      kind: 'flaky',
      maxAttempts: 2,
      isRetryable: (error) => error.code === 'NETWORK_ERROR',
      async run() {
        attempts += 1;
        throw new StudioError('NETWORK_ERROR', 'The server cannot be reached.');
      },
    });
    queue.start();
    const job = queue.enqueue('flaky', {}, { title: 'Flaky' });
    const failed = await queue.wait(job.id);
    expect(attempts).toBe(2);
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'NETWORK_ERROR' } });
    const again = queue.retry(job.id);
    expect(again.state).toBe('queued');
    expect((await queue.wait(job.id)).state).toBe('failed');
    expect(attempts).toBe(4);
  });

  it('re-queues jobs that were running when the app stopped, with their checkpoint', async () => {
    const first = setup();
    let release: () => void = () => undefined;
    first.queue.register({
      kind: 'long',
      run: ({ saveCheckpoint, signal }) =>
        new Promise((_, reject) => {
          saveCheckpoint({ uploadedBytes: 1234 });
          release = () => reject(new StudioError('CANCELLED', 'stopped'));
          signal.addEventListener('abort', () => release());
        }),
    });
    first.queue.start();
    const job = first.queue.enqueue('long', { file: 'x' }, { title: 'Long' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Simulate a crash: the row stays 'running' because nothing got the chance to update it.
    first.db.close();

    const second = setup(first.dir);
    expect(second.queue.get(job.id).state).toBe('running');
    let resumedFrom: unknown = null;
    second.queue.register({
      kind: 'long',
      async run({ checkpoint }) {
        resumedFrom = checkpoint;
        return 'finished';
      },
    });
    second.queue.start();
    expect(await second.queue.result(job.id)).toBe('finished');
    expect(resumedFrom).toEqual({ uploadedBytes: 1234 });
  });

  it('refuses a duplicate job id', () => {
    const { queue } = setup();
    queue.enqueue('nobody', {}, { title: 'A', id: 'same-id' });
    expect(() => queue.enqueue('nobody', {}, { title: 'B', id: 'same-id' })).toThrow(/already exists/);
  });
});

describe('job queue: whose jobs run', () => {
  it('re-queues only the jobs of another runner, and in "own" scope runs only its own until resumed', async () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    const events = new StudioEventBus();
    const resumedEvents: unknown[] = [];
    events.subscribe((name, payload) => {
      if (name === 'jobs.resumed') resumedEvents.push(payload);
    });
    // Runner "first" starts a job that is still running when its process is gone (nothing finishes it).
    const first = new JobQueue(db, events, quiet, 'first');
    let release!: () => void;
    first.register({ kind: 'hold', run: () => new Promise<void>((resolve) => (release = resolve)) });
    first.start();
    const held = first.enqueue('hold', {}, { title: 'Held' });
    // The queue marks it running synchronously, before enqueue returns.
    expect(db.prepare('SELECT state, runner FROM jobs WHERE id = ?').get(held.id)).toEqual({ state: 'running', runner: 'first' });

    // The same runner starting again (the same process, another studio) leaves its running job alone.
    const again = new JobQueue(db, events, quiet, 'first');
    expect(again.start()).toEqual([]);
    expect(first.get(held.id).state).toBe('running');

    // A CLI command (another runner, holding the lock): the job is re-queued but not run.
    const cli = new JobQueue(db, events, quiet, 'cli');
    const ran: string[] = [];
    cli.register<{ n: number }, number>({ kind: 'hold', run: async ({ job }) => (ran.push(job.id), 1) });
    cli.register<{ n: number }, number>({ kind: 'own', run: async ({ payload }) => payload.n });
    const waiting = cli.start({ scope: 'own' });
    expect(waiting.map((job) => job.id)).toEqual([held.id]);
    expect(resumedEvents).toEqual([]);
    const own = cli.enqueue('own', { n: 7 }, { title: 'Own' });
    expect(await cli.result(own.id)).toBe(7);
    expect(ran).toEqual([]);
    expect(cli.get(held.id).state).toBe('queued');

    // Resumed on request, it runs.
    cli.resume(held.id);
    expect((await cli.wait(held.id)).state).toBe('done');
    expect(ran).toEqual([held.id]);
    release();
    await cli.close();
    await again.close();
    await first.close();
    db.close();
  });
});
