// Runs in Node (test support). A montage GrainPlan from the parts a test is about (slides, take,
// timeline, layout); every other field holds a lone grain's plain value (first and last, no fades,
// no denoise, no music), and the camera's geometry is computed from the layout as the plan does.
import type { GrainPlan, PlannedSlide } from '../../src/main/montage/montagePlan';
import { DEFAULT_LAYOUT } from '../../src/shared/domain/layout';
import { computeLayoutGeometry, type Size } from '../../src/shared/logic/layoutGeometry';

const FULL_HD: Size = { width: 1920, height: 1080 };

/** Slides `/s/<id>.png` of one size, titled by their id. */
export function plannedSlides(ids: readonly string[], size: Size = FULL_HD): PlannedSlide[] {
  return ids.map((id) => ({ slideId: id, imagePath: `/s/${id}.png`, extraVideoPath: null, size, extraHasAudio: false, title: id }));
}

export interface GrainPlanParts extends Pick<GrainPlan, 'slides' | 'take' | 'timeline'>, Partial<Omit<GrainPlan, 'slides' | 'take' | 'timeline'>> {
  /** The output frame the camera is placed in (default 1920×1080). */
  frame?: Size;
  /** The slide size the placement is computed for (default: the first slide's). */
  slideSize?: Size;
}

export function grainPlanOf({ frame = FULL_HD, slideSize, layout = DEFAULT_LAYOUT, geometry, ...parts }: GrainPlanParts): GrainPlan {
  return {
    grainId: 'g',
    index: 0,
    label: 'grain 1',
    undecided: false,
    startMs: 0,
    isFirst: true,
    isLast: true,
    fadeInMs: 0,
    fadeOutMs: 0,
    denoise: false,
    music: null,
    capsuleDurationMs: parts.timeline.durationMs,
    ...parts,
    layout,
    geometry: geometry ?? computeLayoutGeometry(layout, frame, parts.take?.video ?? null, slideSize ?? parts.slides[0]?.size ?? FULL_HD),
  };
}

