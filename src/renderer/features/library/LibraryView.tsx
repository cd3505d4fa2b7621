// Runs in the renderer. The library: every capsule with its thumbnail, and creating one from a PDF
// (drop or file picker) with a progress bar and ETA, a password prompt for encrypted files, cancel;
// rename, duplicate and delete (after confirmation); import a capsule bundle or a Polymny export (button
// or drop of a .capsule/.zip) and export a capsule as a bundle (BundleActions.tsx). This file lays out
// the drop zone or the import under way (PdfDropZone, ImportProgress, usePdfImport), the capsules
// (CapsuleCard) and the settings.
import { useEffect, useRef } from 'react';
import type { StudioClient } from '../../api/studioClient';
import { ErrorBanner } from '../../components/Notices';
import { SettingsPanel } from '../../components/SettingsPanel';
import { useShortcuts } from '../../hooks/useShortcuts';
import { useT } from '../../i18n/useT';
import { useLibraryStore } from '../../stores/libraryStore';
import { useUiStore } from '../../stores/uiStore';
import { isBundleFile, useBundleImport } from './BundleActions';
import { CapsuleCard } from './CapsuleCard';
import { HiddenFileInput } from './HiddenFileInput';
import { ImportProgress } from './ImportProgress';
import { PdfDropZone } from './PdfDropZone';
import { usePdfImport } from './usePdfImport';

export function LibraryView({ studio }: { studio: StudioClient }) {
  const t = useT();
  const capsules = useLibraryStore((state) => state.capsules);
  const loaded = useLibraryStore((state) => state.loaded);
  const error = useLibraryStore((state) => state.error);
  const refresh = useLibraryStore((state) => state.refresh);
  const dismissError = useLibraryStore((state) => state.dismissError);
  const openCapsule = useUiStore((state) => state.openCapsule);
  const pdfImport = usePdfImport();
  const { importing } = pdfImport;
  const fileInput = useRef<HTMLInputElement>(null);
  const bundleInput = useRef<HTMLInputElement>(null);
  const bundles = useBundleImport(studio, openCapsule);
  const pickBundle = () => (studio.platform.kind === 'electron' ? void bundles.chooseWithDialog() : bundleInput.current?.click());
  const onDroppedFile = (file: File) => {
    if (bundles.busy) return;
    if (isBundleFile(file.name)) void bundles.importFile(file);
    else void pdfImport.start(file);
  };

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const pickFile = () => fileInput.current?.click();

  useShortcuts(['library'], (id) => {
    if (id !== 'importPdf' || importing) return false;
    pickFile();
  });

  return (
    <section className="view library-view" aria-labelledby="library-title">
      <header className="view-header">
        <h1 id="library-title" tabIndex={-1}>{t('library.title')}</h1>
        <button type="button" className="primary" onClick={pickFile} disabled={importing}>
          {t('library.create')}
        </button>
        <button type="button" onClick={pickBundle} disabled={importing || bundles.busy} data-testid="bundle-import">
          {t('bundle.import')}
        </button>
      </header>

      <HiddenFileInput ref={bundleInput} accept=".capsule,.zip,application/zip" testId="bundle-file-input" onFile={(file) => void bundles.importFile(file)} />
      {bundles.panel}

      <HiddenFileInput ref={fileInput} accept="application/pdf,.pdf" testId="pdf-file-input" onFile={(file) => void pdfImport.start(file)} />

      {error && <ErrorBanner error={error} onDismiss={dismissError} />}

      {importing ? <ImportProgress onPasswordOutcome={pdfImport.finish} /> : <PdfDropZone onPick={pickFile} onFile={onDroppedFile} />}

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
