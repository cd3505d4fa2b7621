// Runs in the renderer. One grain in the editor: its handle (dragged to move the grain), number and
// editable title, the tools features add to grain headers (e.g. the takes badge), move up/down and
// merge with the previous grain, then its slide cards. Dropping on the grain itself (not on one of its
// slides): a slide goes to the grain's end, a grain goes before or after this one.
import { useRef, useState, type DragEvent } from 'react';
import type { CapsuleDetail, Grain } from '../../../shared/domain/capsule';
import type { StudioClient } from '../../api/studioClient';
import { useT } from '../../i18n/useT';
import { grainDropTarget, slideDropTarget } from '../../logic/grainMoves';
import { useEditorStore } from '../../stores/editorStore';
import { slotComponents } from '../registry';
import { pointerInRightHalf, type Dragged } from './dragging';
import { focusSlideSoon } from './slideFocus';
import { SlideCard } from './SlideCard';

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

export function GrainSection({ studio, capsule, grain, grainIndex, firstSlideNumber, dragged, setDragged }: GrainSectionProps) {
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
  // The field follows the grain's title when the store changes it (a rename saved, the capsule reloaded).
  const lastTitle = useRef(grain.title);
  if (lastTitle.current !== grain.title) {
    lastTitle.current = grain.title;
    setTitle(grain.title);
  }

  // Nothing is inserted in the page during a drag, so targets never move under the pointer.
  const onGrainDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDropHere(false);
    if (!dragged) return;
    if (dragged.kind === 'grain') {
      const position = grainDropTarget(capsule, dragged.id, grainIndex + (pointerInRightHalf(event) ? 1 : 0));
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
