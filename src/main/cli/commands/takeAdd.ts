// Runs in Node (CLI). `capsule take add`: attaches an existing recording to a grain as a new take,
// the headless equivalent of recording one in the studio (tests, automation).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import { v } from '../../../shared/validate';
import { takeEventValidator } from '../../../shared/api/recording';
import type { TakeEvent } from '../../../shared/domain/take';
import type { CliCommand } from '../command';
import { stringFlag } from '../parseArgs';
import { progressPrinter } from '../progressPrinter';

const eventsFile = v.object({ events: v.array(takeEventValidator, { max: 100_000 }), recordedMs: v.optional(v.number({ min: 0 })) });

/** events.json is either a list of events or `{ "events": [...], "recordedMs": n }`. */
export function parseEventsFile(text: string, file: string): { events: TakeEvent[]; recordedMs?: number } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new StudioError('BAD_ARGS', `${file} is not valid JSON: ${(error as Error).message}`);
  }
  return eventsFile(Array.isArray(data) ? { events: data } : data, path.basename(file));
}

export const takeAddCommand: CliCommand = {
  path: ['take', 'add'],
  usage: 'capsule take add <capsule> --grain N --file take.webm [--events events.json] [--library DIR] [--json]',
  summary: 'Attach an existing recording to grain N (1-based, or a grain id) as a new take.',
  valueFlags: ['grain', 'file', 'events'],
  needsStudio: true,
  startJobs: true,
  async run(args, io, studio) {
    const capsuleId = args.positionals[0];
    const grainFlag = stringFlag(args, 'grain');
    const file = stringFlag(args, 'file');
    if (!capsuleId || !grainFlag || !file) throw new StudioError('BAD_ARGS', `Usage: ${this.usage}`);
    const capsule = await studio!.calls.getCapsule(capsuleId);
    const grain = /^\d+$/.test(grainFlag) ? capsule.grains[Number(grainFlag) - 1] : capsule.grains.find((item) => item.id === grainFlag);
    if (!grain) throw new StudioError('NOT_FOUND', `Capsule ${capsule.title} has ${capsule.grains.length} grains; there is no grain ${grainFlag}.`);
    const eventsPath = stringFlag(args, 'events');
    const parsed = eventsPath ? parseEventsFile(readFileSync(eventsPath, 'utf8'), eventsPath) : { events: [] };
    const json = args.flags.json === true;
    const unsubscribe = studio!.context.events.subscribe(progressPrinter(io, json));
    try {
      const take = await studio!.calls.addTakeFromFile(capsule.id, grain.id, { path: path.resolve(file), events: parsed.events, recordedMs: parsed.recordedMs });
      if (json) io.out(JSON.stringify(take, null, 2));
      else {
        io.out(`take ${take.attempt} of grain ${grain.position + 1}  (${take.id})${take.isActive ? '  [active]' : ''}`);
        io.out(`  ${take.path}`);
        io.out(`  ${((take.durationMs ?? 0) / 1000).toFixed(2)} s, ${take.videoCodec ?? 'no video'} / ${take.audioCodec ?? 'no audio'}, ${take.width ?? '-'}x${take.height ?? '-'}, ${take.events.length} events`);
      }
    } finally {
      unsubscribe();
    }
    return 0;
  },
};
