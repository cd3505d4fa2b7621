// Runs in Node (tests). Which grains have a take, which are left out, when the Record step is done,
// and which grain "Next grain" goes to (issue 11, items 1 and 2).
import { describe, expect, test } from 'vitest';
import type { CapsuleDetail, Grain } from '../../src/shared/domain/capsule';
import type { Take } from '../../src/shared/domain/take';
import { grainCoverage, nextGrainToRecord, recordProgress, takesNewestFirst } from '../../src/renderer/logic/grainCoverage';
import { recordStepStatus } from '../../src/shared/logic/recordStep';

function grain(id: string, extra: Partial<Grain> & { included?: boolean } = {}): Grain {
  return { id, position: 0, title: '', activeTakeId: null, layout: null, slides: [], ...extra };
}

function capsule(grains: Grain[]): CapsuleDetail {
  return { id: 'c', title: 'C', kind: 'capsule', createdAt: '', updatedAt: '', thumbnail: null, layout: {} as CapsuleDetail['layout'], grains, directory: '/tmp' };
}

function take(grainId: string, attempt: number, extra: Partial<Take> = {}): Take {
  return { id: `${grainId}-${attempt}`, grainId, capsuleId: "c", attempt, state: "ready", recovery: null, isActive: false, events: [], ...extra } as unknown as Take;
}

function statusOf(capsuleValue: CapsuleDetail, takes: Take[], leftOut: string[] = []) {
  const withTakes = { grains: capsuleValue.grains.map((item) => ({ ...item, activeTakeId: takes.find((one) => one.grainId === item.id)?.id ?? null })) };
  return recordStepStatus(withTakes, new Map(leftOut.map((id) => [id, { mode: 'leave_out' as const }])));
}

describe('grain coverage', () => {
  const slide = { id: 's', extraVideoPath: null } as unknown as Grain['slides'][number];
  const grains = [grain('g1', { slides: [slide] }), grain('g2', { slides: [slide] }), grain('g3', { slides: [slide] }), grain('g4', { slides: [slide] })];
  const theCapsule = capsule(grains);

  test('two of four grains recorded, one left out: not done, one grain still to record', () => {
    const takes = [take('g1', 1), take('g4', 1)];
    const status = statusOf(theCapsule, takes, ['g3']);
    expect(recordProgress(status)).toEqual({ recorded: 2, included: 3, done: false });
    const coverage = grainCoverage(theCapsule, takes, status);
    expect(coverage.filter((item) => item.included && !item.hasTake).map((item) => item.grain.id)).toEqual(['g2']);
    expect(coverage.find((item) => item.grain.id === 'g3')?.included).toBe(false);
  });

  test('done when every included grain has a finished take; failed or pending takes do not count', () => {
    const failed = { ...take('g2', 1), state: 'failed' } as Take;
    const pending = { ...take('g2', 2), recovery: 'pending' } as Take;
    expect(grainCoverage(theCapsule, [failed, pending]).find((item) => item.grain.id === 'g2')?.hasTake).toBe(false);
    expect(recordProgress(statusOf(theCapsule, [take('g1', 1), take('g4', 1), take('g2', 3)], ['g3'])).done).toBe(true);
    expect(recordProgress(statusOf(capsule([]), [])).done).toBe(false);
  });

  test('next grain: the next one without a take, wrapping round, skipping left-out grains', () => {
    const status = statusOf(theCapsule, [], ['g3']);
    expect(nextGrainToRecord(theCapsule, [take('g2', 1)], 'g1', status)?.id).toBe('g4');
    expect(nextGrainToRecord(theCapsule, [take('g4', 1)], 'g4', status)?.id).toBe('g1');
    // Everything recorded: simply the following grain.
    expect(nextGrainToRecord(theCapsule, [take('g1', 1), take('g2', 1), take('g3', 1), take('g4', 1)], 'g1')?.id).toBe('g2');
  });

  test('takes newest first', () => {
    expect(takesNewestFirst([take('g1', 1), take('g2', 1), take('g1', 2)], 'g1').map((item) => item.attempt)).toEqual([2, 1]);
  });
});
