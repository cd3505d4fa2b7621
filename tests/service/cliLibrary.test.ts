// Runs in Node (tests). The `capsule` command as a user runs it: a real process, a real library folder.
import { execFile } from 'node:child_process';
import { openSync, readSync, closeSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixturesDir, repoRoot, tempDir } from '../support/tempDir';

const run = promisify(execFile);
const capsuleBin = path.join(repoRoot, 'bin/capsule.mjs');

async function capsule(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [capsuleBin, ...args], { maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function pngSize(file: string): { width: number; height: number } {
  const fd = openSync(file, 'r');
  const header = Buffer.alloc(24);
  readSync(fd, header, 0, 24, 0);
  closeSync(fd);
  expect(header.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: header.readUInt32BE(16), height: header.readUInt32BE(20) };
}

describe('capsule CLI: library commands', () => {
  const library = tempDir();

  it('new --json: one 1920x1080 PNG per page and each page\'s sentences as its prompt', async () => {
    const pdf = path.join(fixturesDir, 'pdf/impress-export-a4landscape-fr_listes-piles-files.pdf');
    const result = await capsule(['new', pdf, '--title', 'Listes, piles et files', '--library', library, '--json']);
    expect(result.stderr).toContain('pdf_import');
    expect(result.code).toBe(0);
    const capsuleJson = JSON.parse(result.stdout) as { id: string; title: string; slides: { image: string; prompt: string }[]; grains: { slides: { sentences: string[] }[] }[] };
    expect(capsuleJson.title).toBe('Listes, piles et files');
    expect(capsuleJson.slides).toHaveLength(10);
    for (const slide of capsuleJson.slides) expect(pngSize(slide.image)).toEqual({ width: 1920, height: 1080 });
    const allSentences = capsuleJson.grains.flatMap((grain) => grain.slides.flatMap((slide) => slide.sentences));
    expect(allSentences.some((sentence) => /chaînées/i.test(sentence))).toBe(true);
    expect(allSentences.every((sentence) => sentence.trim() === sentence && sentence !== '●')).toBe(true);

    const listed = await capsule(['list', '--library', library, '--json']);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ id: capsuleJson.id, slideCount: 10 }]);
    const shown = await capsule(['show', capsuleJson.id, '--library', library]);
    expect(shown.stdout).toContain('Listes, piles et files');

    expect((await capsule(['delete', capsuleJson.id, '--library', library])).code).toBe(0);
    expect(JSON.parse((await capsule(['list', '--library', library, '--json'])).stdout)).toEqual([]);
  });

  it('reports bad input on stderr with a non-zero exit and a specific code', async () => {
    const notPdf = path.join(library, 'notes.pdf');
    writeFileSync(notPdf, 'These are my notes, not a PDF.');
    const result = await capsule(['new', notPdf, '--library', library]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PDF_NOT_PDF/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect((await capsule(['show', 'missing-id', '--library', library])).stderr).toMatch(/NOT_FOUND/);
    expect((await capsule(['frobnicate', '--library', library])).code).toBe(2);
  });

  it('asks for the password of an encrypted PDF, read from a file (never from the command line)', async () => {
    const source = path.join(fixturesDir, 'pdf/beamer-notes-pages_pandoc-beamer-notes.pdf');
    const locked = path.join(library, 'locked.pdf');
    await run('qpdf', ['--encrypt', 'ouvre-toi', 'owner-pw', '256', '--', source, locked]);
    const refused = await capsule(['new', locked, '--library', library]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/PDF_ENCRYPTED/);
    const wrong = path.join(library, 'wrong.txt');
    writeFileSync(wrong, 'sesame\n');
    expect((await capsule(['new', locked, '--password-file', wrong, '--library', library])).stderr).toMatch(/PDF_BAD_PASSWORD/);
    const right = path.join(library, 'right.txt');
    writeFileSync(right, 'ouvre-toi\n');
    const opened = await capsule(['new', locked, '--password-file', right, '--library', library, '--json']);
    expect(opened.code).toBe(0);
    expect(JSON.parse(opened.stdout).slides.length).toBeGreaterThan(0);
  });
});
