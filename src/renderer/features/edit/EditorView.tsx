// Runs in the renderer. The capsule editor: slides grouped in grains, a prompt per slide (saved after
// a pause in typing and on blur), and regrouping/reordering by drag and drop or by keyboard (the
// shortcuts of the 'editor' scope act on the focused slide card). This file lays out the grains
// (GrainSection, SlideCard) and the side panels features add (e.g. the montage layout).
import { useState } from 'react';
import type { StudioClient } from '../../api/studioClient';
import { ErrorBanner } from '../../components/Notices';
import { useT } from '../../i18n/useT';
import { useEditorStore } from '../../stores/editorStore';
import { useUiStore } from '../../stores/uiStore';
import { slotComponents } from '../registry';
import type { Dragged } from './dragging';
import { GrainSection } from './GrainSection';
import { useEditorKeys } from './useEditorKeys';

export function EditorView({ studio }: { studio: StudioClient }) {
  const t = useT();
  const capsule = useEditorStore((state) => state.capsule);
  const loading = useEditorStore((state) => state.loading);
  const error = useEditorStore((state) => state.error);
  const dismissError = useEditorStore((state) => state.dismissError);
  const closeCapsule = useUiStore((state) => state.closeCapsule);
  const [dragged, setDragged] = useState<Dragged>(null);
  const asides = slotComponents('editor.aside');
  useEditorKeys();

  if (!capsule) {
    return (
      <section className="view editor-view">
        {error ? (
          <>
            <ErrorBanner error={error} onDismiss={dismissError} />
            <button type="button" onClick={closeCapsule}>
              {t('app.backToLibrary')}
            </button>
          </>
        ) : (
          <p className="muted">{loading ? t('editor.loading') : t('app.noCapsuleSelected')}</p>
        )}
      </section>
    );
  }

  const firstNumbers: number[] = [];
  capsule.grains.reduce((next, grain) => {
    firstNumbers.push(next);
    return next + grain.slides.length;
  }, 1);

  return (
    <section className="view editor-view" aria-labelledby="editor-title">
      <header className="view-header">
        <div>
          <h1 id="editor-title" tabIndex={-1}>{t('editor.title', { title: capsule.title })}</h1>
          <p className="muted help">
            {t('editor.help')} {t('editor.shortcutsHint')}
          </p>
        </div>
      </header>
      {error && <ErrorBanner error={error} onDismiss={dismissError} />}
      <div className={`editor-body ${asides.length > 0 ? 'with-aside' : ''}`}>
        <ol className="grains" aria-label={capsule.title}>
          {capsule.grains.map((grain, grainIndex) => (
            <GrainSection
              key={grain.id}
              studio={studio}
              capsule={capsule}
              grain={grain}
              grainIndex={grainIndex}
              firstSlideNumber={firstNumbers[grainIndex] ?? 1}
              dragged={dragged}
              setDragged={setDragged}
            />
          ))}
        </ol>
        {asides.length > 0 && (
          <aside className="editor-aside">
            {asides.map(({ featureId, component: Aside }) => (
              <Aside key={featureId} studio={studio} capsule={capsule} />
            ))}
          </aside>
        )}
      </div>
    </section>
  );
}
