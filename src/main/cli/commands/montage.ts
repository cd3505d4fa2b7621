// Runs in Node (CLI). `capsule render` and `capsule demo`: the montage from the command line, as
// the same background job the app runs, with progress and ETA on stderr.
import path from 'node:path';
import type { OutputHeight, RenderInfo, UnrecordedGrainChoice } from '../../../shared/domain/montage';
import { StudioError } from '../../../shared/errors';
import type { CliCommand, CliIo, ParsedArgs } from '../command';
import { stringFlag } from '../parseArgs';
import { progressPrinter } from '../progressPrinter';
import type { Studio } from '../../studio';
import { ensureDemoCapsule } from '../../montage/demoCapsule';

function heightFlag(args: ParsedArgs): OutputHeight {
  const value = stringFlag(args, 'height');
  if (value === undefined) return 1080;
  if (value === '1080' || value === '720') return Number(value) as OutputHeight;
  throw new StudioError('BAD_ARGS', '--height must be 1080 or 720.');
}

/** A capsule by id, or by a title that names exactly one capsule. */
function resolveCapsule(studio: Studio, ref: string): string {
  const library = studio.context.library;
  if (library.exists(ref)) return ref;
  const matches = library.list().filter((c) => c.title === ref || c.title.toLowerCase().startsWith(ref.toLowerCase()));
  if (matches.length === 1) return matches[0]!.id;
  if (matches.length === 0) throw new StudioError('NOT_FOUND', `No capsule "${ref}" (give an id from \`capsule list\`).`);
  throw new StudioError('AMBIGUOUS', `"${ref}" names ${matches.length} capsules; give an id from \`capsule list\`.`);
}

/** `--unrecorded leave-out` or `--unrecorded silent[:SECONDS]`: what to do with grains that have no take. */
function unrecordedFlag(args: ParsedArgs): UnrecordedGrainChoice | null {
  const value = stringFlag(args, 'unrecorded');
  if (value === undefined) return null;
  if (value === 'leave-out') return { mode: 'leave_out' };
  const silent = /^silent(?::(\d+(?:\.\d+)?))?$/.exec(value);
  const seconds = silent ? Number(silent[1] ?? 3) : Number.NaN;
  if (!silent || !(seconds >= 0.5 && seconds <= 120)) throw new StudioError('BAD_ARGS', '--unrecorded must be leave-out, or silent[:SECONDS] (0.5 to 120 s a slide).');
  return { mode: 'silent', slideMs: Math.round(seconds * 1000) };
}

/** Applies the command line's choice to the grains that still wait for one (choices made in the app stay). */
async function decideUnrecorded(studio: Studio, capsuleId: string, choice: UnrecordedGrainChoice | null): Promise<void> {
  if (!choice) return;
  for (const grain of (await studio.calls.getRecordStatus(capsuleId)).undecided) await studio.calls.setUnrecordedGrainChoice(grain.grainId, choice);
}

async function renderAndWait(studio: Studio, io: CliIo, capsuleId: string, out: string, height: OutputHeight, json: boolean): Promise<RenderInfo> {
  const unsubscribe = studio.context.events.subscribe(progressPrinter(io, json));
  try {
    const job = await studio.calls.renderCapsule(capsuleId, { height, outFile: path.resolve(out) });
    return await studio.context.jobs.result<RenderInfo>(job.id);
  } finally {
    unsubscribe();
  }
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

export const renderCommand: CliCommand = {
  path: ['render'],
  usage: 'capsule render <capsule> --out file.mp4 [--height 720] [--unrecorded leave-out|silent[:SECONDS]] [--library DIR] [--json]',
  summary: 'Render a capsule to one MP4 (H.264/AAC, chapters) with captions, chapters, poster and thumbnails beside it; grains without a take need --unrecorded.',
  valueFlags: ['out', 'height', 'unrecorded'],
  needsStudio: true,
  startJobs: true,
  async run(args, io, studio) {
    const ref = args.positionals[0];
    const out = stringFlag(args, 'out');
    if (!ref || !out) throw new StudioError('BAD_ARGS', `Usage: ${this.usage}`);
    const json = args.flags.json === true;
    const capsuleId = resolveCapsule(studio!, ref);
    await decideUnrecorded(studio!, capsuleId, unrecordedFlag(args));
    const info = await renderAndWait(studio!, io, capsuleId, out, heightFlag(args), json);
    report(io, info, json);
    return 0;
  },
};

export const demoCommand: CliCommand = {
  path: ['demo'],
  usage: 'capsule demo --out demo.mp4 [--height 720] [--library DIR] [--json]',
  summary: 'Build the bundled demo capsule (sample deck + synthesised takes) in the library and render it.',
  valueFlags: ['out', 'height'],
  needsStudio: true,
  startJobs: true,
  async run(args, io, studio) {
    const out = stringFlag(args, 'out');
    if (!out) throw new StudioError('BAD_ARGS', `Usage: ${this.usage}`);
    const json = args.flags.json === true;
    io.err('Preparing the demo capsule…');
    const capsule = await ensureDemoCapsule(studio!.context);
    const info = await renderAndWait(studio!, io, capsule.id, out, heightFlag(args), json);
    report(io, info, json);
    return 0;
  },
};
