// Runs in Node (CLI). `capsule take list | use | delete`: a capsule's takes from the command line, through
// the same recording API as the studio (a grain keeps every take; one of them is the active one).
import type { Take } from '../../../shared/domain/take';
import { defineCommand } from '../command';

/** One line about a take: attempt, state, length, active mark, id. */
export function describeTake(take: Take): string {
  const seconds = take.durationMs === null ? '-' : `${(take.durationMs / 1000).toFixed(1)} s`;
  const recovery = take.recovery === 'pending' ? '  (repaired, waiting to be kept or discarded)' : '';
  return `take ${take.attempt}  ${take.id}  ${take.state}  ${seconds}${take.isActive ? '  [active]' : ''}${recovery}`;
}

export function jsonTake(take: Take) {
  return {
    id: take.id,
    grainId: take.grainId,
    attempt: take.attempt,
    state: take.state,
    isActive: take.isActive,
    durationMs: take.durationMs,
    path: take.path,
    videoCodec: take.videoCodec,
    audioCodec: take.audioCodec,
    width: take.width,
    height: take.height,
    recovery: take.recovery,
    createdAt: take.createdAt,
  };
}

export const takeListCommand = defineCommand({
  path: ['take', 'list'],
  synopsis: '<capsule>',
  operands: { min: 1, max: 1 },
  summary: "List a capsule's takes, grain by grain, the active one marked.",
  options: {},
  library: 'read',
  async run(args, io, studio) {
    const capsule = await studio.calls.getCapsule(args.positional(0));
    const takes = await studio.calls.listCapsuleTakes(capsule.id);
    if (args.flags.json === true) {
      io.out(JSON.stringify(takes.map(jsonTake), null, 2));
      return 0;
    }
    if (takes.length === 0) io.out('No take yet. Record one in the studio, or: capsule take add <capsule> --grain N --file FILE');
    for (const grain of capsule.grains) {
      const ofGrain = takes.filter((take) => take.grainId === grain.id);
      if (ofGrain.length === 0) continue;
      io.out(`grain ${grain.position + 1}  (${grain.id})`);
      for (const take of ofGrain) io.out(`  ${describeTake(take)}`);
    }
    return 0;
  },
});

export const takeUseCommand = defineCommand({
  path: ['take', 'use'],
  synopsis: '<take>',
  operands: { min: 1, max: 1 },
  summary: 'Make a finished take the active one of its grain (the one the montage uses).',
  options: {},
  library: 'write',
  async run(args, io, studio) {
    const take = await studio.calls.setActiveTake(args.positional(0));
    if (args.flags.json === true) io.out(JSON.stringify(jsonTake(take), null, 2));
    else io.out(describeTake(take));
    return 0;
  },
});

export const takeDeleteCommand = defineCommand({
  path: ['take', 'delete'],
  synopsis: '<take>',
  operands: { min: 1, max: 1 },
  summary: "Delete a take and its file; if it was the active one, the grain's newest other finished take becomes active.",
  options: {},
  library: 'write',
  async run(args, io, studio) {
    const takeId = args.positional(0);
    await studio.calls.deleteTake(takeId);
    if (args.flags.json === true) io.out(JSON.stringify({ deleted: takeId }));
    else io.err(`Deleted take ${takeId}.`);
    return 0;
  },
});
