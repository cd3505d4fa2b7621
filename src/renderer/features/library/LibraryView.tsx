// Runs in the renderer. The library: every capsule with its thumbnail, and creating one from a PDF
// (drop or file picker) with a progress bar and ETA, a password prompt for encrypted files, cancel;
// rename, duplicate and delete (after confirmation); import a capsule bundle or a Polymny export (button
// or drop of a .capsule/.zip) and export a capsule as a bundle (BundleActions.tsx).
import { useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import type { CapsuleSummary } from '../../../shared/domain/capsule';
import type { StudioClient } from '../../api/studioClient';
import { ConfirmDialog, Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/Notices';
import { ProgressBar } from '../../components/ProgressBar';
import { SettingsPanel } from '../../components/SettingsPanel';
import { jobStageLabel } from '../../components/jobText';
import { useShortcuts } from '../../hooks/useShortcuts';
import { formatDate } from '../../i18n/format';
import { useT } from '../../i18n/useT';
import { useJobsStore } from '../../stores/jobsStore';
import { useLibraryStore, type ImportOutcome, type PendingPdf } from '../../stores/libraryStore';
import { useUiStore } from '../../stores/uiStore';
import { ExportBundleButton, isBundleFile, useBundleImport } from './BundleActions';

export function pendingPdfFromFile(file: File): PendingPdf {
  return {
    name: file.name,
    readBytes: async () => new Uint8Array(await file.arrayBuffer()),
  };
}

export function LibraryView({ studio }: { studio: StudioClient }) {
  const t = useT();
  const capsules = useLibraryStore((state) => state.capsules);
  const loaded = useLibraryStore((state) => state.loaded);
  const error = useLibraryStore((state) => state.error);
  const importing = useLibraryStore((state) => state.importing);
  const refresh = useLibraryStore((state) => state.refresh);
  const importPdf = useLibraryStore((state) => state.importPdf);
  const dismissError = useLibraryStore((state) => state.dismissError);
  const openCapsule = useUiStore((state) => state.openCapsule);
  const notify = useUiStore((state) => state.notify);
  const fileInput = useRef<HTMLInputElement>(null);
  const bundleInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const bundles = useBundleImport(studio, openCapsule);
  const pickBundle = () => (studio.platform.kind === 'electron' ? void bundles.chooseWithDialog() : bundleInput.current?.click());

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const pickFile = () => fileInput.current?.click();

  useShortcuts(['library'], (id) => {
    if (id !== 'importPdf' || importing) return false;
    pickFile();
  });

  const start = async (file: File) => {
    const outcome = await importPdf(pendingPdfFromFile(file));
    afterImport(outcome);
  };

  const afterImport = (outcome: ImportOutcome) => {
    if (outcome.kind === 'created') {
      const count = outcome.capsule.grains.reduce((sum, grain) => sum + grain.slides.length, 0);
      notify({ tone: 'info', message: { key: 'import.done', params: { title: outcome.capsule.title, count } } });
      openCapsule(outcome.capsule.id);
    } else if (outcome.kind === 'cancelled') {
      notify({ tone: 'info', message: { key: 'import.cancelled' } });
    }
  };

  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (!file || importing || bundles.busy) return;
    if (isBundleFile(file.name)) void bundles.importFile(file);
    else void start(file);
  };

  return (
    <section className="view library-view" aria-labelledby="library-title">
      <header className="view-header">
        <h1 id="library-title" tabIndex={-1}>{t('library.title')}</h1>
        <button type="button" className="primary" onClick={pickFile} disabled={importing !== null}>
          {t('library.create')}
        </button>
        <button type="button" onClick={pickBundle} disabled={importing !== null || bundles.busy} data-testid="bundle-import">
          {t('bundle.import')}
        </button>
      </header>

      <input
        ref={bundleInput}
        type="file"
        accept=".capsule,.zip,application/zip"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="bundle-file-input"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void bundles.importFile(file);
        }}
      />
      {bundles.panel}

      <input
        ref={fileInput}
        type="file"
        accept="application/pdf,.pdf"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="pdf-file-input"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void start(file);
        }}
      />

      {error && <ErrorBanner error={error} onDismiss={dismissError} />}

      {importing ? (
        <ImportProgress onPasswordOutcome={afterImport} />
      ) : (
        <div
          className={`drop-zone ${dragging ? 'drop-zone-active' : ''}`}
          role="button"
          tabIndex={0}
          aria-label={t('library.dropZoneLabel')}
          data-testid="pdf-drop-zone"
          onClick={pickFile}
          onKeyDown={(event) => {
            if (event.key === 'Enter' || event.key === ' ') {
              event.preventDefault();
              pickFile();
            }
          }}
          onDragOver={(event) => {
            event.preventDefault();
            event.dataTransfer.dropEffect = 'copy';
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          {dragging ? (
            <span>{t('library.dropActive')}</span>
          ) : (
            <span>
              {t('library.dropHere')} <span className="link-like">{t('library.chooseFile')}</span>
            </span>
          )}
        </div>
      )}

      {!loaded ? (
        <p className="muted">{t('library.loading')}</p>
      ) : capsules.length === 0 ? (
        <p className="muted empty">{t('library.empty')}</p>
      ) : (
        <ul className="capsule-grid" aria-label={t('library.title')}>
          {capsules.map((capsule) => (
            <CapsuleCard key={capsule.id} capsule={capsule} studio={studio} onOpen={() => openCapsule(capsule.id)} />
          ))}
        </ul>
      )}
      <SettingsPanel studio={studio} />
    </section>
  );
}

