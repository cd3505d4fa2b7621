// Runs in Node (CLI). `capsule export` and `capsule import`: a capsule to one `.capsule` file for
// another machine, and back; `import` also takes a Polymny ZIP export (detected by its structure.json).
import path from 'node:path';
import type { ImportReport } from '../../../shared/domain/bundle';
import { defineCommand, UsageError, type CliIo } from '../command';
import { withProgress } from '../progressPrinter';
import { capsuleByRef } from '../capsuleRef';

export const exportCommand = defineCommand({
  path: ['export'],
  synopsis: '<capsule> --out FILE.capsule',
  operands: { min: 1, max: 1 },
  summary: 'Write a capsule (slides, takes, layout, trims, captions, pen strokes) to one .capsule file to import on another machine.',
  options: {
    out: { type: 'string', value: 'FILE.capsule', help: 'Where to write the bundle. Required.' },
    takes: { type: 'string', value: 'chosen|all', help: 'The chosen take of each grain (default) or every take.', choices: ['chosen', 'all'] },
    overwrite: { type: 'boolean', help: 'Replace FILE.capsule if it exists (otherwise refused).' },
  },
  library: 'write',
  startJobs: true,
  async run(args, io, studio) {
    const out = args.flags.out;
    if (out === undefined) throw new UsageError('Missing --out FILE.capsule.');
    const json = args.flags.json === true;
    const capsuleId = capsuleByRef(studio, args.positional(0));
    const result = await withProgress(studio, io, json, () =>
      studio.calls.exportCapsuleBundle(capsuleId, { path: path.resolve(out), takes: args.flags.takes ?? 'chosen', overwrite: args.flags.overwrite === true }),
    );
    if (json) io.out(JSON.stringify(result));
    else {
      io.out(result.file);
      io.err(`${(result.bytes / 1e6).toFixed(1)} MB, ${result.grains} grain(s), ${result.takes} take(s)`);
    }
    return 0;
  },
});

function printReport(io: CliIo, report: ImportReport): void {
  io.out(report.capsuleId);
  io.err(`"${report.title}" imported from ${report.source === 'polymny' ? 'a Polymny export' : 'a bundle'}: ${report.grains} grain(s), ${report.slides} slide(s), ${report.takes} take(s)${report.takeExtras ? `, ${report.takeExtras} take file(s) beside them` : ''}`);
  for (const note of report.notes) io.err(`  not carried over (${note.code}): ${note.message}`);
}

export const importCommand = defineCommand({
  path: ['import'],
  synopsis: '<FILE.capsule|FILE.zip>',
  operands: { min: 1, max: 1 },
  summary: 'Import a .capsule bundle, or a Polymny ZIP export, as a new capsule; prints its id and what could not be carried over.',
  options: {},
  library: 'write',
  startJobs: true,
  async run(args, io, studio) {
    const json = args.flags.json === true;
    const report = await withProgress(studio, io, json, () => studio.calls.importCapsuleFile({ source: { path: path.resolve(args.positional(0)) } }));
    if (json) io.out(JSON.stringify(report));
    else printReport(io, report);
    return 0;
  },
});
