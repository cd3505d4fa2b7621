// Runs in the renderer (pure, unit-tested in Node). The notice that names the jobs an earlier run left
// unfinished, now resumed: said once per job, whether the `jobs.resumed` event reached this page or
// the page only found them active when it started (the event may fire before the page listens).
import type { JobInfo } from '../../shared/domain/jobs';
import type { MessageKey, MessageParams } from '../i18n';

/** Titles named in the notice; the rest are counted. */
const NAMED = 3;

export interface UnfinishedJobsNotice {
  key: MessageKey;
  params: MessageParams;
}

/**
 * The notice for these jobs, leaving out those already announced (their ids are added to `announced`);
 * null when there is nothing new to say. `resumed` is the event's word; `unfinished` the start-up list's.
 */
export function unfinishedJobsNotice(jobs: readonly JobInfo[], source: 'resumed' | 'unfinished', announced: Set<string>): UnfinishedJobsNotice | null {
  const fresh = jobs.filter((job) => (job.state === 'queued' || job.state === 'running') && !announced.has(job.id));
  if (fresh.length === 0) return null;
  for (const job of fresh) announced.add(job.id);
  const titles = fresh.slice(0, NAMED).map((job) => `“${job.title}”`);
  if (fresh.length > NAMED) titles.push('…');
  return { key: source === 'resumed' ? 'jobs.resumed' : 'jobs.unfinished', params: { count: fresh.length, titles: titles.join(', ') } };
}
