// Runs in the renderer. One BigBlueButton recording in the list: thumbnail, date, length, participants,
// what to take from it (presentation, webcams, chat, cursor), Import with its progress and ETA, then
// its error or a way to open the capsule it became.
import { useState } from 'react';
import type { BbbImportOptions, BbbImportResult, BbbRecording } from '../../../shared/domain/bbb';
import type { StudioClient } from '../../api/studioClient';
import { InlineError } from '../../components/InlineError';
import { jobStageLabel } from '../../components/jobText';
import { ProgressBar } from '../../components/ProgressBar';
import { formatDate } from '../../i18n/format';
import { useT } from '../../i18n/useT';
import { useJobsStore } from '../../stores/jobsStore';
import { recordingMinutes } from './logic';
import { RecordingPreview } from './RecordingPreview';

const IMPORT_OPTIONS = [
  ['preferPresentation', 'bbb.optionPresentation'],
  ['webcams', 'bbb.optionWebcams'],
  ['chat', 'bbb.optionChat'],
  ['cursor', 'bbb.optionCursor'],
] as const;

interface RecordingRowProps {
  studio: StudioClient;
  profileId: string;
  recording: BbbRecording;
  /** The import job of this recording started in this panel, if any. */
  jobId: string | null;
  onImport(options: BbbImportOptions): void;
  onOpen(capsuleId: string): void;
}

export function RecordingRow({ studio, profileId, recording, jobId, onImport, onOpen }: RecordingRowProps) {
  const t = useT();
  const job = useJobsStore((s) => (jobId ? s.jobs[jobId] : undefined));
  const [options, setOptions] = useState<BbbImportOptions>({ webcams: true });
  const minutes = recordingMinutes(recording);
  const running = job && (job.state === 'queued' || job.state === 'running');
  const result = job?.state === 'done' ? (job.result as BbbImportResult | null) : null;
  return (
    <li data-testid="bbb-recording" data-record-id={recording.recordId} className="bbb-recording">
      <div className="bbb-recording-head">
        {recording.formats.flatMap((f) => f.previews).slice(0, 1).map((p) => (
          <RecordingPreview key={p.url} studio={studio} profileId={profileId} url={p.url} alt={p.alt} />
        ))}
        <div>
          <strong>{recording.startTime !== null ? formatDate(new Date(recording.startTime).toISOString(), t.language) : t('bbb.unknownDate')}</strong>
          <div className="muted">
            {minutes !== null ? t('bbb.minutes', { count: minutes }) : '—'} · {t('app.labelValue', { label: t('bbb.columnParticipants'), value: recording.participants ?? '—' })}
            {recording.state !== 'published' ? ` · ${t(`bbb.state.${recording.state}`)}` : ''}
          </div>
        </div>
      </div>
      <details>
        <summary>{t('bbb.importOptions')}</summary>
        {IMPORT_OPTIONS.map(([key, label]) => (
          <label key={key} style={{ display: 'block' }}>
            <input type="checkbox" checked={options[key] === true} onChange={(e) => setOptions({ ...options, [key]: e.target.checked })} /> {t(label)}
          </label>
        ))}
      </details>
      <button type="button" data-testid="bbb-import" disabled={Boolean(running)} onClick={() => onImport(options)}>
        {t('bbb.import')}
      </button>
      {job && running ? <ProgressBar value={job.progress} etaSeconds={job.etaSeconds} label={t('bbb.importing', { name: recording.name })} status={jobStageLabel(job, t.language)} /> : null}
      {job?.state === 'failed' && job.error ? <InlineError error={job.error} className="error" testId="bbb-import-error" /> : null}
      {result ? (
        <p role="status" data-testid="bbb-imported">
          {t('bbb.imported', { name: recording.name })}{' '}
          <button type="button" className="link-button" onClick={() => onOpen(result.capsuleId)}>
            {t('bbb.openCapsule')}
          </button>
        </p>
      ) : null}
    </li>
  );
}
