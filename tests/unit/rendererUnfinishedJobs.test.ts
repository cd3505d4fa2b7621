// Runs in Node (tests). The notice about jobs an earlier run left unfinished: named once per job,
// whether the `jobs.resumed` event or the start-up list found them, finished jobs never named.
import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../src/shared/domain/jobs';
import { translate } from '../../src/renderer/i18n';
import { unfinishedJobsNotice } from '../../src/renderer/logic/unfinishedJobs';

function job(id: string, title: string, state: JobInfo['state'] = 'queued'): JobInfo {
  return { id, kind: 'render', title, capsuleId: null, state, progress: null, etaSeconds: null, stage: null, error: null, result: null, attempts: 1, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' };
}

describe('unfinished jobs notice', () => {
  it('names the resumed jobs once, even when the start-up list finds them again', () => {
    const announced = new Set<string>();
    const notice = unfinishedJobsNotice([job('a', 'Ondes'), job('b', 'Optique', 'running'), job('c', 'Fini', 'done')], 'resumed', announced);
    expect(notice).not.toBeNull();
    expect(translate('en', notice!.key, notice!.params)).toBe('Resumed 2 jobs an earlier session left unfinished: “Ondes”, “Optique”.');
    expect(translate('fr', notice!.key, notice!.params)).toBe('Reprise de 2 tâches laissées inachevées par une session précédente\u00a0: «\u00a0Ondes\u00a0», «\u00a0Optique\u00a0».'.replace(/«\u00a0|\u00a0»/g, (m) => (m.startsWith('«') ? '“' : '”')));
    expect(unfinishedJobsNotice([job('a', 'Ondes'), job('b', 'Optique')], 'unfinished', announced)).toBeNull();
    const later = unfinishedJobsNotice([job('a', 'Ondes'), job('d', 'Acoustique')], 'unfinished', announced);
    expect(translate('en', later!.key, later!.params)).toBe('A job is still unfinished and goes on: “Acoustique”.');
  });

  it('names three and counts the rest', () => {
    const notice = unfinishedJobsNotice(['1', '2', '3', '4', '5'].map((id) => job(id, `Capsule ${id}`)), 'resumed', new Set());
    expect(notice!.params).toEqual({ count: 5, titles: '“Capsule 1”, “Capsule 2”, “Capsule 3”, …' });
  });
});
