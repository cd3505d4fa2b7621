// Runs in the renderer. The library's place to drop a PDF, also a button (Enter or Space) that opens the
// file picker; it says when a file held over it will be taken.
import { useState, type DragEvent } from 'react';
import { useT } from '../../i18n/useT';

export function PdfDropZone({ onPick, onFile }: { onPick(): void; onFile(file: File): void }) {
  const t = useT();
  const [dragging, setDragging] = useState(false);
  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) onFile(file);
  };
  return (
    <div
      className={`drop-zone ${dragging ? 'drop-zone-active' : ''}`}
      role="button"
      tabIndex={0}
      aria-label={t('library.dropZoneLabel')}
      data-testid="pdf-drop-zone"
      onClick={onPick}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onPick();
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
  );
}
