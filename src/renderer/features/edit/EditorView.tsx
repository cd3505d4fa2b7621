// Runs in the renderer. The capsule editor: slides grouped in grains, a prompt per slide (saved after
// a pause in typing and on blur), and regrouping/reordering by drag and drop or by keyboard (the
// shortcuts of the 'editor' scope act on the focused slide card).
import { useRef, useState, type DragEvent } from 'react';
import type { CapsuleDetail, Grain, Slide } from '../../../shared/domain/capsule';
import type { StudioClient } from '../../api/studioClient';
import { ErrorBanner } from '../../components/Notices';
import { slotComponents } from '../registry';
import { useShortcuts } from '../../hooks/useShortcuts';
import { useT } from '../../i18n/useT';
import { canSplitAt, grainDropTarget, locateSlide, neighbourSlide, slideDropTarget } from '../../logic/grainMoves';
import { promptSentences } from '../../logic/prompt';
import { promptOf, useEditorStore, type SaveState } from '../../stores/editorStore';
import { useUiStore } from '../../stores/uiStore';

type Dragged = { kind: 'slide'; id: string } | { kind: 'grain'; id: string } | null;

function slideCard(slideId: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`.slide-card[data-slide-id="${CSS.escape(slideId)}"]`);
}

/** Focus a slide's card once React has re-rendered it (moves re-mount cards in another grain). */
function focusSlideSoon(slideId: string, part: 'card' | 'prompt' = 'card'): void {
  requestAnimationFrame(() => {
    const card = slideCard(slideId);
    const target = part === 'prompt' ? card?.querySelector<HTMLElement>('textarea') : card;
    target?.focus();
  });
}

/** The slide card the event comes from, when the event target is the card itself (not a field or button in it). */
function cardTarget(event: KeyboardEvent): string | null {
  const target = event.target;
  if (!(target instanceof HTMLElement) || !target.classList.contains('slide-card')) return null;
  return target.dataset.slideId ?? null;
}