function ImportProgress({ onPasswordOutcome }: { onPasswordOutcome(outcome: ImportOutcome): void }) {
  const t = useT();
  const importing = useLibraryStore((state) => state.importing);
  const cancelImport = useLibraryStore((state) => state.cancelImport);
  const submitPassword = useLibraryStore((state) => state.submitPassword);
  const job = useJobsStore((state) => (importing ? state.jobs[importing.jobId] : undefined));
  const [password, setPassword] = useState('');
  if (!importing) return null;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const value = password;
    setPassword('');
    onPasswordOutcome(await submitPassword(value));
  };

  return (
    <div className="import-panel" aria-live="polite" data-testid="import-panel">
      <h2>{t('import.title', { name: importing.pdf.name })}</h2>
      {importing.phase === 'running' && (
        <>
          <ProgressBar
            value={job?.progress ?? null}
            etaSeconds={job?.etaSeconds ?? null}
            label={t('import.title', { name: importing.pdf.name })}
            status={job ? jobStageLabel(job, t.language) : t('import.starting')}
          />
          <button type="button" onClick={() => void cancelImport()} disabled={importing.cancelling}>
            {t('import.cancel')}
          </button>
        </>
      )}
      <Dialog open={importing.phase === 'password'} title={t('import.passwordTitle')} onClose={() => void cancelImport()}>
        <form onSubmit={(event) => void onSubmit(event)}>
          <p>{t('import.passwordBody', { name: importing.pdf.name })}</p>
          {importing.wrongPassword && (
            <p className="form-error" role="alert">
              {t('import.passwordWrong')}
            </p>
          )}
          <label className="field">
            <span>{t('import.password')}</span>
            <input type="password" autoComplete="off" value={password} onChange={(event) => setPassword(event.target.value)} required />
          </label>
          <div className="dialog-actions">
            <button type="button" onClick={() => void cancelImport()}>
              {t('app.cancel')}
            </button>
            <button type="submit" className="primary">
              {t('import.passwordSubmit')}
            </button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}

function CapsuleCard({ capsule, studio, onOpen }: { capsule: CapsuleSummary; studio: StudioClient; onOpen(): void }) {
  const t = useT();
  const rename = useLibraryStore((state) => state.rename);
  const duplicate = useLibraryStore((state) => state.duplicate);
  const remove = useLibraryStore((state) => state.remove);
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(capsule.title);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const submitRename = async (event: FormEvent) => {
    event.preventDefault();
    if (title.trim() && (await rename(capsule.id, title))) setRenaming(false);
  };

  return (
    <li className="capsule-card" data-capsule-id={capsule.id}>
      <button type="button" className="capsule-thumb" onClick={onOpen} aria-label={t('library.openCapsule', { title: capsule.title })}>
        {capsule.thumbnail ? <img src={studio.platform.mediaUrl(capsule.thumbnail)} alt={t('library.thumbnailOf', { title: capsule.title })} loading="lazy" /> : <span className="muted">{t('library.noThumbnail')}</span>}
      </button>
      <div className="capsule-body">
        {renaming ? (
          <form className="rename-form" onSubmit={(event) => void submitRename(event)}>
            <label className="visually-hidden" htmlFor={`rename-${capsule.id}`}>
              {t('library.newTitle')}
            </label>
            <input
              id={`rename-${capsule.id}`}
              value={title}
              autoFocus
              maxLength={300}
              onChange={(event) => setTitle(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Escape') {
                  event.preventDefault();
                  setTitle(capsule.title);
                  setRenaming(false);
                }
              }}
            />
            <button type="submit" className="primary">
              {t('app.save')}
            </button>
          </form>
        ) : (
          <h2 className="capsule-title">
            <button type="button" className="link-button" onClick={onOpen}>
              {capsule.title}
            </button>
          </h2>
        )}
        <p className="muted capsule-meta">
          {t('library.slides', { count: capsule.slideCount })} · {t('library.grains', { count: capsule.grainCount })}
          <br />
          {t('library.updated', { date: formatDate(capsule.updatedAt, t.language) })}
        </p>
        <div className="capsule-actions">
          <button
            type="button"
            aria-label={t('library.renameCapsule', { title: capsule.title })}
            onClick={() => {
              setTitle(capsule.title);
              setRenaming(true);
            }}
          >
            {t('library.rename')}
          </button>
          <button type="button" aria-label={t('library.duplicateCapsule', { title: capsule.title })} onClick={() => void duplicate(capsule.id)}>
            {t('library.duplicate')}
          </button>
          <ExportBundleButton studio={studio} capsuleId={capsule.id} title={capsule.title} />
          <button type="button" className="danger-outline" aria-label={t('library.deleteCapsule', { title: capsule.title })} onClick={() => setConfirmDelete(true)}>
            {t('library.delete')}
          </button>
        </div>
      </div>
      <ConfirmDialog
        open={confirmDelete}
        title={t('library.deleteConfirmTitle')}
        body={t('library.deleteConfirmBody', { title: capsule.title })}
        confirmLabel={t('library.delete')}
        cancelLabel={t('app.cancel')}
        danger
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => {
          setConfirmDelete(false);
          void remove(capsule.id);
        }}
      />
    </li>
  );
}
