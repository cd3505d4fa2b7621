// Runs in Node (CLI). `capsule new | list | show | delete`: the library from the command line.
import { readFileSync } from 'node:fs';
import type { CapsuleDetail } from '../../../shared/domain/capsule';
import type { Take } from '../../../shared/domain/take';
import { defineCommand, type CliIo } from '../command';
import { describeTake, jsonTake } from './take';
import { withProgress } from '../progressPrinter';
import { terminalSafe } from '../terminalText';

function printCapsule(io: CliIo, capsule: CapsuleDetail, takes: readonly Take[]): void {
  // Titles and prompts may come from a PDF or a remote server (a BBB recording's name): printed safe.
  io.out(terminalSafe(`${capsule.title}  (${capsule.id})`));
  io.out(`  folder: ${capsule.directory}`);
  for (const grain of capsule.grains) {
    io.out(`  grain ${grain.position + 1}${grain.title ? `: ${terminalSafe(grain.title)}` : ''}${grain.activeTakeId ? '  [take]' : ''}`);
    for (const take of takes.filter((item) => item.grainId === grain.id)) io.out(`    ${describeTake(take)}`);
    for (const slide of grain.slides) {
      const firstLine = slide.prompt.split('\n')[0] ?? '';
      io.out(`    slide p.${slide.pageNumber ?? '-'}  ${slide.imagePath}`);
      if (firstLine) io.out(`      ${terminalSafe(firstLine.slice(0, 100))}`);
    }
  }
}

function jsonCapsule(capsule: CapsuleDetail, takes: readonly Take[]) {
  return {
    id: capsule.id,
    title: capsule.title,
    kind: capsule.kind,
    directory: capsule.directory,
    layout: capsule.layout,
    grains: capsule.grains.map((grain) => ({
      id: grain.id,
      position: grain.position,
      title: grain.title,
      activeTakeId: grain.activeTakeId,
      takes: takes.filter((take) => take.grainId === grain.id).map(jsonTake),
      slides: grain.slides.map((slide) => ({
        id: slide.id,
        pageNumber: slide.pageNumber,
        pageLabel: slide.pageLabel,
        image: slide.imagePath,
        width: slide.width,
        height: slide.height,
        prompt: slide.prompt,
        sentences: slide.prompt.split('\n').filter((line) => line.trim() !== ''),
      })),
    })),
    slides: capsule.grains.flatMap((grain) => grain.slides.map((slide) => ({ id: slide.id, grainId: grain.id, image: slide.imagePath, prompt: slide.prompt }))),
  };
}

export const newCommand = defineCommand({
  path: ['new'],
  synopsis: '<file.pdf>',
  operands: { min: 1, max: 1 },
  summary: 'Create a capsule from a PDF: one slide per page, its text in the prompter.',
  options: {
    title: { type: 'string', value: 'T', help: "The capsule's title (default: the PDF's title)." },
    'password-file': { type: 'string', value: 'FILE', help: 'A file holding the password of an encrypted PDF (never on the command line).' },
  },
  library: 'write',
  startJobs: true,
  async run(args, io, studio) {
    const file = args.positional(0);
    const json = args.flags.json === true;
    await withProgress(studio, io, json, async () => {
      // A password never goes on the command line (process lists show it): it is read from a file.
      const passwordFile = args.flags['password-file'];
      const password = passwordFile ? readFileSync(passwordFile, 'utf8').replace(/\r?\n$/, '') : undefined;
      const capsule = await studio.calls.createCapsuleFromPdf({ source: { path: file }, title: args.flags.title, password });
      if (json) io.out(JSON.stringify(jsonCapsule(capsule, []), null, 2));
      else printCapsule(io, capsule, []);
    });
    return 0;
  },
});

export const listCommand = defineCommand({
  path: ['list'],
  operands: { min: 0, max: 0 },
  summary: 'List the capsules of the library.',
  options: {},
  library: 'read',
  async run(args, io, studio) {
    const capsules = await studio.calls.listCapsules();
    if (args.flags.json === true) io.out(JSON.stringify(capsules, null, 2));
    else if (capsules.length === 0) io.out('The library is empty. Create a capsule with: capsule new <file.pdf>');
    else for (const capsule of capsules) io.out(`${capsule.id}  ${terminalSafe(capsule.title)}  (${capsule.slideCount} slides, ${capsule.grainCount} grains, ${capsule.kind})`);
    return 0;
  },
});

export const showCommand = defineCommand({
  path: ['show'],
  synopsis: '<capsule>',
  operands: { min: 1, max: 1 },
  summary: 'Show a capsule: grains, their takes (the active one marked), slides, prompts.',
  options: {},
  library: 'read',
  async run(args, io, studio) {
    const capsule = await studio.calls.getCapsule(args.positional(0));
    const takes = await studio.calls.listCapsuleTakes(capsule.id);
    if (args.flags.json === true) io.out(JSON.stringify(jsonCapsule(capsule, takes), null, 2));
    else printCapsule(io, capsule, takes);
    return 0;
  },
});

export const deleteCommand = defineCommand({
  path: ['delete'],
  synopsis: '<capsule>',
  operands: { min: 1, max: 1 },
  summary: 'Delete a capsule and all its files.',
  options: {},
  library: 'write',
  async run(args, io, studio) {
    const id = args.positional(0);
    await studio.calls.deleteCapsule(id);
    if (args.flags.json === true) io.out(JSON.stringify({ deleted: id }));
    else io.err(`Deleted ${id}.`);
    return 0;
  },
});
