// Runs in the renderer. Capsule bundles in the library: "Import a bundle / a Polymny export…" (native
// dialog in the desktop app, file picker or drop in the browser, uploaded in parts, never whole in
// memory) with a progress bar, ETA and the import report; and "Export as bundle…" on each capsule
// (chosen takes or all, saved through the native dialog, or downloaded in the browser build).
import { useState } from 'react';
import type { FileChoice } from '../../../shared/api/files';
import { uploadFile } from '../../api/upload';
import type { BundleExportResult, ImportReport } from '../../../shared/domain/bundle';
import { toErrorInfo, type StudioErrorInfo } from '../../../shared/errors';
import type { StudioClient } from '../../api/studioClient';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/Notices';
import { ProgressBar } from '../../components/ProgressBar';
import { jobStageLabel } from '../../components/jobText';
import { describeError } from '../../i18n';
import { useT } from '../../i18n/useT';
import { useJobsStore } from '../../stores/jobsStore';
import { newJobId, useLibraryStore } from '../../stores/libraryStore';

/** A bundle (`.capsule`) or a Polymny export (`.zip`): what the import accepts. */
export function isBundleFile(name: string): boolean {
  return /\.(capsule|zip)$/i.test(name);
}

interface ImportRun {
  jobId: string;
  name: string;
}

/** The import button, its progress and its report. `pending` is a dropped file to import now. */
export function useBundleImport(studio: StudioClient, onOpen: (capsuleId: string) => void) {
  const t = useT();
  const refresh = useLibraryStore((state) => state.refresh);
  const [run, setRun] = useState<ImportRun | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<StudioErrorInfo | null>(null);
  const job = useJobsStore((state) => (run ? state.jobs[run.jobId] : undefined));

  const importChoice = async (choice: FileChoice) => {
    const jobId = newJobId();
    setRun({ jobId, name: choice.name });
    setError(null);
    try {
      setReport(await studio.importCapsuleFile({ source: { grant: choice.grant }, jobId }));
      await refresh();
    } catch (failure) {
      const info = toErrorInfo(failure);
      if (info.code !== 'CANCELLED') setError(info);
    } finally {
      setRun(null);
    }
  };

  const importFile = async (file: File) => {
    if (!isBundleFile(file.name)) {
      setError({ code: 'BUNDLE_NOT_CAPSULE', message: t('bundle.notABundle', { name: file.name }) });
      return;
    }
    setRun({ jobId: '', name: file.name });
    try {
      await importChoice(await uploadFile(studio, file, 'read-bundle'));
    } catch (failure) {
      setRun(null);
      setError(toErrorInfo(failure));
    }
  };

  const chooseWithDialog = async () => {
    try {
      const choice = await studio.chooseFile('read-bundle');
      if (choice) await importChoice(choice);
    } catch (failure) {
      setError(toErrorInfo(failure));
    }
  };

  const panel = (
    <>
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      {run && (
        <div className="import-panel" aria-live="polite" data-testid="bundle-import-panel">
          <h2>{t('bundle.importing', { name: run.name })}</h2>
          <ProgressBar value={job?.progress ?? null} etaSeconds={job?.etaSeconds ?? null} label={t('bundle.importing', { name: run.name })} status={job ? jobStageLabel(job, t.language) : t('import.starting')} />
          {run.jobId && (
            <button type="button" onClick={() => void studio.cancelJob(run.jobId).catch((failure: unknown) => setError(toErrorInfo(failure)))}>
              {t('bundle.cancel')}
            </button>
          )}
        </div>
      )}
      <Dialog open={report !== null} title={report ? t('bundle.reportTitle', { title: report.title }) : ''} onClose={() => setReport(null)}>
        {report && (
          <div data-testid="bundle-import-report">
            <p>{t('bundle.reportSummary', { grains: report.grains, slides: report.slides, takes: report.takes })}</p>
            {report.source === 'polymny' && <p>{t('bundle.reportFromPolymny')}</p>}
            {report.notes.length > 0 && (
              <>
                <h3>{t('bundle.reportNotes')}</h3>
                <ul>
                  {report.notes.map((note) => (
                    <li key={note.code}>{describeError(note, t.language)}</li>
                  ))}
                </ul>
              </>
            )}
            <div className="dialog-actions">
              <button type="button" onClick={() => setReport(null)}>
                {t('bundle.close')}
              </button>
              <button
                type="button"
                className="primary"
                onClick={() => {
                  const id = report.capsuleId;
                  setReport(null);
                  onOpen(id);
                }}
              >
                {t('bundle.reportOpen')}
              </button>
            </div>
          </div>
        )}
      </Dialog>
    </>
  );

  return { busy: run !== null, importFile, chooseWithDialog, panel };
}

