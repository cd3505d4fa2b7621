// Runs in Node (tests). The Record step's rule: done when every grain included in the video has a
// take; grains left out or shown as silent slides by the teacher's choice do not hold it back.
import { describe, expect, it } from 'vitest';
import type { Grain } from '../../src/shared/domain/capsule';
import type { UnrecordedGrainChoice } from '../../src/shared/domain/montage';
import { unrecordedGrainChoice } from '../../src/shared/api/montage';
import { describeGrainPositions, grainsUnrecordedError, isGrainLeftOut, recordStepStatus, unrecordedGrains } from '../../src/shared/logic/recordStep';

function grain(id: string, take: string | null, slides: (string | null)[] = [null]): Grain {
  return {
    id,
    position: 0,
    title: `Title ${id}`,
    activeTakeId: take,
    layout: null,
    slides: slides.map((extra, position) => ({ id: `${id}-${position}`, grainId: id, position, pageNumber: null, pageLabel: null, prompt: '', image: '', thumbnail: '', width: 1920, height: 1080, imagePath: '', extraVideoPath: extra })),
  };
}

describe('the Record step', () => {
  it('is not done with 2 of 4 grains recorded and no decision (the ✓ a teacher saw)', () => {
    const status = recordStepStatus({ grains: [grain('a', 't1'), grain('b', null), grain('c', 't2'), grain('d', null)] }, new Map());
    expect(status.done).toBe(false);
    expect(status.undecided.map((g) => [g.grainId, g.position])).toEqual([
      ['b', 1],
      ['d', 3],
    ]);
  });

  it('is done when every grain without a take is left out or a silent slide', () => {
    const choices = new Map<string, UnrecordedGrainChoice>([
      ['b', { mode: 'leave_out' }],
      ['d', { mode: 'silent', slideMs: 4000 }],
    ]);
    const status = recordStepStatus({ grains: [grain('a', 't1'), grain('b', null), grain('c', 't2'), grain('d', null)] }, choices);
    expect(status.done).toBe(true);
    expect(unrecordedGrains(status).map((g) => g.choice)).toEqual([{ mode: 'leave_out' }, { mode: 'silent', slideMs: 4000 }]);
    expect(isGrainLeftOut(status.grains[1]!)).toBe(true);
    expect(isGrainLeftOut(status.grains[3]!)).toBe(false);
  });

  it('does not ask a take of a grain made only of extra videos, and ignores grains without slides', () => {
    const status = recordStepStatus({ grains: [grain('a', null, ['/media/x.mp4']), grain('empty', null, []), grain('b', 't')] }, new Map());
    expect(status.done).toBe(true);
    expect(status.grains.map((g) => g.grainId)).toEqual(['a', 'b']);
    expect(status.grains[0]!.needsTake).toBe(false);
    // A grain with a take ignores a choice made before it was recorded: its take is used.
    const recorded = recordStepStatus({ grains: [grain('b', 't')] }, new Map([['b', { mode: 'leave_out' }]]));
    expect(isGrainLeftOut(recorded.grains[0]!)).toBe(false);
  });

  it('names the undecided grains in its refusal', () => {
    expect(describeGrainPositions([4])).toBe('grain 5');
    expect(describeGrainPositions([1, 2, 30])).toBe('grains 2, 3 and 31');
    const error = grainsUnrecordedError([{ grainId: 'b', position: 1, title: 'Les ondes' }]);
    expect(error.code).toBe('GRAINS_UNRECORDED');
    expect(error.message).toBe('Grain 2 has no take: record it, leave it out of this video, or render it as silent slides.');
    expect(error.details).toEqual({ grains: [{ grainId: 'b', position: 1, title: 'Les ondes' }] });
  });
});

describe('the choice for a grain without a take, as it crosses the StudioApi', () => {
  it('accepts leaving out, or silent slides with a length, and refuses the rest', () => {
    expect(unrecordedGrainChoice({ mode: 'leave_out', slideMs: 3000 }, 'choice')).toEqual({ mode: 'leave_out' });
    expect(unrecordedGrainChoice({ mode: 'silent', slideMs: 2500 }, 'choice')).toEqual({ mode: 'silent', slideMs: 2500 });
    expect(() => unrecordedGrainChoice({ mode: 'silent' }, 'choice')).toThrow(expect.objectContaining({ code: 'BAD_ARGS', message: 'choice.slideMs must be given for silent slides' }));
    expect(() => unrecordedGrainChoice({ mode: 'silent', slideMs: 100 }, 'choice')).toThrow(expect.objectContaining({ code: 'BAD_ARGS' }));
    expect(() => unrecordedGrainChoice({ mode: 'record' }, 'choice')).toThrow(expect.objectContaining({ code: 'BAD_ARGS' }));
  });
});
