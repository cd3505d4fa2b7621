// Runs in the renderer. One slide in the editor: its thumbnail (dragged to move the slide), its prompt
// (saved after a pause in typing and on blur, with what the save did), its sentence count, and the
// scissors that start a new grain at it. A slide dropped on its left or right half lands before or after it.
import { useState, type DragEvent } from 'react';
import type { CapsuleDetail, Grain, Slide } from '../../../shared/domain/capsule';
import type { StudioClient } from '../../api/studioClient';
import { useT } from '../../i18n/useT';
import { slideDropTarget } from '../../logic/grainMoves';
import { promptSentences } from '../../logic/prompt';
import { promptOf, useEditorStore, type SaveState } from '../../stores/editorStore';
import { pointerInRightHalf, type Dragged } from './dragging';
import { focusSlideSoon } from './slideFocus';

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

export function SlideCard({ studio, capsule, grain, grainNumber, number, slide, slideIndex, dragged, setDragged }: SlideCardProps) {
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
    const target = slideDropTarget(capsule, dragged.id, grain.id, slideIndex + (pointerInRightHalf(event) ? 1 : 0));
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
        setDropSide(pointerInRightHalf(event) ? 'after' : 'before');
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