/** "Export as bundle…" of one capsule, with its dialog. */
export function ExportBundleButton({ studio, capsuleId, title }: { studio: StudioClient; capsuleId: string; title: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [takes, setTakes] = useState<'chosen' | 'all'>('chosen');
  const [jobId, setJobId] = useState<string | null>(null);
  const [done, setDone] = useState<(BundleExportResult & { media: string | null }) | null>(null);
  const [error, setError] = useState<StudioErrorInfo | null>(null);
  const job = useJobsStore((state) => (jobId ? state.jobs[jobId] : undefined));
  const desktop = studio.platform.kind === 'electron';

  const start = async () => {
    setError(null);
    setDone(null);
    try {
      const saveGrant = desktop ? (await studio.chooseSaveFile('save-bundle', `${title.replace(/[\\/:*?"<>|]/g, '-').slice(0, 120)}.capsule`))?.grant : undefined;
      if (desktop && !saveGrant) return;
      const id = newJobId();
      setJobId(id);
      setDone(await studio.exportCapsuleBundle(capsuleId, { takes, saveGrant, jobId: id }));
    } catch (failure) {
      const info = toErrorInfo(failure);
      if (info.code !== 'CANCELLED') setError(info);
    } finally {
      setJobId(null);
    }
  };

  return (
    <>
      <button type="button" aria-label={t('bundle.exportCapsule', { title })} onClick={() => setOpen(true)} data-testid="bundle-export">
        {t('bundle.export')}
      </button>
      <Dialog open={open} title={t('bundle.exportTitle', { title })} onClose={() => setOpen(false)}>
        <p>{t('bundle.exportBody')}</p>
        <fieldset disabled={jobId !== null}>
          <legend>{t('bundle.takesLegend')}</legend>
          <label>
            <input type="radio" name={`takes-${capsuleId}`} checked={takes === 'chosen'} onChange={() => setTakes('chosen')} /> {t('bundle.takesChosen')}
          </label>
          <label>
            <input type="radio" name={`takes-${capsuleId}`} checked={takes === 'all'} onChange={() => setTakes('all')} /> {t('bundle.takesAll')}
          </label>
        </fieldset>
        {jobId && (
          <>
            <ProgressBar value={job?.progress ?? null} etaSeconds={job?.etaSeconds ?? null} label={t('bundle.exporting', { title })} status={job ? jobStageLabel(job, t.language) : t('import.starting')} />
            <button type="button" onClick={() => void studio.cancelJob(jobId).catch((failure: unknown) => setError(toErrorInfo(failure)))}>
              {t('bundle.cancel')}
            </button>
          </>
        )}
        {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
        {done && (
          <p role="status" data-testid="bundle-exported">
            {t('bundle.exported', { name: done.file, size: (done.bytes / 1e6).toFixed(1), takes: done.takes })}{' '}
            {done.media && (
              <a className="button" href={studio.platform.mediaUrl(done.media)} download={`${title.replace(/[\\/:*?"<>|]/g, '-').slice(0, 120)}.capsule`}>
                {t('bundle.download')}
              </a>
            )}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={() => setOpen(false)}>
            {t('bundle.close')}
          </button>
          <button type="button" className="primary" onClick={() => void start()} disabled={jobId !== null}>
            {t('bundle.exportStart')}
          </button>
        </div>
      </Dialog>
    </>
  );
}
