// Runs in the renderer. The BigBlueButton panel, in a teacher's words: the server comes from the
// institution's provisioning file (or is added by hand, its technical settings under "Advanced"), the
// teacher's recordings are listed by meeting name and date (cached list shown at once, refreshed
// behind), and imports run with their progress and ETA. Talks to the main side only through the StudioApi.
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { BbbConnectionReport, BbbImportOptions, BbbImportResult, BbbProfile, BbbRecording, BbbRecordingList, BbbRecordingState } from '../../../shared/domain/bbb';
import { BBB_RECORDING_STATES } from '../../../shared/domain/bbb';
import { BBB_CHECKSUM_ALGORITHMS, type BbbChecksumAlgorithm } from '../../../shared/logic/bbbChecksum';
import { errorState, InlineError, type ShownError } from '../../components/InlineError';
import { SecretStorageHint } from '../../components/SecretStorageHint';
import { ProgressBar } from '../../components/ProgressBar';
import { jobStageLabel } from '../../components/jobText';
import { formatDate } from '../../i18n/format';
import { useT } from '../../i18n/useT';
import { useJobsStore } from '../../stores/jobsStore';
import type { FeatureViewProps } from '../registry';
import { filterRecordings, groupByMeeting, metaLines, parseLines, parseMetaLines, recordingMinutes, type RecordingFilterState } from './logic';

interface Draft {
  id: string | null;
  name: string;
  url: string;
  secret: string;
  checksum: BbbChecksumAlgorithm;
  meetingIds: string;
  metaFilters: string;
  states: BbbRecordingState[];
}

const emptyDraft: Draft = { id: null, name: '', url: '', secret: '', checksum: 'sha256', meetingIds: '', metaFilters: '', states: [] };

function draftOf(profile: BbbProfile): Draft {
  return { id: profile.id, name: profile.name, url: profile.apiUrl, secret: '', checksum: profile.checksum, meetingIds: profile.meetingIds.join('\n'), metaFilters: metaLines(profile.metaFilters), states: profile.states };
}

