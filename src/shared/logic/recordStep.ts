// Runs everywhere (shared, pure). When the Record step is done, and which grains still wait for a
// take or a decision: the Record step's ✓, the list shown before rendering and the render's refusal
// all come from here, so they can never disagree.
import type { CapsuleDetail } from '../domain/capsule';
import type { GrainRecordStatus, RecordStepStatus, UnrecordedGrainChoice } from '../domain/montage';
import { StudioError } from '../errors';
import { grainInVideo, grainNeedsTake } from './grainKind';

/** The part of a capsule this needs (a CapsuleDetail fits). */
export type RecordStepCapsule = Pick<CapsuleDetail, 'grains'>;

/**
 * The Record step of a capsule. A grain needs a take unless each of its slides is replaced by an
 * extra video; a grain without slides is not in the video at all. The step is done when every grain
 * included in the video has a take: grains left out, or shown as silent slides by the teacher's
 * choice, are decided and do not hold it back; undecided grains do.
 */
export function recordStepStatus(capsule: RecordStepCapsule, choices: ReadonlyMap<string, UnrecordedGrainChoice>): RecordStepStatus {
  const grains: GrainRecordStatus[] = capsule.grains
    .map((grain, position) => ({ grain, position }))
    .filter(({ grain }) => grainInVideo(grain))
    .map(({ grain, position }) => ({
      grainId: grain.id,
      position,
      title: grain.title,
      slideCount: grain.slides.length,
      hasTake: grain.activeTakeId !== null,
      needsTake: grainNeedsTake(grain),
      choice: choices.get(grain.id) ?? null,
    }));
  const undecided = grains.filter((grain) => grain.needsTake && !grain.hasTake && grain.choice === null);
  return { done: undecided.length === 0, grains, undecided };
}

/** The grains the Produce step lists before rendering: they need a take and have none (decided or not). */
export function unrecordedGrains(status: RecordStepStatus): GrainRecordStatus[] {
  return status.grains.filter((grain) => grain.needsTake && !grain.hasTake);
}

/** Whether a grain is in the video: a grain without take that the teacher left out is not. */
export function isGrainLeftOut(grain: Pick<GrainRecordStatus, 'hasTake' | 'choice'>): boolean {
  return !grain.hasTake && grain.choice?.mode === 'leave_out';
}

/** "grain 3", "grains 3, 5 and 7": the undecided grains named in the render's refusal. */
export function describeGrainPositions(positions: readonly number[]): string {
  const names = positions.map((position) => String(position + 1));
  if (names.length === 0) return 'no grain';
  if (names.length === 1) return `grain ${names[0]}`;
  return `grains ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The render's refusal while grains wait for a take or a decision; the details list them for the UI. */
export function grainsUnrecordedError(grains: readonly Pick<GrainRecordStatus, 'grainId' | 'position' | 'title'>[]): StudioError {
  return new StudioError(
    'GRAINS_UNRECORDED',
    `${capitalise(describeGrainPositions(grains.map((grain) => grain.position)))} ${grains.length === 1 ? 'has' : 'have'} no take: record ${grains.length === 1 ? 'it' : 'them'}, leave ${grains.length === 1 ? 'it' : 'them'} out of this video, or render ${grains.length === 1 ? 'it' : 'them'} as silent slides.`,
    { grains: grains.map((grain) => ({ grainId: grain.grainId, position: grain.position, title: grain.title })) },
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
