// Runs in the renderer (pure, unit-tested in Node). Which grains of a capsule have a usable take,
// which are left out of the video, and whether the Record step is really done: the video is made of
// the included grains, and a grain with no take would come out as silent slides (issue 11, item 2).
import type { CapsuleDetail, Grain } from '../../shared/domain/capsule';
import type { Take } from '../../shared/domain/take';

/** A grain is in the video unless the teacher left it out (`included: false` once the API carries it). */
export function isGrainIncluded(grain: Grain): boolean {
  return (grain as Grain & { included?: boolean }).included !== false;
}

/** A take the montage can use: finished, and not waiting for a keep/discard decision after a crash. */
export function isUsableTake(take: Take): boolean {
  return take.state === 'ready' && take.recovery !== 'pending';
}

export interface GrainCoverage {
  grain: Grain;
  /** 1-based number of the grain in the capsule. */
  number: number;
  included: boolean;
  takes: number;
  hasTake: boolean;
}

export function grainCoverage(capsule: CapsuleDetail, takes: readonly Take[]): GrainCoverage[] {
  const usable = new Map<string, number>();
  for (const take of takes) if (isUsableTake(take)) usable.set(take.grainId, (usable.get(take.grainId) ?? 0) + 1);
  return capsule.grains.map((grain, index) => {
    const count = usable.get(grain.id) ?? 0;
    return { grain, number: index + 1, included: isGrainIncluded(grain), takes: count, hasTake: count > 0 };
  });
}

/** Included grains without a usable take: what a render would show as silent slides. */
export function grainsWithoutTake(capsule: CapsuleDetail, takes: readonly Take[]): GrainCoverage[] {
  return grainCoverage(capsule, takes).filter((item) => item.included && !item.hasTake);
}

export interface RecordProgress {
  recorded: number;
  included: number;
  /** True only when every included grain has a take (and at least one grain is included). */
  done: boolean;
}

export function recordProgress(capsule: CapsuleDetail, takes: readonly Take[]): RecordProgress {
  const coverage = grainCoverage(capsule, takes).filter((item) => item.included);
  const recorded = coverage.filter((item) => item.hasTake).length;
  return { recorded, included: coverage.length, done: coverage.length > 0 && recorded === coverage.length };
}

/** The grain after `grainId` that still needs a take (wrapping around), else the next grain, else null. */
export function nextGrainToRecord(capsule: CapsuleDetail, takes: readonly Take[], grainId: string | null): Grain | null {
  const coverage = grainCoverage(capsule, takes);
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