export function EditorView({ studio }: { studio: StudioClient }) {
  const t = useT();
  const capsule = useEditorStore((state) => state.capsule);
  const loading = useEditorStore((state) => state.loading);
  const error = useEditorStore((state) => state.error);
  const dismissError = useEditorStore((state) => state.dismissError);
  const closeCapsule = useUiStore((state) => state.closeCapsule);
  const [dragged, setDragged] = useState<Dragged>(null);
  const asides = slotComponents('editor.aside');

  useShortcuts(['editor'], (id, event) => {
    const editor = useEditorStore.getState();
    const current = editor.capsule;
    if (!current) return false;
    if (id === 'leavePrompt') {
      const target = event.target instanceof HTMLElement ? event.target.closest<HTMLElement>('.slide-card') : null;
      if (!target || event.target === target) return false;
      target.focus();
      return;
    }
    const slideId = cardTarget(event);
    if (!slideId) return false;
    const location = locateSlide(current, slideId);
    if (!location) return false;
    switch (id) {
      case 'focusPreviousSlide':
      case 'focusNextSlide': {
        const next = neighbourSlide(current, slideId, id === 'focusNextSlide' ? 1 : -1);
        if (next) slideCard(next.id)?.focus();
        return;
      }
      case 'editPrompt':
        focusSlideSoon(slideId, 'prompt');
        return;
      case 'moveSlideBack':
      case 'moveSlideForward':
        void editor.stepSlide(slideId, id === 'moveSlideForward' ? 1 : -1).then(() => focusSlideSoon(slideId));
        return;
      case 'splitGrain':
        if (canSplitAt(current, slideId)) void editor.splitAt(slideId).then(() => focusSlideSoon(slideId));
        return;
      case 'mergeGrain':
        if (location.grainIndex > 0) void editor.mergeWithPrevious(location.grain.id).then(() => focusSlideSoon(slideId));
        return;
      case 'moveGrainUp':
      case 'moveGrainDown':
        void editor.stepGrain(location.grain.id, id === 'moveGrainDown' ? 1 : -1).then(() => focusSlideSoon(slideId));
        return;
      default:
        return false;
    }
  });

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

interface GrainSectionProps {
  studio: StudioClient;
  capsule: CapsuleDetail;
  grain: Grain;
  grainIndex: number;
  /** 1-based number of the grain's first slide in the whole capsule. */
  firstSlideNumber: number;
  dragged: Dragged;
  setDragged(dragged: Dragged): void;
}

function GrainSection({ studio, capsule, grain, grainIndex, firstSlideNumber, dragged, setDragged }: GrainSectionProps) {
  const t = useT();
  const moveGrain = useEditorStore((state) => state.moveGrain);
  const stepGrain = useEditorStore((state) => state.stepGrain);
  const mergeWithPrevious = useEditorStore((state) => state.mergeWithPrevious);
  const moveSlide = useEditorStore((state) => state.moveSlide);
  const renameGrain = useEditorStore((state) => state.renameGrain);
  const [title, setTitle] = useState(grain.title);
  const [dropHere, setDropHere] = useState(false);
  const number = grainIndex + 1;
  const grainTools = slotComponents('editor.grain');
  const lastTitle = useRef(grain.title);
  if (lastTitle.current !== grain.title) {
    lastTitle.current = grain.title;
    setTitle(grain.title);
  }

  // Dropping on the grain itself (not on one of its slides): a slide goes to the grain's end, a
  // grain goes before or after this one (grains flow left to right). Nothing is inserted in the page
  // during a drag, so targets never move under the pointer.
  const onGrainDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDropHere(false);
    if (!dragged) return;
    if (dragged.kind === 'grain') {
      const rect = event.currentTarget.getBoundingClientRect();
      const after = event.clientX > rect.left + rect.width / 2;
      const position = grainDropTarget(capsule, dragged.id, grainIndex + (after ? 1 : 0));
      if (position !== null) void moveGrain(dragged.id, position);
    } else {
      const target = slideDropTarget(capsule, dragged.id, grain.id, grain.slides.length);
      const slideId = dragged.id;
      if (target) void moveSlide(slideId, target.grainId, target.position).then(() => focusSlideSoon(slideId));
    }
    setDragged(null);
  };

  return (
    <li
      className={`grain ${dropHere ? 'drop-target' : ''}`}
      data-grain-id={grain.id}
      aria-labelledby={`grain-title-${grain.id}`}
      onDragOver={(event) => {
        if (!dragged) return;
        event.preventDefault();
        setDropHere(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropHere(false);
      }}
      onDrop={onGrainDrop}
    >
      <header className="grain-header">
        <span
          className="drag-handle"
          draggable
          aria-hidden="true"
          title={t('editor.grain', { number })}
          onDragStart={(event) => {
            event.dataTransfer.setData('text/plain', grain.id);
            event.dataTransfer.effectAllowed = 'move';
            setDragged({ kind: 'grain', id: grain.id });
          }}
          onDragEnd={() => setDragged(null)}
        >
          ⋮⋮
        </span>
        <h2 id={`grain-title-${grain.id}`} className="grain-number">
          {t('editor.grain', { number })}
        </h2>
        <input
          className="grain-title-input"
          value={title}
          maxLength={300}
          placeholder={t('editor.grainTitlePlaceholder', { number })}
          aria-label={t('editor.grainTitle', { number })}
          onChange={(event) => setTitle(event.target.value)}
          onBlur={() => {
            if (title.trim() !== grain.title) void renameGrain(grain.id, title);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') event.currentTarget.blur();
          }}
        />
        <span className="muted grain-count">{t('editor.grainSlides', { count: grain.slides.length })}</span>
        <div className="grain-actions">
          {grainTools.map(({ featureId, component: Tool }) => (
            <Tool key={featureId} studio={studio} capsule={capsule} grain={grain} />
          ))}
          <button type="button" className="icon-button" aria-label={t('editor.moveGrainUp', { number })} disabled={grainIndex === 0} onClick={() => void stepGrain(grain.id, -1)}>
            ↑
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={t('editor.moveGrainDown', { number })}
            disabled={grainIndex === capsule.grains.length - 1}
            onClick={() => void stepGrain(grain.id, 1)}
          >
            ↓
          </button>
          {grainIndex > 0 && (
            <button type="button" aria-label={t('editor.mergeWithPrevious', { number })} onClick={() => void mergeWithPrevious(grain.id)}>
              {t('editor.merge')}
            </button>
          )}
        </div>
      </header>
      <ol className="slide-grid">
        {grain.slides.map((slide, slideIndex) => (
          <SlideCard
            key={slide.id}
            studio={studio}
            capsule={capsule}
            grain={grain}
            grainNumber={number}
            number={firstSlideNumber + slideIndex}
            slide={slide}
            slideIndex={slideIndex}
            dragged={dragged}
            setDragged={setDragged}
          />
        ))}
      </ol>
    </li>
  );
}

interface SlideCardProps {
  studio: StudioClient;
  capsule: CapsuleDetail;
  grain: Grain;
  grainNumber: number;
  /** 1-based number in the whole capsule. */
  number: number;
  slide: Slide;
  slideIndex: number;
  dragged: Dragged;
  setDragged(dragged: Dragged): void;
}

function SlideCard({ studio, capsule, grain, grainNumber, number, slide, slideIndex, dragged, setDragged }: SlideCardProps) {
  const t = useT();
  const prompt = useEditorStore((state) => promptOf(state, slide.id, slide.prompt));
  const saveState = useEditorStore((state) => state.saveStates[slide.id]);
  const editPrompt = useEditorStore((state) => state.editPrompt);
  const flushPrompt = useEditorStore((state) => state.flushPrompt);
  const select = useEditorStore((state) => state.select);
  const selected = useEditorStore((state) => state.selectedSlideId === slide.id);
  const moveSlide = useEditorStore((state) => state.moveSlide);
  const splitAt = useEditorStore((state) => state.splitAt);
  const [dropSide, setDropSide] = useState<'before' | 'after' | null>(null);
  const sentences = promptSentences(prompt).length;

  const onDrop = (event: DragEvent<HTMLElement>) => {
    if (dragged?.kind !== 'slide') return;
    event.preventDefault();
    event.stopPropagation();
    setDropSide(null);
    const rect = event.currentTarget.getBoundingClientRect();
    const after = event.clientX > rect.left + rect.width / 2;
    const target = slideDropTarget(capsule, dragged.id, grain.id, slideIndex + (after ? 1 : 0));
    const slideId = dragged.id;
    if (target) void moveSlide(slideId, target.grainId, target.position).then(() => focusSlideSoon(slideId));
    setDragged(null);
  };

  return (
    <li
      className={`slide-card ${selected ? 'selected' : ''} ${dropSide ? `drop-${dropSide}` : ''}`}
      tabIndex={0}
      data-slide-id={slide.id}
      aria-label={t('editor.slideLabel', { number, page: slide.pageLabel ?? slide.pageNumber ?? number, grain: grainNumber })}
      onFocus={() => select(slide.id)}
      onDragOver={(event) => {
        if (dragged?.kind !== 'slide') return;
        event.preventDefault();
        event.stopPropagation();
        const rect = event.currentTarget.getBoundingClientRect();
        setDropSide(event.clientX > rect.left + rect.width / 2 ? 'after' : 'before');
      }}
      onDragLeave={() => setDropSide(null)}
      onDrop={onDrop}
    >
      <div
        className="slide-thumb"
        draggable
        onDragStart={(event) => {
          event.dataTransfer.setData('text/plain', slide.id);
          event.dataTransfer.effectAllowed = 'move';
          setDragged({ kind: 'slide', id: slide.id });
        }}
        onDragEnd={() => setDragged(null)}
      >
        <img src={studio.platform.mediaUrl(slide.thumbnail)} alt={t('editor.slideImage', { number })} draggable={false} loading="lazy" />
        <span className="slide-number" aria-hidden="true">
          {number}
        </span>
      </div>
      <textarea
        className="slide-prompt"
        value={prompt}
        rows={4}
        aria-label={t('editor.prompt', { number })}
        placeholder={t('editor.promptPlaceholder')}
        data-testid="slide-prompt"
        onChange={(event) => editPrompt(slide.id, event.target.value)}
        onBlur={() => void flushPrompt(slide.id)}
      />
      <div className="slide-footer">
        <span className="muted">{t('editor.sentences', { count: sentences })}</span>
        <SaveIndicator state={saveState} />
        {slideIndex > 0 && (
          <button type="button" className="small" aria-label={t('editor.splitHere', { number })} title={t('editor.splitHere', { number })} onClick={() => void splitAt(slide.id)}>
            ✂
          </button>
        )}
      </div>
    </li>
  );
}

function SaveIndicator({ state }: { state: SaveState | undefined }) {
  const t = useT();
  if (!state) return <span className="save-state" />;
  const text = state === 'saving' || state === 'pending' ? t('editor.saving') : state === 'saved' ? t('editor.saved') : t('editor.saveFailed');
  return (
    <span className={`save-state save-${state}`} data-testid="save-state" data-state={state}>
      {text}
    </span>
  );
}
