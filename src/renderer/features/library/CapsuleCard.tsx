// Runs in the renderer. One capsule in the library: its thumbnail and title (both open it), its slides,
// grains and last change, rename in place (Escape gives up), duplicate, and delete after confirmation.
import { useState, type FormEvent } from 'react';
import type { CapsuleSummary } from '../../../shared/domain/capsule';
import type { StudioClient } from '../../api/studioClient';
import { ConfirmDialog } from '../../components/Dialog';
import { formatDate } from '../../i18n/format';
import { useT } from '../../i18n/useT';
import { useLibraryStore } from '../../stores/libraryStore';
import { ExportBundleButton } from './BundleActions';

export function CapsuleCard({ capsule, studio, onOpen }: { capsule: CapsuleSummary; studio: StudioClient; onOpen(): void }) {
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
