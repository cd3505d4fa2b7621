// Runs in the renderer (pure, unit-tested in Node). Which grains of a capsule have a usable take,
// which are left out of the video, and whether the Record step is really done: the video is made of
// the included grains, and a grain with no take would come out as silent slides (issue 11, item 2).
// The main side's RecordStepStatus (shared/logic/recordStep.ts) is the reference; this adds the
// per-grain view the Record step shows and the "Next grain" choice.
import type { CapsuleDetail, Grain } from '../../shared/domain/capsule';
import type { RecordStepStatus } from '../../shared/domain/montage';
import type { Take } from '../../shared/domain/take';
import { isGrainLeftOut } from '../../shared/logic/recordStep';

/** A take the montage can use: finished, and not waiting for a keep/discard decision after a crash. */
export function isUsableTake(take: Take): boolean {
  return take.state === 'ready' && take.recovery !== 'pending';
}

export interface GrainCoverage {
  grain: Grain;
  /** 1-based number of the grain in the capsule. */
  number: number;
  /** False when the teacher left it out of this video. */
  included: boolean;
  /** Shown as silent slides by the teacher's choice. */
  silent: boolean;
  takes: number;
  hasTake: boolean;
}

export function grainCoverage(capsule: CapsuleDetail, takes: readonly Take[], status: RecordStepStatus | null = null): GrainCoverage[] {
  const usable = new Map<string, number>();
  for (const take of takes) if (isUsableTake(take)) usable.set(take.grainId, (usable.get(take.grainId) ?? 0) + 1);
  const statusOf = new Map(status?.grains.map((grain) => [grain.grainId, grain]) ?? []);
  return capsule.grains.map((grain, index) => {
    const count = usable.get(grain.id) ?? 0;
    const known = statusOf.get(grain.id);
    const hasTake = count > 0;
    return {
      grain,
      number: index + 1,
      included: !(known && isGrainLeftOut({ hasTake, choice: known.choice })),
      silent: !hasTake && known?.choice?.mode === 'silent',
      takes: count,
      hasTake,
    };
  });
}

export interface RecordProgress {
  recorded: number;
  /** Grains of the video that need a take (grains left out do not count). */
  included: number;
  /** The main side's verdict: every grain of the video has a take, or the teacher decided what to do without one. */
  done: boolean;
}

export function recordProgress(status: RecordStepStatus): RecordProgress {
  const needed = status.grains.filter((grain) => grain.needsTake && !isGrainLeftOut(grain));
  return { recorded: needed.filter((grain) => grain.hasTake).length, included: needed.length, done: status.done && needed.length > 0 };
}

/** The grain after `grainId` that still needs a take (wrapping around), else the next grain, else null. */
export function nextGrainToRecord(capsule: CapsuleDetail, takes: readonly Take[], grainId: string | null, status: RecordStepStatus | null = null): Grain | null {
  const coverage = grainCoverage(capsule, takes, status);
  if (coverage.length === 0) return null;
  const start = Math.max(0, coverage.findIndex((item) => item.grain.id === grainId));
  for (let step = 1; step <= coverage.length; step += 1) {
    const candidate = coverage[(start + step) % coverage.length]!;
    if (candidate.included && !candidate.hasTake && candidate.grain.id !== grainId) return candidate.grain;
  }
  return coverage[start + 1]?.grain ?? null;
}

/** Takes of one grain, newest first: the list the Record step shows. */
export function takesNewestFirst(takes: readonly Take[], grainId: string): Take[] {
  return takes.filter((take) => take.grainId === grainId).sort((a, b) => b.attempt - a.attempt);
}
