// Runs in Node (CLI). `capsule new | list | show | delete`: the library from the command line.
import { readFileSync } from 'node:fs';
import type { CapsuleDetail } from '../../../shared/domain/capsule';
import type { CliCommand, CliIo } from '../command';
import { stringFlag } from '../parseArgs';
import { progressPrinter } from '../progressPrinter';
import { terminalSafe } from '../terminalText';

function printCapsule(io: CliIo, capsule: CapsuleDetail): void {
  // Titles and prompts may come from a PDF or a remote server (a BBB recording's name): printed safe.
  io.out(terminalSafe(`${capsule.title}  (${capsule.id})`));
  io.out(`  folder: ${capsule.directory}`);
  for (const grain of capsule.grains) {
    io.out(`  grain ${grain.position + 1}${grain.title ? `: ${terminalSafe(grain.title)}` : ''}${grain.activeTakeId ? '  [take]' : ''}`);
    for (const slide of grain.slides) {
      const firstLine = slide.prompt.split('\n')[0] ?? '';
      io.out(`    slide p.${slide.pageNumber ?? '-'}  ${slide.imagePath}`);
      if (firstLine) io.out(`      ${terminalSafe(firstLine.slice(0, 100))}`);
    }
  }
}

function jsonCapsule(capsule: CapsuleDetail) {
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

export const newCommand: CliCommand = {
  path: ['new'],
  usage: 'capsule new <file.pdf> [--title T] [--password-file F] [--library DIR] [--json]',
  summary: 'Create a capsule from a PDF: one slide per page, its text in the prompter.',
  valueFlags: ['title', 'password-file'],
  needsStudio: true,
  startJobs: true,
  async run(args, io, studio) {
    const file = args.positionals[0];
    if (!file) throw new Error('Give a PDF file: capsule new <file.pdf>');
    const json = args.flags.json === true;
    const unsubscribe = studio!.context.events.subscribe(progressPrinter(io, json));
    try {
      // A password never goes on the command line (process lists show it): it is read from a file.
      const passwordFile = stringFlag(args, 'password-file');
      const password = passwordFile ? readFileSync(passwordFile, 'utf8').replace(/\r?\n$/, '') : undefined;
      const capsule = await studio!.calls.createCapsuleFromPdf({ source: { path: file }, title: stringFlag(args, 'title'), password });
      if (json) io.out(JSON.stringify(jsonCapsule(capsule), null, 2));
      else printCapsule(io, capsule);
    } finally {
      unsubscribe();
    }
    return 0;
  },
};

export const listCommand: CliCommand = {
  path: ['list'],
  usage: 'capsule list [--library DIR] [--json]',
  summary: 'List the capsules of the library.',
  needsStudio: true,
  libraryAccess: 'read',
  async run(args, io, studio) {
    const capsules = await studio!.calls.listCapsules();
    if (args.flags.json === true) io.out(JSON.stringify(capsules, null, 2));
    else if (capsules.length === 0) io.out('The library is empty. Create a capsule with: capsule new <file.pdf>');
    else for (const capsule of capsules) io.out(`${capsule.id}  ${terminalSafe(capsule.title)}  (${capsule.slideCount} slides, ${capsule.grainCount} grains, ${capsule.kind})`);
    return 0;
  },
};

export const showCommand: CliCommand = {
  path: ['show'],
  usage: 'capsule show <id> [--library DIR] [--json]',
  summary: 'Show a capsule: grains, slides, prompts.',
  needsStudio: true,
  libraryAccess: 'read',
  async run(args, io, studio) {
    const id = args.positionals[0];
    if (!id) throw new Error('Give a capsule id: capsule show <id>');
    const capsule = await studio!.calls.getCapsule(id);
    if (args.flags.json === true) io.out(JSON.stringify(jsonCapsule(capsule), null, 2));
    else printCapsule(io, capsule);
    return 0;
  },
};

export const deleteCommand: CliCommand = {
  path: ['delete'],
  usage: 'capsule delete <id> [--library DIR]',
  summary: 'Delete a capsule and all its files.',
  needsStudio: true,
  async run(args, io, studio) {
    const id = args.positionals[0];
    if (!id) throw new Error('Give a capsule id: capsule delete <id>');
    await studio!.calls.deleteCapsule(id);
    io.err(`Deleted ${id}.`);
    return 0;
  },
};
