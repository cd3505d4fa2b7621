// Runs in the renderer. How a job reads in the UI: its kind and stage translated when a key exists.
import type { JobInfo } from '../../shared/domain/jobs';
import { hasMessage, type Language, translate } from '../i18n';

export function jobKindLabel(job: Pick<JobInfo, 'kind'>, language: Language): string {
  const key = `jobs.kind.${job.kind}`;
  return hasMessage(key, language) ? translate(language, key) : job.kind;
}

export function jobStageLabel(job: Pick<JobInfo, 'stage'>, language: Language): string | null {
  if (!job.stage) return null;
  const key = `jobs.stage.${job.stage}`;
  return hasMessage(key, language) ? translate(language, key) : job.stage;
}
