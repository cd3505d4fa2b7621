// Runs in the renderer. The BigBlueButton panel, in a teacher's words: the server comes from the
// institution's provisioning file (or is added by hand, its technical settings under "Advanced"), the
// teacher's recordings are listed by meeting name and date (cached list shown at once, refreshed
// behind), and imports run with their progress and ETA. Talks to the main side only through the StudioApi.
// Each part lives in its hook (servers, recordings, imports) or component; this file joins them.
import { InlineError } from '../../components/InlineError';
import { useErrorNotice } from '../../hooks/useErrorNotice';
import { useT } from '../../i18n/useT';
import type { FeatureViewProps } from '../registry';
import { useBbbImports } from './hooks/useBbbImports';
import { useBbbProfiles } from './hooks/useBbbProfiles';
import { useBbbRecordings } from './hooks/useBbbRecordings';
import { RecordingFilters } from './RecordingFilters';
import { RecordingRow } from './RecordingRow';
import { ServerList } from './ServerList';

export function BbbView({ studio, navigate }: FeatureViewProps) {
  const t = useT();
  const notice = useErrorNotice();
  const servers = useBbbProfiles(studio, notice);
  const selected = servers.selectedId;
  const recordings = useBbbRecordings(studio, selected, notice);
  const imports = useBbbImports(studio, selected, notice.show);
  const { list, shown, meetings, refreshError } = recordings;

  return (
    <section className="bbb-view" aria-labelledby="bbb-title">
      <h2 id="bbb-title" className="page-title">{t('bbb.title')}</h2>
      <p className="muted">{t('bbb.intro')}</p>
      <div className="bbb-columns" style={{ display: 'flex', gap: 24, alignItems: 'flex-start' }}>
        <ServerList studio={studio} servers={servers} onSaved={(profile) => void recordings.load(profile.id, true)} />
        <div style={{ flex: 1 }}>
          <h3>{t('bbb.recordings')}</h3>
          {selected ? <RecordingFilters recordings={recordings} onRefresh={() => void recordings.load(selected, true)} /> : <p className="muted">{t('bbb.selectServer')}</p>}
          <InlineError error={notice.error} className="error" testId="bbb-error" />
          {refreshError ? (
            <p role="alert" className="error">
              {t('bbb.refreshFailed', { message: t.error(refreshError) })}
            </p>
          ) : null}
          {list && shown.length === 0 ? <p className="muted">{t('bbb.noRecordings')}</p> : null}
          <ul data-testid="bbb-recordings" className="bbb-meetings">
            {meetings.map((meeting) => (
              <li key={meeting.meetingId || meeting.name} className="bbb-meeting" data-testid="bbb-meeting">
                <h4>{meeting.name}</h4>
                <ul className="bbb-meeting-sessions">
                  {meeting.recordings.map((recording) => (
                    <RecordingRow
                      key={recording.recordId}
                      studio={studio}
                      profileId={selected ?? ''}
                      recording={recording}
                      jobId={imports.jobIds[recording.recordId] ?? null}
                      onImport={(options) => void imports.start(recording.recordId, options)}
                      onOpen={(capsuleId) => navigate('edit', capsuleId)}
                    />
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
