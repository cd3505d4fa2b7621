// Runs in Node (CLI). `capsule render` and `capsule demo`: the montage from the command line, as
// the same background job the app runs, with progress and ETA on stderr.
import path from 'node:path';
import type { OutputHeight, RenderInfo, UnrecordedGrainChoice } from '../../../shared/domain/montage';
import { defineCommand, UsageError, type CliIo } from '../command';
import { withProgress } from '../progressPrinter';
import { capsuleByRef } from '../capsuleRef';
import type { Studio } from '../../studio';
import { ensureDemoCapsule } from '../../montage/demoCapsule';

const HEIGHT_FLAG = { type: 'string', value: 'PIXELS', help: 'The height of the video (default 1080).', choices: ['1080', '720'] } as const;

function outputHeight(flag: '1080' | '720' | undefined): OutputHeight {
  return flag === '720' ? 720 : 1080;
}

/** `--unrecorded leave-out` or `--unrecorded silent[:SECONDS]`: what to do with grains that have no take. */
export function unrecordedChoice(value: string | undefined): UnrecordedGrainChoice | null {
  if (value === undefined) return null;
  if (value === 'leave-out') return { mode: 'leave_out' };
  const silent = /^silent(?::(\d+(?:\.\d+)?))?$/.exec(value);
  const seconds = silent ? Number(silent[1] ?? 3) : Number.NaN;
  if (!silent || !(seconds >= 0.5 && seconds <= 120)) throw new UsageError('--unrecorded must be leave-out, or silent[:SECONDS] (0.5 to 120 s a slide).');
  return { mode: 'silent', slideMs: Math.round(seconds * 1000) };
}

/** Applies the command line's choice to the grains that still wait for one (choices made in the app stay). */
async function decideUnrecorded(studio: Studio, capsuleId: string, choice: UnrecordedGrainChoice | null): Promise<void> {
  if (!choice) return;
  for (const grain of (await studio.calls.getRecordStatus(capsuleId)).undecided) await studio.calls.setUnrecordedGrainChoice(grain.grainId, choice);
}

async function renderAndWait(studio: Studio, io: CliIo, capsuleId: string, out: string, height: OutputHeight, json: boolean): Promise<RenderInfo> {
  return withProgress(studio, io, json, async () => {
    const job = await studio.calls.renderCapsule(capsuleId, { height, outFile: path.resolve(out) });
    return studio.context.jobs.result<RenderInfo>(job.id);
  });
}

function report(io: CliIo, info: RenderInfo, json: boolean): void {
  if (json) {
    io.out(JSON.stringify(info));
    return;
  }
  io.out(info.file);
  io.err(
    `${(info.durationMs / 1000).toFixed(1)} s, ${info.height}p, ${(info.bytes / 1e6).toFixed(1)} MB, ${info.renderedGrains} grain(s) encoded, ${info.cachedGrains} from the cache (${info.encoder})\n` +
      `chapters: ${info.chaptersVtt}\ncaptions: ${info.captionsVtt}\nposter: ${info.poster}\nthumbnails: ${info.thumbnailStrip}`,
  );
}

export const renderCommand = defineCommand({
  path: ['render'],
  synopsis: '<capsule> --out FILE.mp4',
  operands: { min: 1, max: 1 },
  summary: 'Render a capsule to one MP4 (H.264/AAC, chapters) with captions, chapters, poster and thumbnails beside it; grains without a take need --unrecorded.',
  options: {
    out: { type: 'string', value: 'FILE.mp4', help: 'Where to write the video. Required.' },
    height: HEIGHT_FLAG,
    unrecorded: { type: 'string', value: 'leave-out|silent[:SECONDS]', help: 'Grains without a take: left out, or their slides shown silently (default 3 s a slide, 0.5 to 120).' },
  },
  library: 'write',
  startJobs: true,
  async run(args, io, studio) {
    const out = args.flags.out;
    if (out === undefined) throw new UsageError('Missing --out FILE.mp4.');
    const unrecorded = unrecordedChoice(args.flags.unrecorded);
    const json = args.flags.json === true;
    const capsuleId = capsuleByRef(studio, args.positional(0));
    await decideUnrecorded(studio, capsuleId, unrecorded);
    const info = await renderAndWait(studio, io, capsuleId, out, outputHeight(args.flags.height), json);
    report(io, info, json);
    return 0;
  },
});

export const demoCommand = defineCommand({
  path: ['demo'],
  synopsis: '--out FILE.mp4',
  operands: { min: 0, max: 0 },
  summary: 'Build the bundled demo capsule (sample deck + synthesised takes) in the library and render it.',
  options: {
    out: { type: 'string', value: 'FILE.mp4', help: 'Where to write the video. Required.' },
    height: HEIGHT_FLAG,
  },
  library: 'write',
  startJobs: true,
  async run(args, io, studio) {
    const out = args.flags.out;
    if (out === undefined) throw new UsageError('Missing --out FILE.mp4.');
    const json = args.flags.json === true;
    io.err('Preparing the demo capsule…');
    const capsule = await ensureDemoCapsule(studio.context);
    const info = await renderAndWait(studio, io, capsule.id, out, outputHeight(args.flags.height), json);
    report(io, info, json);
    return 0;
  },
});
