// Runs in the renderer (pure, unit-tested in Node). Where a slide or a grain goes when the user drags
// it or moves it with the keyboard, expressed in the StudioApi's terms: moveSlide(slideId, grainId,
// position) and moveGrain(grainId, position), where `position` is the FINAL index once the moved
// item is taken out of its list (the library's semantics).
import type { CapsuleDetail, Grain, Slide } from '../../shared/domain/capsule';

export interface SlideLocation {
  grain: Grain;
  grainIndex: number;
  slide: Slide;
  slideIndex: number;
  /** Index of the slide in the whole capsule, 0-based. */
  flatIndex: number;
}

export interface SlideTarget {
  grainId: string;
  position: number;
}

export function locateSlide(capsule: CapsuleDetail, slideId: string): SlideLocation | null {
  let flatIndex = 0;
  for (const [grainIndex, grain] of capsule.grains.entries()) {
    for (const [slideIndex, slide] of grain.slides.entries()) {
      if (slide.id === slideId) return { grain, grainIndex, slide, slideIndex, flatIndex };
      flatIndex += 1;
    }
  }
  return null;
}

/** Every slide in recording order. */
export function flatSlides(capsule: CapsuleDetail): Slide[] {
  return capsule.grains.flatMap((grain) => grain.slides);
}

/** The slide before/after this one in recording order (keyboard focus), or null at either end. */
export function neighbourSlide(capsule: CapsuleDetail, slideId: string, direction: -1 | 1): Slide | null {
  const slides = flatSlides(capsule);
  const index = slides.findIndex((slide) => slide.id === slideId);
  if (index === -1) return null;
  return slides[index + direction] ?? null;
}

/**
 * One keyboard step of a slide. Inside its grain it swaps with its neighbour; at the grain's edge it
 * crosses into the adjacent grain (end of the previous one, start of the next one), so repeated
 * presses walk it through the whole capsule. Null when nothing can move.
 */
export function slideStepTarget(capsule: CapsuleDetail, slideId: string, direction: -1 | 1): SlideTarget | null {
  const location = locateSlide(capsule, slideId);
  if (!location) return null;
  const { grain, grainIndex, slideIndex } = location;
  const inside = slideIndex + direction;
  if (inside >= 0 && inside < grain.slides.length) return { grainId: grain.id, position: inside };
  const adjacent = capsule.grains[grainIndex + direction];
  if (!adjacent) return null;
  return direction === -1 ? { grainId: adjacent.id, position: adjacent.slides.length } : { grainId: adjacent.id, position: 0 };
}

/**
 * A drop of `slideId` into `targetGrainId` in front of the slide now at `insertBefore` (its index in
 * that grain; the grain's length to drop at the end). Null when the drop would change nothing.
 */
export function slideDropTarget(capsule: CapsuleDetail, slideId: string, targetGrainId: string, insertBefore: number): SlideTarget | null {
  const location = locateSlide(capsule, slideId);
  const target = capsule.grains.find((grain) => grain.id === targetGrainId);
  if (!location || !target) return null;
  const bounded = Math.max(0, Math.min(insertBefore, target.slides.length));
  if (location.grain.id !== targetGrainId) return { grainId: targetGrainId, position: bounded };
  const position = bounded > location.slideIndex ? bounded - 1 : bounded;
  if (position === location.slideIndex) return null;
  return { grainId: targetGrainId, position };
}

/** One keyboard step of a grain (up = -1), or null at either end. */
export function grainStepTarget(capsule: CapsuleDetail, grainId: string, direction: -1 | 1): number | null {
  const index = capsule.grains.findIndex((grain) => grain.id === grainId);
  if (index === -1) return null;
  const position = index + direction;
  return position >= 0 && position < capsule.grains.length ? position : null;
}

/** A grain dropped in front of the grain now at `insertBefore` (grains.length for the end). */
export function grainDropTarget(capsule: CapsuleDetail, grainId: string, insertBefore: number): number | null {
  const index = capsule.grains.findIndex((grain) => grain.id === grainId);
  if (index === -1) return null;
  const bounded = Math.max(0, Math.min(insertBefore, capsule.grains.length));
  const position = bounded > index ? bounded - 1 : bounded;
  return position === index ? null : position;
}

/** Can this slide start a new grain? Only when it is not already the first of its grain. */
export function canSplitAt(capsule: CapsuleDetail, slideId: string): boolean {
  const location = locateSlide(capsule, slideId);
  return location !== null && location.slideIndex > 0;
}
