// Runs in Node (test: real SQLite library, real loopback BBB server, real FFmpeg, real CLI process).
// The BBB panel's services end to end: profiles with their secret in the secret store, the cached list
// refreshed in the background, import jobs (presentation render and video format) that add an
// `imported_recording` capsule with chapters and a publishable render, and the `capsule bbb` commands.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { probeMedia } from '../../src/main/ffmpeg/ffmpeg';
import { latestRender } from '../../src/main/pod/publishSource';
import type { BbbImportResult } from '../../src/shared/domain/bbb';
import { generateRecording, type GeneratedRecording } from '../support/bbbFixture/generateRecording';
import { shortFixtureSpec } from '../support/bbbFixture/fixtureSpec';
import { fakeRecordingFromSpec, startFakeBbb, type FakeBbbServer } from '../support/bbbServer/bbbServer';
import { repoRoot, tempDir } from '../support/tempDir';

// Generating the fixture media (VP8, Opus) on a shared, busy machine can take minutes the first time.
const FIXTURE_TIMEOUT_MS = 600_000;

const SECRET = 'fixture-secret-0b21fcaf34673a8c3ec8ed877d76ae34';
const run = promisify(execFile);

async function capsule(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(repoRoot, 'bin/capsule.mjs'), ...args], { maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('BBB import services', () => {
  const dir = tempDir('bbb-import-');
  let withVideo: GeneratedRecording;
  let tldraw: GeneratedRecording;
  let server: FakeBbbServer;
  let studio: Studio;
  let profileId: string;

  beforeAll(async () => {
    withVideo = await generateRecording(shortFixtureSpec('svg', { videoFormat: true }));
    tldraw = await generateRecording(shortFixtureSpec('tldraw'));
    const roots = new Map([withVideo, tldraw].map((g) => [g.spec.recordId, g.root]));
    server = await startFakeBbb({
      secret: SECRET,
      bbbVersion: '3.0.4',
      pagination: 'nested',
      filesRoot: (id) => roots.get(id) ?? null,
      recordings: [
        fakeRecordingFromSpec(withVideo.spec),
        fakeRecordingFromSpec(tldraw.spec),
        { ...fakeRecordingFromSpec({ ...tldraw.spec, recordId: `${'c'.repeat(40)}-1600000000000`, meetingId: 'other-course' }), name: 'Not mine' },
      ],
    });
    studio = await createStudio({ libraryDir: path.join(dir, 'library'), binding: 'loopback' });
  }, FIXTURE_TIMEOUT_MS);
  afterAll(async () => {
    await studio?.close();
    await server?.close();
  });

  it('saves a profile with its secret in the secret store only, and tests the connection', async () => {
    const profile = await studio.calls.bbbSaveProfile(null, { name: 'Université', url: server.url, secret: SECRET, checksum: 'sha512', meetingIds: ['course-42', ' course-42 '], metaFilters: { 'meta_bbb-origin': 'Moodle' } });
    profileId = profile.id;
    expect(profile.apiUrl).toBe(`${server.url}/bigbluebutton/api/`);
    expect(profile.meetingIds).toEqual(['course-42']);
    expect(profile.metaFilters).toEqual({ 'bbb-origin': 'Moodle' });
    expect(profile.hasSecret).toBe(true);
    expect(JSON.stringify(profile)).not.toContain(SECRET);
    const row = studio.database.prepare('SELECT * FROM bbb_profiles WHERE id = ?').get(profileId);
    expect(JSON.stringify(row)).not.toContain(SECRET);
    const report = await studio.calls.bbbTestConnection({ profileId });
    expect(report).toMatchObject({ ok: true, problem: null, server: { bbbVersion: '3.0.4', graphql: true } });
    const wrong = await studio.calls.bbbTestConnection({ draft: { name: 'x', url: server.url, secret: 'nope', checksum: 'sha256' } });
    expect(wrong.ok).toBe(false);
    expect(wrong.problem?.code).toBe('BBB_CHECKSUM_ERROR');
    expect(wrong.problem?.message).toMatch(/shared secret/);
    await expect(studio.calls.bbbSaveProfile(null, { name: 'université', url: server.url, secret: 'x' })).rejects.toMatchObject({ code: 'BBB_PROFILE_EXISTS' });
  });

  it('lists the teacher\'s recordings, then answers from the cache and refreshes in the background', async () => {
    const first = await studio.calls.bbbListRecordings(profileId, undefined);
    expect(first.fromCache).toBe(false);
    expect(first.recordings.map((r) => r.recordId).sort()).toEqual([withVideo.spec.recordId, tldraw.spec.recordId].sort());
    const tl = first.recordings.find((r) => r.recordId === tldraw.spec.recordId)!;
    expect(tl.name).toBe(tldraw.spec.name);
    expect(tl.participants).toBe(2);
    expect(tl.formats[0]!.previews).toHaveLength(2);
    const updated = new Promise<unknown>((resolve) => {
      const off = studio.context.events.subscribe((name, payload) => {
        if (name === 'bbb.recordingsUpdated') {
          off();
          resolve(payload);
        }
      });
    });
    const requestsBefore = server.requests.length;
    const second = await studio.calls.bbbListRecordings(profileId, undefined);
    expect(second.fromCache).toBe(true);
    expect(second.recordings).toHaveLength(2);
    expect(await updated).toMatchObject({ profileId, error: null, list: { fromCache: false } });
    expect(server.requests.length).toBeGreaterThan(requestsBefore);
  });

  it('imports a 2.6+ presentation recording as an imported_recording capsule with chapters and a publishable render', async () => {
    const job = await studio.calls.bbbImportRecording(profileId, tldraw.spec.recordId, { chat: true });
    expect(job.kind).toBe('bbb_import');
    const stages = new Set<string>();
    const off = studio.context.events.subscribe((name, payload) => {
      if (name === 'job.progress' && (payload as { id: string }).id === job.id && (payload as { stage: string | null }).stage) stages.add((payload as { stage: string }).stage);
    });
    const result = await studio.context.jobs.result<BbbImportResult>(job.id);
    off();
    expect(stages).toContain('downloading');
    expect(stages).toContain('encoding');
    expect(result.source).toBe('presentation');
    expect(result.chapters.map((c) => c.title)).toEqual(['Slide 1', 'Screen sharing', 'Slide 2', 'Slide 3']);
    const probe = await probeMedia(result.file);
    expect(Math.abs(Number(probe.format.duration) - 20)).toBeLessThan(0.1);
    expect(probe.chapters).toHaveLength(4);
    const capsule = await studio.calls.getCapsule(result.capsuleId);
    expect(capsule.kind).toBe('imported_recording');
    expect(capsule.title).toBe(tldraw.spec.name);
    expect(capsule.grains.flatMap((g) => g.slides).map((s) => s.prompt)).toEqual(['Slide 1', 'Screen sharing', 'Slide 2', 'Slide 3']);
    expect((await studio.calls.listCapsules()).some((c) => c.id === result.capsuleId && c.kind === 'imported_recording')).toBe(true);
    const render = latestRender(studio.context.stores.montage, result.capsuleId);
    expect(render?.file).toBe(result.file);
    expect(readFileSync(render!.chaptersVtt!, 'utf8')).toContain('Screen sharing');
    // The recording's live captions go with the render, for Pod.
    expect(readFileSync(render!.captionsVtt!, 'utf8')).toContain('Bonjour et bienvenue.');
  });

  it('downloads the video format when the recording has one, checks it, and adds chapters', async () => {
    const job = await studio.calls.bbbImportRecording(profileId, withVideo.spec.recordId, undefined);
    const result = await studio.context.jobs.result<BbbImportResult>(job.id);
    expect(result.source).toBe('video');
    expect(server.requests.some((r) => r.path.endsWith('/video-0.m4v'))).toBe(true);
    const probe = await probeMedia(result.file);
    // MP4 chapters add a `data` (text) track; the media are one video and one audio stream.
    expect(probe.streams.map((s) => s.codec_type).filter((t) => t !== 'data').sort()).toEqual(['audio', 'video']);
    expect(probe.streams.find((s) => s.codec_type === 'video')?.width).toBe(640); // the server's own video, not a render
    expect(probe.chapters.map((c) => c.tags?.title)).toEqual(['Slide 1', 'Screen sharing', 'Slide 2', 'Slide 3']);
  });

  it('imports protected recordings from Scalelite: one-time token link, then the cookie opens the files', async () => {
    const scalelite = await startFakeBbb({
      secret: SECRET,
      mode: 'scalelite',
      filteredMode: true,
      protectedRecordings: true,
      filesRoot: withVideo.root,
      recordings: [fakeRecordingFromSpec(withVideo.spec)],
    });
    try {
      const profile = await studio.calls.bbbSaveProfile(null, { name: 'Scalelite ESR', url: `${scalelite.url}/bigbluebutton/api`, secret: SECRET, checksum: 'sha256', meetingIds: ['course-42'] });
      // Without the cookie the raw files are refused, as on the real service.
      expect((await fetch(`${scalelite.url}/presentation/${withVideo.spec.recordId}/metadata.xml`)).status).toBe(403);
      const presentation = await studio.context.jobs.result<BbbImportResult>((await studio.calls.bbbImportRecording(profile.id, withVideo.spec.recordId, { preferPresentation: true })).id);
      expect(presentation.source).toBe('presentation');
      expect(Math.abs(presentation.durationSec - 20)).toBeLessThan(0.01);
      const video = await studio.context.jobs.result<BbbImportResult>((await studio.calls.bbbImportRecording(profile.id, withVideo.spec.recordId, undefined)).id);
      expect(video.source).toBe('video');
      expect(video.chapters).toHaveLength(4);
      // One link for the rendered import; the video import spends the video link and, for its chapters, the presentation link.
      expect(scalelite.requests.filter((r) => r.path.startsWith('/recording/')).map((r) => r.path.split('/')[3])).toEqual(['presentation', 'video', 'presentation']);
      expect(scalelite.requests.some((r) => r.path === `/video/${withVideo.spec.recordId}/video-0.m4v`)).toBe(true);
    } finally {
      await scalelite.close();
    }
  });

  it('refuses an unknown recording and a bad record id clearly', async () => {
    const job = await studio.calls.bbbImportRecording(profileId, 'ffffffffffffffffffffffffffffffffffffffff-1111111111111', undefined);
    await expect(studio.context.jobs.result(job.id)).rejects.toMatchObject({ code: 'BBB_RECORDING_NOT_FOUND' });
    await expect(studio.calls.bbbImportRecording(profileId, '../etc/passwd', undefined)).rejects.toMatchObject({ code: 'BAD_ARGS' });
  });

  it('capsule bbb list / profile add / import with --url --secret-file or --profile, and --json', async () => {
    const library = path.join(dir, 'cli-library');
    const secretFile = path.join(dir, 'secret.txt');
    writeFileSync(secretFile, `${SECRET}\n`);
    const listed = await capsule(['bbb', 'list', '--url', server.url, '--secret-file', secretFile, '--checksum', 'sha1', '--meeting', 'course-42', '--json', '--library', library]);
    expect(listed.code).toBe(0);
    const list = JSON.parse(listed.stdout) as { recordings: { recordId: string; formats: string[]; durationSec: number }[] };
    expect(list.recordings).toHaveLength(2);
    expect(list.recordings.find((r) => r.recordId === withVideo.spec.recordId)?.formats).toEqual(['presentation', 'video']);
    expect(listed.stderr).not.toContain(SECRET);

    const bad = await capsule(['bbb', 'list', '--url', server.url, '--secret-file', path.join(dir, 'missing.txt'), '--library', library]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('BBB_NO_SECRET');

    const added = await capsule(['bbb', 'profile', 'add', 'fac', '--url', server.url, '--secret-file', secretFile, '--meeting', 'course-42', '--library', library]);
    expect(added.code).toBe(0);
    const out = path.join(dir, 'exports', 'seance.mp4');
    const imported = await capsule(['bbb', 'import', withVideo.spec.recordId, '--out', out, '--profile', 'fac', '--presentation', '--json', '--library', library]);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('bbb_import');
    const result = JSON.parse(imported.stdout) as BbbImportResult & { out: string };
    expect(result.source).toBe('presentation');
    expect(existsSync(out)).toBe(true);
    expect(Math.abs(Number((await probeMedia(out)).format.duration) - 20)).toBeLessThan(0.1);
    expect(imported.stderr + imported.stdout).not.toContain(SECRET);
  });
});
