// Runs in Node (tests). The jobs mirror: events apply in time order (a late, older event never
// overwrites a newer state) and the panel lists active jobs first, newest first.
import { afterEach, expect, test } from 'vitest';
import type { JobInfo } from '../../src/shared/domain/jobs';
import { isActiveJob, sortJobs, useJobsStore } from '../../src/renderer/stores/jobsStore';
import { resetAllStores } from '../../src/renderer/stores/resettable';

function job(id: string, state: JobInfo['state'], createdAt: string, updatedAt = createdAt, progress: number | null = null): JobInfo {
  return { id, kind: 'pdf_import', title: id, capsuleId: null, state, progress, etaSeconds: null, stage: null, error: null, result: null, attempts: 1, createdAt, updatedAt };
}

afterEach(() => resetAllStores());

test('a stale event does not overwrite a newer state', () => {
  const store = useJobsStore.getState();
  store.applyJob(job('a', 'running', '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:02.000Z', 0.5));
  store.applyJob(job('a', 'done', '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:05.000Z', 1));
  store.applyJob(job('a', 'running', '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:03.000Z', 0.7));
  expect(useJobsStore.getState().jobs.a).toMatchObject({ state: 'done', progress: 1 });
});

test('active jobs first, then the newest', () => {
  const list = sortJobs([
    job('old-done', 'done', '2026-01-01T09:00:00.000Z'),
    job('queued', 'queued', '2026-01-01T08:00:00.000Z'),
    job('new-failed', 'failed', '2026-01-01T11:00:00.000Z'),
    job('running', 'running', '2026-01-01T10:00:00.000Z'),
  ]);
  expect(list.map((item) => item.id)).toEqual(['running', 'queued', 'new-failed', 'old-done']);
  expect(list.filter(isActiveJob).map((item) => item.id)).toEqual(['running', 'queued']);
});

test('reset empties the mirror', () => {
  useJobsStore.getState().applyJob(job('x', 'running', '2026-01-01T10:00:00.000Z'));
  resetAllStores();
  expect(useJobsStore.getState().jobs).toEqual({});
});