function ProfileForm(props: { draft: Draft; onChange(d: Draft): void; onSaved(p: BbbProfile): void; onCancel(): void; studio: FeatureViewProps['studio'] }) {
  const t = useT();
  const { draft, onChange } = props;
  const [error, setErrorState] = useState<ShownError>(null);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  // An error about the technical settings opens them, so the field to fix is in view.
  const setError = (next: ShownError) => {
    setErrorState(next);
    if (next && (next.code === 'BBB_NO_SECRET' || next.code === 'BBB_CHECKSUM_ERROR')) setAdvancedOpen(true);
  };
  const [report, setReport] = useState<BbbConnectionReport | null>(null);
  const [testing, setTesting] = useState(false);
  const input = () => ({
    name: draft.name,
    url: draft.url,
    secret: draft.secret || undefined,
    checksum: draft.checksum,
    meetingIds: parseLines(draft.meetingIds),
    metaFilters: parseMetaLines(draft.metaFilters),
    states: draft.states,
  });
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      props.onSaved(await props.studio.bbbSaveProfile(draft.id, input()));
    } catch (caught) {
      setError(errorState(caught));
    }
  };
  const test = async () => {
    setTesting(true);
    setError(null);
    setReport(null);
    try {
      setReport(await props.studio.bbbTestConnection({ profileId: draft.id ?? undefined, draft: input() }));
    } catch (caught) {
      setError(errorState(caught));
    } finally {
      setTesting(false);
    }
  };
  const serverName = (r: BbbConnectionReport) => (r.server?.scalelite ? t('bbb.serverScalelite') : t('bbb.serverBbb', { version: r.server?.bbbVersion ?? r.server?.apiVersion ?? '' }));
  return (
    <form onSubmit={(e) => void save(e)} aria-label={draft.id ? t('bbb.editServer', { name: draft.name }) : t('bbb.addServer')} className="bbb-profile-form">
      <label className="field">
        <span>{t('bbb.name')}</span>
        <input data-testid="bbb-name" value={draft.name} required onChange={(e) => onChange({ ...draft, name: e.target.value })} />
      </label>
      <label className="field">
        <span>{t('bbb.url')}</span>
        <input data-testid="bbb-url" value={draft.url} required placeholder="https://bbb.example.edu/bigbluebutton/api/" onChange={(e) => onChange({ ...draft, url: e.target.value })} />
      </label>
      <label className="field">
        <span>{t('bbb.meetingIds')}</span>
        <textarea data-testid="bbb-meetings" rows={2} value={draft.meetingIds} onChange={(e) => onChange({ ...draft, meetingIds: e.target.value })} />
      </label>
      <details className="bbb-advanced" open={advancedOpen} onToggle={(event) => setAdvancedOpen(event.currentTarget.open)}>
        <summary>{t('bbb.advanced')}</summary>
        <p className="muted">{t('bbb.advancedHelp')}</p>
        <label className="field">
          <span>{t('bbb.secret')}</span>
          <input data-testid="bbb-secret" type="password" autoComplete="off" value={draft.secret} onChange={(e) => onChange({ ...draft, secret: e.target.value })} />
          <small className="muted">{draft.id ? t('bbb.secretKept') : t('bbb.secretHint')}</small>
          <SecretStorageHint />
        </label>
        <label className="field">
          <span>{t('bbb.checksum')}</span>
          <select data-testid="bbb-checksum" value={draft.checksum} onChange={(e) => onChange({ ...draft, checksum: e.target.value as BbbChecksumAlgorithm })}>
            {BBB_CHECKSUM_ALGORITHMS.map((a) => (
              <option key={a} value={a}>
                {a.toUpperCase().replace('SHA', 'SHA-')}
              </option>
            ))}
          </select>
          <small className="muted">{t('bbb.checksumHint')}</small>
        </label>
        <label className="field">
          <span>{t('bbb.metaFilters')}</span>
          <textarea data-testid="bbb-meta" rows={2} value={draft.metaFilters} onChange={(e) => onChange({ ...draft, metaFilters: e.target.value })} />
        </label>
        <fieldset className="field">
          <legend>{t('bbb.states')}</legend>
          {BBB_RECORDING_STATES.map((state) => (
            <label key={state} style={{ marginRight: 8 }}>
              <input
                type="checkbox"
                checked={draft.states.includes(state)}
                onChange={(e) => onChange({ ...draft, states: e.target.checked ? [...draft.states, state] : draft.states.filter((s) => s !== state) })}
              />{' '}
              {t(`bbb.state.${state}`)}
            </label>
          ))}
        </fieldset>
      </details>
      <div className="actions">
        <button type="button" data-testid="bbb-test" disabled={testing || !draft.url} onClick={() => void test()}>
          {testing ? t('bbb.testing') : t('bbb.test')}
        </button>{' '}
        <button type="submit" data-testid="bbb-save">
          {t('bbb.save')}
        </button>{' '}
        <button type="button" onClick={props.onCancel}>
          {t('bbb.cancel')}
        </button>
      </div>
      {report ? (
        <p role="status" data-testid="bbb-test-result" className={report.ok ? 'ok' : 'error'}>
          {report.ok ? t('bbb.testOk', { server: serverName(report), count: report.recordingsSeen ?? 0 }) : t('bbb.testFailed', { message: report.problem ? t.error(report.problem) : '' })}
        </p>
      ) : null}
      <InlineError error={error} className="error" />
    </form>
  );
}

/** Preview thumbnails come through the StudioApi: the page may not load remote images itself. */
function Preview(props: { studio: FeatureViewProps['studio']; profileId: string; url: string; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    let alive = true;
    props.studio.bbbPreviewImage(props.profileId, props.url).then(
      ({ mime, bytes }) => {
        if (!alive) return;
        objectUrl = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mime }));
        setSrc(objectUrl);
      },
      () => setSrc(null), // no thumbnail: the row still shows its name, date and length
    );
    return () => {
      alive = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [props.studio, props.profileId, props.url]);
  return src ? <img src={src} alt={props.alt} width={88} height={68} /> : <span style={{ display: 'inline-block', width: 88, height: 68 }} aria-hidden="true" />;
}

