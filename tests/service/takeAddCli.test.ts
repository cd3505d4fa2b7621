// Runs in Node (tests). `capsule take add`: the headless way to attach a recording to a grain.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/main/cli/main';
import { openDatabase } from '../../src/main/library/database';
import type { Take } from '../../src/shared/domain/take';
import { makeLiveWebm, seedCapsule } from '../support/recordingMedia';
import { tempDir } from '../support/tempDir';

function runCli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return main(argv, { out: (text) => out.push(text), err: (text) => err.push(text) }).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

describe('capsule take add', () => {
  it('attaches a file with its events to grain N, and explains bad input', async () => {
    const dir = tempDir('capsule-takeadd-');
    const library = path.join(dir, 'library');
    const db = openDatabase(library);
    const { capsuleId, grainIds } = seedCapsule(db, 3);
    db.close();
    const file = path.join(dir, 'take.webm');
    await makeLiveWebm(file, { seconds: 2 });
    const eventsFile = path.join(dir, 'events.json');
    const events = [
      { type: 'start', atMs: 0, slideIndex: 0, sentenceIndex: 0 },
      { type: 'end', atMs: 2000, slideIndex: 0, sentenceIndex: 0 },
    ];
    writeFileSync(eventsFile, JSON.stringify({ events, recordedMs: 2000 }));

    const added = await runCli(['take', 'add', capsuleId, '--grain', '2', '--file', file, '--events', eventsFile, '--library', library, '--json']);
    expect(added.err).not.toMatch(/Error/);
    expect(added.code).toBe(0);
    const take = JSON.parse(added.out) as Take;
    expect(take).toMatchObject({ grainId: grainIds[1], attempt: 1, state: 'ready', isActive: true, events, recordedMs: 2000, videoCodec: 'vp8', audioCodec: 'opus' });
    expect(Math.abs(take.durationMs! - 2000)).toBeLessThan(150);

    const byId = await runCli(['take', 'add', capsuleId, '--grain', grainIds[1]!, '--file', file, '--library', library]);
    expect(byId.code).toBe(0);
    expect(byId.out).toMatch(/^take 2 of grain 2/);

    const noGrain = await runCli(['take', 'add', capsuleId, '--grain', '9', '--file', file, '--library', library]);
    expect(noGrain).toMatchObject({ code: 1, err: expect.stringMatching(/NOT_FOUND.*3 grains; there is no grain 9/) });
    writeFileSync(eventsFile, '[{"type":"jump","atMs":0}]');
    const badEvents = await runCli(['take', 'add', capsuleId, '--grain', '1', '--file', file, '--events', eventsFile, '--library', library]);
    expect(badEvents).toMatchObject({ code: 1, err: expect.stringMatching(/BAD_ARGS.*events\[0\]\.type must be one of/) });
    const missing = await runCli(['take', 'add', capsuleId, '--grain', '1', '--library', library]);
    // A usage error: exit 2, the reason, then the command's usage.
    expect(missing).toMatchObject({ code: 2, err: expect.stringMatching(/Missing --file FILE\.[\s\S]*Usage: capsule take add/) });
  });
});
