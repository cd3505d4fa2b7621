// Runs in Node (CLI). `capsule take add`: attaches an existing recording to a grain as a new take,
// the headless equivalent of recording one in the studio (tests, automation).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import { v } from '../../../shared/validate';
import { takeEventValidator } from '../../../shared/api/recording';
import type { TakeEvent } from '../../../shared/domain/take';
import { defineCommand, UsageError } from '../command';
import { withProgress } from '../progressPrinter';

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

export const takeAddCommand = defineCommand({
  path: ['take', 'add'],
  synopsis: '<capsule> --grain N --file take.webm',
  operands: { min: 1, max: 1 },
  summary: 'Attach an existing recording to grain N (1-based, or a grain id) as a new take.',
  options: {
    grain: { type: 'string', value: 'N', help: 'The grain: its number (1-based) or its id. Required.' },
    file: { type: 'string', value: 'FILE', help: 'The recording (WebM, MP4…). Required.' },
    events: { type: 'string', value: 'FILE', help: 'A JSON file of the take\'s events: a list, or { "events": [...], "recordedMs": n }.' },
  },
  library: 'write',
  startJobs: true,
  async run(args, io, studio) {
    const capsuleId = args.positional(0);
    const { grain: grainFlag, file } = args.flags;
    if (grainFlag === undefined) throw new UsageError('Missing --grain N.');
    if (file === undefined) throw new UsageError('Missing --file FILE.');
    const capsule = await studio.calls.getCapsule(capsuleId);
    const grain = /^\d+$/.test(grainFlag) ? capsule.grains[Number(grainFlag) - 1] : capsule.grains.find((item) => item.id === grainFlag);
    if (!grain) throw new StudioError('NOT_FOUND', `Capsule ${capsule.title} has ${capsule.grains.length} grains; there is no grain ${grainFlag}.`);
    const eventsPath = args.flags.events;
    const parsed = eventsPath ? parseEventsFile(readFileSync(eventsPath, 'utf8'), eventsPath) : { events: [] };
    const json = args.flags.json === true;
    const take = await withProgress(studio, io, json, () =>
      studio.calls.addTakeFromFile(capsule.id, grain.id, { path: path.resolve(file), events: parsed.events, recordedMs: parsed.recordedMs }),
    );
    if (json) io.out(JSON.stringify(take, null, 2));
    else {
      io.out(`take ${take.attempt} of grain ${grain.position + 1}  (${take.id})${take.isActive ? '  [active]' : ''}`);
      io.out(`  ${take.path}`);
      io.out(`  ${((take.durationMs ?? 0) / 1000).toFixed(2)} s, ${take.videoCodec ?? 'no video'} / ${take.audioCodec ?? 'no audio'}, ${take.width ?? '-'}x${take.height ?? '-'}, ${take.events.length} events`);
    }
    return 0;
  },
});
