// Runs in Node (tests). `capsule publish` against the fake Pod: a file with --pod/--token-file/--owner,
// progress on stderr, the page URL on stdout; a capsule's latest render through a saved profile; clear errors.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main/cli/main';
import { openDatabase } from '../../src/main/library/database';
import { tempDir } from '../support/tempDir';
import { makeMp4, writeVtt } from '../support/podStudio';
import { startPodServer, type PodServer } from '../support/podServer/server';
import { STAFF_TOKEN } from '../support/podServer/state';

function runCli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return main(argv, { out: (text) => out.push(text), err: (text) => err.push(text) }).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

const dir = tempDir('pod-cli-');
let server: PodServer;
let mp4: { path: string; sha256: string; size: number };
const tokenFile = path.join(dir, 'token');

beforeAll(async () => {
  server = await startPodServer({ knobs: { stepEveryMs: 0 } });
  mp4 = await makeMp4(path.join(dir, 'lecture.mp4'));
  writeFileSync(tokenFile, `${STAFF_TOKEN}\n`);
});
afterAll(async () => {
  await server.close();
});

describe('capsule publish', () => {
  it('publishes a file and prints progress on stderr and the page URL on stdout', async () => {
    const library = path.join(dir, 'library');
    const run = await runCli(['publish', mp4.path, '--pod', server.url, '--token-file', tokenFile, '--owner', 'jdoe', '--title', 'Cours 1', '--licence', 'by', '--public', '--library', library]);
    expect(run.err).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    expect(run.out).toBe(`${server.url}/video/0001-cours-1/`);
    expect(run.err).toMatch(/Visibility: public\. Language: .*\. Licence: Attribution 4\.0 International \(CC BY 4\.0\)\./);
    expect(run.err).toMatch(/publish running \(pod_uploading\)/);
    expect(run.err).toMatch(/publish done/);
    expect(run.err).not.toContain(STAFF_TOKEN);
    expect(server.state.videos[0]).toMatchObject({ title: 'Cours 1', licence: 'by', owner: 42, type: 1 });
    expect(server.state.videos[0]!.file.sha256).toBe(mp4.sha256);

    // The server is now a profile: later publications name it. --json gives the whole result.
    const again = await runCli(['publish', mp4.path, '--profile', `127.0.0.1:${server.port} (jdoe)`, '--title', 'Cours 2', '--new', '--json', '--library', library]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ pageUrl: `${server.url}/video/0002-cours-2/`, videoId: 2, captions: 'none', isDraft: true });
    expect(again.err.split('\n').some((line) => line.startsWith('{') && JSON.parse(line).kind === 'publish')).toBe(true);
  });

  it("publishes a capsule's latest render with its chapters and captions", async () => {
    const library = path.join(dir, 'library-capsule');
    const db = openDatabase(library);
    const now = new Date().toISOString();
    db.prepare('INSERT INTO capsules (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)').run('cap-optique', 'Optique', now, now);
    const chaptersVtt = path.join(dir, 'render.chapters.vtt');
    writeFileSync(chaptersVtt, 'WEBVTT\n\n00:00.000 --> 00:01.000\nLentilles\n\n00:01.000 --> 00:02.000\nMiroirs\n');
    const output = { capsuleId: 'cap-optique', file: mp4.path, durationMs: 2000, height: 720, bytes: mp4.size, chaptersVtt, captionsVtt: writeVtt(dir, 'render.captions.vtt'), poster: '', thumbnailStrip: '', cachedGrains: 0, renderedGrains: 1, encoder: 'libx264' };
    db.prepare('INSERT INTO montage_renders (id, capsule_id, job_id, output_json, created_at) VALUES (?, ?, ?, ?, ?)').run('r1', 'cap-optique', null, JSON.stringify(output), now);
    db.close();
    const run = await runCli(['publish', 'cap-optique', '--pod', server.url, '--token-file', tokenFile, '--owner', 'jdoe', '--json', '--library', library]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.out) as { videoId: number; chapterCount: number; captions: string };
    expect(result).toMatchObject({ chapterCount: 2, captions: 'added' });
    const video = server.state.videos.find((item) => item.id === result.videoId)!;
    expect(video.title).toBe('Optique');
    expect(server.state.chapters.filter((chapter) => chapter.video === video.id).map((chapter) => [chapter.title, chapter.timeStart])).toEqual([
      ['Lentilles', 0],
      ['Miroirs', 1],
    ]);
  });

  it('explains what is wrong', async () => {
    const library = path.join(dir, 'library-errors');
    expect((await runCli(['publish', 'nothing-here', '--pod', server.url, '--token-file', tokenFile, '--owner', 'jdoe', '--library', library])).err).toMatch(/neither a video file nor a capsule/);
    expect((await runCli(['publish', mp4.path, '--library', library])).err).toMatch(/Give --profile NAME, or --pod URL --token-file FILE --owner USER/);
    expect((await runCli(['publish', mp4.path, '--profile', 'Nope', '--library', library])).err).toMatch(/No Pod profile is called "Nope"/);
    expect((await runCli(['publish', mp4.path, '--profile', 'Nope', '--draft=false', '--library', library])).err).toMatch(/Write --public to publish a video everyone can see/);
    expect((await runCli(['publish', mp4.path, '--profile', 'Nope', '--public', '--draft', '--library', library])).err).toMatch(/Give --public or --draft, not both/);
    const unknown = await runCli(['publish', mp4.path, '--pod', server.url, '--token-file', tokenFile, '--owner', 'nobody', '--library', library]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/Error \(POD_UNKNOWN_USER\): Pod has no account "nobody"/);
    const badType = await runCli(['publish', mp4.path, '--pod', server.url, '--token-file', tokenFile, '--owner', 'jdoe', '--type', '/rest/types/77/', '--library', library]);
    expect(badType.err).toMatch(/POD_INVALID_METADATA.*\n\s+type: not_offered \(allowed: (Other|Autre) \(\/rest\/types\/1\/\), Cours \(\/rest\/types\/2\/\)\)/);
  });
});
