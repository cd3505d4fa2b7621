// Runs in Node (tests). The strict `capsule` command line: unknown flags refused with exit 2 and the usage,
// global flags anywhere, --version, help on stdout, errors as JSON with --json, checked flag values, and
// `capsule take list | use | delete` on a real library with real takes.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main/cli/main';
import { openDatabase } from '../../src/main/library/database';
import { makeLiveWebm, seedCapsule } from '../support/recordingMedia';
import { repoRoot, tempDir } from '../support/tempDir';

const run = promisify(execFile);
const capsuleBin = path.join(repoRoot, 'bin/capsule.mjs');

/** The real `capsule` process, as a user or a script runs it. */
async function capsule(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [capsuleBin, ...args], { maxBuffer: 8 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The same command line in this process (faster, for the many refusals). */
async function runCli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = tempDir('capsule-cli-strict-');
const library = path.join(dir, 'library');
let capsuleId = '';
let grainIds: string[] = [];
const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(() => {
  const db = openDatabase(library);
  ({ capsuleId, grainIds } = seedCapsule(db, 2));
  db.close();
});

describe('capsule: a strict command line', () => {
  it('refuses an unknown flag with exit 2, the reason and the command usage on stderr', async () => {
    const result = await capsule(['list', '--titel', 'x', '--library', library]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Unknown option --titel for `capsule list`/);
    expect(result.stderr).toMatch(/Usage: capsule list/);
    // A near miss is named.
    const typo = await runCli(['new', 'deck.pdf', '--titel', 'Optique', '--library', library]);
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/Unknown option --titel .* Did you mean --title\?/);
    expect(typo.err).toMatch(/Usage: capsule new <file\.pdf>/);
  });

  it('takes --library before, between or after the command words', async () => {
    const expected = [{ id: capsuleId, grainCount: 2 }];
    for (const argv of [
      ['--library', library, 'list', '--json'],
      ['list', '--json', '--library', library],
      [`--library=${library}`, '--json', 'list'],
    ]) {
      const result = await capsule(argv);
      expect(result.code, argv.join(' ')).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject(expected);
    }
    const between = await runCli(['take', '--library', library, 'list', capsuleId, '--json']);
    expect(between.code).toBe(0);
    expect(JSON.parse(between.out)).toEqual([]);
  });

  it('prints the version, and help on stdout with exit 0', async () => {
    const printed = await capsule(['--version']);
    expect(printed).toMatchObject({ code: 0, stderr: '' });
    expect(printed.stdout.trim()).toBe(version);
    expect(JSON.parse((await runCli(['--version', '--json'])).out)).toEqual({ version });

    const help = await capsule(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/capsule take list <capsule>/);
    expect(help.stdout).toMatch(/--version/);
    const commandHelp = await runCli(['render', '--help']);
    expect(commandHelp).toMatchObject({ code: 0, err: '' });
    expect(commandHelp.out).toMatch(/^Usage: capsule render <capsule> --out FILE\.mp4/);
    expect(commandHelp.out).toMatch(/--height PIXELS .*\(1080 \| 720\)/);
    expect((await runCli(['help', 'take', 'use'])).out).toMatch(/^Usage: capsule take use <take>/);
    expect((await runCli(['bbb', '--help'])).out).toMatch(/capsule bbb import/);
    expect((await runCli(['help', 'frobnicate'])).code).toBe(2);

    const nothing = await runCli([]);
    expect(nothing.code).toBe(2);
    expect(nothing.out).toBe('');
    expect(nothing.err).toMatch(/Usage:/);
  });

  it('answers every usage error with exit 2 and the usage: missing values, operands, bad numbers and choices', async () => {
    const cases: [string[], RegExp][] = [
      [['render', capsuleId, '--out', path.join(dir, 'x.mp4'), '--height', '640'], /--height must be 1080 or 720; got "640"/],
      [['render', capsuleId], /Missing --out FILE\.mp4/],
      [['live', 'push', '--input', 'testsrc', '--resolution', '640x480'], /--resolution must be 1280x720 or 1920x1080; got "640x480"/],
      [['live', 'push', '--input', 'testsrc', '--fps', '25.5'], /--fps must be a whole number from 10 to 60; got "25\.5"/],
      [['live', 'push', '--input', 'testsrc', '--duration', 'soon'], /--duration must be a number from 1 to 604800/],
      [['live', 'push', '--input', 'testsrc', '--audio-rate', '22050'], /--audio-rate must be 44100 or 48000/],
      [['bbb', 'import', 'rec-1', '--out', 'o.mp4', '--profile', 'p', '--fps', '3'], /--fps must be a whole number from 5 to 30/],
      [['bbb', 'list', '--url', 'https://bbb.example', '--secret-file', 's', '--checksum', 'md5'], /--checksum must be sha256, sha1, sha384 or sha512/],
      [['publish', 'video.mp4', '--profile', 'p', '--public', '--draft'], /Give --public or --draft, not both/],
      [['publish', 'video.mp4', '--profile', 'p', '--public=yes'], /--public takes no value/],
      [['show'], /Missing <capsule>/],
      [['show', capsuleId, 'extra'], /Unexpected argument: extra/],
      [['list', '--library'], /--library DIR: the value is missing/],
      [['new', 'deck.pdf', '--title', '-t'], /--title T: the value is missing \(to give one that starts with "-", write --title=-t\)/],
      [['frobnicate'], /Unknown command: capsule frobnicate/],
      [['take', 'rename'], /Unknown command: capsule take rename/],
    ];
    for (const [argv, message] of cases) {
      const result = await runCli([...argv, ...(argv.includes('--library') ? [] : ['--library', library])]);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err, argv.join(' ')).toMatch(message);
      expect(result.err, argv.join(' ')).toMatch(/Usage:/);
      expect(result.out).toBe('');
    }
  });

  it('with --json, errors are one JSON object on stderr and exit codes stay', async () => {
    const missing = await capsule(['show', 'no-such-capsule', '--library', library, '--json']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    const error = JSON.parse(missing.stderr) as { error: { code: string; message: string } };
    expect(error.error.code).toBe('NOT_FOUND');
    expect(error.error.message).toMatch(/no-such-capsule/);

    const usage = await runCli(['list', '--json', '--titel', 'x', '--library', library]);
    expect(usage.code).toBe(2);
    const refused = JSON.parse(usage.err) as { error: { code: string; message: string; usage: string } };
    expect(refused.error).toMatchObject({ code: 'BAD_ARGS', message: expect.stringMatching(/Unknown option --titel/), usage: expect.stringMatching(/^Usage: capsule list/) });

    const unknownCommand = await runCli(['--json', 'frobnicate']);
    expect(unknownCommand.code).toBe(2);
    expect(JSON.parse(unknownCommand.err).error.message).toBe('Unknown command: capsule frobnicate');
  });
});

describe('capsule take list | use | delete', () => {
  it('lists the takes of each grain, makes another one active, deletes one and its file', async () => {
    const file = path.join(dir, 'take.webm');
    await makeLiveWebm(file, { seconds: 1 });
    const first = await runCli(['take', 'add', capsuleId, '--grain', '1', '--file', file, '--library', library, '--json']);
    expect(first.code).toBe(0);
    const second = await runCli(['take', 'add', capsuleId, '--grain', '1', '--file', file, '--library', library, '--json']);
    expect(second.code).toBe(0);
    const firstId = (JSON.parse(first.out) as { id: string }).id;
    const secondId = (JSON.parse(second.out) as { id: string; path: string }).id;

    // The newest finished take is the active one.
    const listed = await capsule(['take', 'list', capsuleId, '--library', library, '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject([
      { id: firstId, grainId: grainIds[0], attempt: 1, state: 'ready', isActive: false },
      { id: secondId, grainId: grainIds[0], attempt: 2, state: 'ready', isActive: true },
    ]);
    const text = await runCli(['take', 'list', capsuleId, '--library', library]);
    expect(text.out).toMatch(new RegExp(`grain 1 .*\\n  take 1  ${firstId}  ready  1\\.\\d s\\n  take 2  ${secondId}  ready  1\\.\\d s  \\[active\\]`));

    const used = await runCli(['take', 'use', firstId, '--library', library, '--json']);
    expect(used.code).toBe(0);
    expect(JSON.parse(used.out)).toMatchObject({ id: firstId, isActive: true });
    // `capsule show` lists the takes under their grain.
    const shown = await capsule(['show', capsuleId, '--library', library, '--json']);
    const detail = JSON.parse(shown.stdout) as { grains: { activeTakeId: string | null; takes: { id: string; isActive: boolean }[] }[] };
    expect(detail.grains[0]!.activeTakeId).toBe(firstId);
    expect(detail.grains[0]!.takes.map((take) => [take.id, take.isActive])).toEqual([
      [firstId, true],
      [secondId, false],
    ]);
    expect(detail.grains[1]!.takes).toEqual([]);
    expect((await runCli(['show', capsuleId, '--library', library])).out).toMatch(new RegExp(`grain 1  \\[take\\]\\n    take 1  ${firstId}  ready  .*\\[active\\]\\n    take 2  ${secondId}`));

    // Deleting the active take removes its file and gives the grain its newest other finished take.
    const firstPath = (JSON.parse(first.out) as { path: string }).path;
    expect(existsSync(firstPath)).toBe(true);
    const deleted = await runCli(['take', 'delete', firstId, '--library', library]);
    expect(deleted.code).toBe(0);
    expect(deleted.err).toMatch(`Deleted take ${firstId}.`);
    expect(existsSync(firstPath)).toBe(false);
    expect(JSON.parse((await runCli(['take', 'list', capsuleId, '--library', library, '--json'])).out)).toMatchObject([{ id: secondId, isActive: true }]);

    const gone = await runCli(['take', 'use', firstId, '--library', library, '--json']);
    expect(gone.code).toBe(1);
    expect(JSON.parse(gone.err).error).toMatchObject({ code: 'NOT_FOUND' });
    expect((await runCli(['take', 'delete', '--library', library])).code).toBe(2);
  });
});
