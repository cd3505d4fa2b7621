// Runs in Node (tests). Which grains have a take, which are left out, when the Record step is done,
// and which grain "Next grain" goes to (issue 11, items 1 and 2).
import { describe, expect, test } from 'vitest';
import type { CapsuleDetail, Grain } from '../../src/shared/domain/capsule';
import type { Take } from '../../src/shared/domain/take';
import { grainsWithoutTake, nextGrainToRecord, recordProgress, takesNewestFirst } from '../../src/renderer/logic/grainCoverage';

function grain(id: string, extra: Partial<Grain> & { included?: boolean } = {}): Grain {
  return { id, position: 0, title: '', activeTakeId: null, layout: null, slides: [], ...extra };
}

function capsule(grains: Grain[]): CapsuleDetail {
  return { id: 'c', title: 'C', kind: 'capsule', createdAt: '', updatedAt: '', thumbnail: null, layout: {} as CapsuleDetail['layout'], grains, directory: '/tmp' };
}

function take(grainId: string, attempt: number, extra: Partial<Take> = {}): Take {
  return { id: `${grainId}-${attempt}`, grainId, capsuleId: "c", attempt, state: "ready", recovery: null, isActive: false, events: [], ...extra } as unknown as Take;
}

describe('grain coverage', () => {
  const grains = [grain('g1'), grain('g2'), grain('g3', { included: false }), grain('g4')];

  test('two of four grains recorded: not done, the others listed (left-out grains excepted)', () => {
    const takes = [take('g1', 1), take('g4', 1)];
    expect(recordProgress(capsule(grains), takes)).toEqual({ recorded: 2, included: 3, done: false });
    expect(grainsWithoutTake(capsule(grains), takes).map((item) => item.grain.id)).toEqual(['g2']);
  });

  test('done only when every included grain has a finished take', () => {
    const failed = { ...take('g2', 1), state: 'failed' } as Take;
    const pending = { ...take('g2', 2), recovery: 'pending' } as Take;
    expect(recordProgress(capsule(grains), [take('g1', 1), take('g4', 1), failed, pending]).done).toBe(false);
    expect(recordProgress(capsule(grains), [take('g1', 1), take('g4', 1), take('g2', 3)]).done).toBe(true);
    expect(recordProgress(capsule([]), []).done).toBe(false);
  });

  test('next grain: the next one without a take, wrapping round, skipping left-out grains', () => {
    expect(nextGrainToRecord(capsule(grains), [take('g2', 1)], 'g1')?.id).toBe('g4');
    expect(nextGrainToRecord(capsule(grains), [take('g4', 1)], 'g4')?.id).toBe('g1');
    // Everything recorded: simply the following grain.
    expect(nextGrainToRecord(capsule(grains), [take('g1', 1), take('g2', 1), take('g4', 1)], 'g1')?.id).toBe('g2');
  });

  test('takes newest first', () => {
    expect(takesNewestFirst([take('g1', 1), take('g2', 1), take('g1', 2)], 'g1').map((item) => item.attempt)).toEqual([2, 1]);
  });
});