function ImportRow(props: { studio: FeatureViewProps['studio']; profileId: string; recording: BbbRecording; jobId: string | null; onImport(options: BbbImportOptions): void; onOpen(capsuleId: string): void }) {
  const t = useT();
  const job = useJobsStore((s) => (props.jobId ? s.jobs[props.jobId] : undefined));
  const [options, setOptions] = useState<BbbImportOptions>({ webcams: true });
  const { recording } = props;
  const minutes = recordingMinutes(recording);
  const running = job && (job.state === 'queued' || job.state === 'running');
  const result = job?.state === 'done' ? (job.result as BbbImportResult | null) : null;
  return (
    <li data-testid="bbb-recording" data-record-id={recording.recordId} className="bbb-recording">
      <div className="bbb-recording-head">
        {recording.formats.flatMap((f) => f.previews).slice(0, 1).map((p) => (
          <Preview key={p.url} studio={props.studio} profileId={props.profileId} url={p.url} alt={p.alt} />
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
        {(
          [
            ['preferPresentation', 'bbb.optionPresentation'],
            ['webcams', 'bbb.optionWebcams'],
            ['chat', 'bbb.optionChat'],
            ['cursor', 'bbb.optionCursor'],
          ] as const
        ).map(([key, label]) => (
          <label key={key} style={{ display: 'block' }}>
            <input type="checkbox" checked={options[key] === true} onChange={(e) => setOptions({ ...options, [key]: e.target.checked })} /> {t(label)}
          </label>
        ))}
      </details>
      <button type="button" data-testid="bbb-import" disabled={Boolean(running)} onClick={() => props.onImport(options)}>
        {t('bbb.import')}
      </button>
      {job && running ? <ProgressBar value={job.progress} etaSeconds={job.etaSeconds} label={t('bbb.importing', { name: recording.name })} status={jobStageLabel(job, t.language)} /> : null}
      {job?.state === 'failed' && job.error ? <InlineError error={job.error} className="error" testId="bbb-import-error" /> : null}
      {result ? (
        <p role="status" data-testid="bbb-imported">
          {t('bbb.imported', { name: recording.name })}{' '}
          <button type="button" className="link-button" onClick={() => props.onOpen(result.capsuleId)}>
            {t('bbb.openCapsule')}
          </button>
        </p>
      ) : null}
    </li>
  );
}

export function BbbView({ studio, navigate }: FeatureViewProps) {
  const t = useT();
  const [profiles, setProfiles] = useState<BbbProfile[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [list, setList] = useState<BbbRecordingList | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<ShownError>(null);
  /** A background refresh that failed: the list shown is the cached one. */
  const [refreshError, setRefreshError] = useState<ShownError>(null);
  const [imported, setImported] = useState<number | null>(null);
  const [filter, setFilter] = useState<RecordingFilterState>({ text: '', state: '', format: '' });
  const [jobs, setJobs] = useState<Record<string, string>>({});
  const applyJob = useJobsStore((s) => s.applyJob);

  const loadProfiles = useCallback(async () => {
    try {
      const loaded = await studio.bbbListProfiles();
      setProfiles(loaded);
      setSelected((current) => current ?? loaded[0]?.id ?? null);
    } catch (caught) {
      setError(errorState(caught));
    }
  }, [studio]);

  useEffect(() => {
    void loadProfiles();
  }, [loadProfiles]);

  const loadRecordings = useCallback(
    async (profileId: string, refresh: boolean) => {
      setError(null);
      setRefreshing(true);
      try {
        const answer = await studio.bbbListRecordings(profileId, { refresh });
        setList(answer);
        if (!answer.fromCache) setRefreshing(false);
      } catch (caught) {
        setError(errorState(caught));
        setRefreshing(false);
      }
    },
    [studio],
  );

  useEffect(() => {
    setList(null);
    setRefreshError(null);
    if (selected) void loadRecordings(selected, false);
  }, [selected, loadRecordings]);

  useEffect(
    () =>
      studio.on('bbb.recordingsUpdated', (payload) => {
        if (payload.profileId !== selected) return;
        setRefreshing(false);
        if (payload.list) setList(payload.list);
        setRefreshError(payload.error);
      }),
    [studio, selected],
  );

  const shown = useMemo(() => filterRecordings(list?.recordings ?? [], filter), [list, filter]);
  const meetings = useMemo(() => groupByMeeting(shown), [shown]);

  const importProvisioning = async (file: File) => {
    setError(null);
    setImported(null);
    try {
      const saved = await studio.bbbImportProvisioning({ text: await file.text() });
      setImported(saved.length);
      await loadProfiles();
      if (saved[0]) setSelected(saved[0].id);
    } catch (caught) {
      setError(errorState(caught));
    }
  };
  const formats = useMemo(() => [...new Set((list?.recordings ?? []).flatMap((r) => r.formats.map((f) => f.type)))], [list]);

  const startImport = async (recording: BbbRecording, options: BbbImportOptions) => {
    if (!selected) return;
    try {
      const job = await studio.bbbImportRecording(selected, recording.recordId, options);
      applyJob(job);
      setJobs((current) => ({ ...current, [recording.recordId]: job.id }));
    } catch (caught) {
      setError(errorState(caught));
    }
  };

  const remove = async (profile: BbbProfile) => {
    try {
      await studio.bbbDeleteProfile(profile.id);
      if (selected === profile.id) setSelected(null);
      await loadProfiles();
    } catch (caught) {
      setError(errorState(caught));
    }
  };

  return (
    <section className="bbb-view" aria-labelledby="bbb-title">
      <h2 id="bbb-title" className="page-title">{t('bbb.title')}</h2>
      <p className="muted">{t('bbb.intro')}</p>
      <div className="bbb-columns" style={{ display: 'flex', gap: 24, alignItems: 'flex-start' }}>
        <aside style={{ minWidth: 280 }} aria-label={t('bbb.servers')}>
          <h3>{t('bbb.servers')}</h3>
          {profiles.length === 0 ? <p className="muted">{t('bbb.noProfiles')}</p> : null}
          <label className="button bbb-provisioning">
            {t('bbb.importFile')}
            <input
              type="file"
              accept="application/json,.json"
              hidden
              data-testid="bbb-provisioning-file"
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (file) void importProvisioning(file);
              }}
            />
          </label>
          {imported !== null ? (
            <p role="status" className="muted">
              {t('bbb.imported_servers', { count: imported })}
            </p>
          ) : null}
          <ul style={{ listStyle: 'none', padding: 0 }}>
            {profiles.map((profile) => (
              <li key={profile.id}>
                <label>
                  <input type="radio" name="bbb-profile" checked={selected === profile.id} onChange={() => setSelected(profile.id)} /> {profile.name}
                </label>{' '}
                <button type="button" className="link-button" onClick={() => setDraft(draftOf(profile))} aria-label={t('bbb.editServer', { name: profile.name })}>
                  ✎
                </button>
                <button type="button" className="link-button" onClick={() => void remove(profile)} aria-label={t('bbb.deleteServer', { name: profile.name })}>
                  ✕
                </button>
              </li>
            ))}
          </ul>
          {draft ? (
            <ProfileForm
              studio={studio}
              draft={draft}
              onChange={setDraft}
              onCancel={() => setDraft(null)}
              onSaved={(profile) => {
                setDraft(null);
                setSelected(profile.id);
                void loadProfiles();
                void loadRecordings(profile.id, true);
              }}
            />
          ) : (
            <button type="button" className="link-button" data-testid="bbb-add-server" onClick={() => setDraft({ ...emptyDraft })}>
              {t('bbb.addServer')}
            </button>
          )}
        </aside>
        <div style={{ flex: 1 }}>
          <h3>{t('bbb.recordings')}</h3>
          {!selected ? <p className="muted">{t('bbb.selectServer')}</p> : null}
          {selected ? (
            <div className="bbb-filters" style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center' }}>
              <input aria-label={t('bbb.filter')} placeholder={t('bbb.filter')} value={filter.text} onChange={(e) => setFilter({ ...filter, text: e.target.value })} />
              <details className="bbb-advanced-filters">
                <summary>{t('bbb.advanced')}</summary>
                <select aria-label={t('bbb.stateFilter')} value={filter.state} onChange={(e) => setFilter({ ...filter, state: e.target.value })}>
                  <option value="">{t('bbb.allStates')}</option>
                  {BBB_RECORDING_STATES.map((s) => (
                    <option key={s} value={s}>
                      {t(`bbb.state.${s}`)}
                    </option>
                  ))}
                </select>
                <select aria-label={t('bbb.formatFilter')} value={filter.format} onChange={(e) => setFilter({ ...filter, format: e.target.value })}>
                  <option value="">{t('bbb.allFormats')}</option>
                  {formats.map((f) => (
                    <option key={f} value={f}>
                      {f}
                    </option>
                  ))}
                </select>
              </details>
              <button type="button" data-testid="bbb-refresh" disabled={refreshing} onClick={() => void loadRecordings(selected, true)}>
                {refreshing ? t('bbb.refreshing') : t('bbb.refresh')}
              </button>
              {list?.fetchedAt ? <span className="muted">{t('bbb.fromCache', { time: new Date(list.fetchedAt).toLocaleString(t.language) })}</span> : null}
            </div>
          ) : null}
          <InlineError error={error} className="error" testId="bbb-error" />
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
                    <ImportRow
                      key={recording.recordId}
                      studio={studio}
                      profileId={selected ?? ''}
                      recording={recording}
                      jobId={jobs[recording.recordId] ?? null}
                      onImport={(options) => void startImport(recording, options)}
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
