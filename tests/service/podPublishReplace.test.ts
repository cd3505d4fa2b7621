// Runs in Node (tests). What a real Esup-Pod showed going wrong, against the fake Pod on loopback:
// --replace respects what the teacher edited on Pod (description, draft) and changes only what changed in
// the studio; a tagged video (4.x HTML 500 on reads and writes) is replaced without extra copies; saved
// defaults never change visibility; a French Pod's texts decide nothing; a type created on Pod after the
// lists were read is found by refreshing them; a bad token fails before any byte of the file leaves; the
// instance's language writes the titles; the poster becomes the thumbnail; the old caption file goes; a
// dead Pod encoder is said plainly (REST cannot restart it) and the same job finishes once Pod encodes again.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PublishResult } from '../../src/shared/domain/pod';
import { main } from '../../src/main/cli/main';
import { tempDir } from '../support/tempDir';
import { makeMp4, metadata, openPodTestBed, writeVtt, type PodTestBed } from '../support/podStudio';
import { STAFF_TOKEN } from '../support/podServer/state';

const media = tempDir('pod-replace-media-');
let mp4: { path: string; sha256: string; size: number };
let edited: { path: string; sha256: string; size: number };
let bed: PodTestBed | null = null;

beforeAll(async () => {
  mp4 = await makeMp4(path.join(media, 'first.mp4'));
  edited = await makeMp4(path.join(media, 'edited.mp4'), 3);
});

afterEach(async () => {
  await bed?.close();
  bed = null;
});

function insertCapsule(b: PodTestBed, title: string, render?: { file: string; poster?: string; captionsVtt?: string }): string {
  const id = `capsule-${Math.random().toString(36).slice(2, 10)}`;
  const now = new Date().toISOString();
  const db = b.studio.database;
  db.prepare('INSERT INTO capsules (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)').run(id, title, now, now);
  if (render) {
    const output = { capsuleId: id, file: render.file, durationMs: 2000, height: 120, bytes: 1, chaptersVtt: '', captionsVtt: render.captionsVtt ?? '', poster: render.poster ?? '', thumbnailStrip: '', cachedGrains: 0, renderedGrains: 1, encoder: 'libx264' };
    db.prepare('INSERT INTO montage_renders (id, capsule_id, job_id, output_json, created_at) VALUES (?, ?, ?, ?, ?)').run(`r-${id}`, id, null, JSON.stringify(output), now);
  }
  return id;
}

async function publish(b: PodTestBed, request: Parameters<PodTestBed['pod']['publish']>[0]): Promise<PublishResult> {
  const job = await b.pod.publish(request);
  return b.studio.context.jobs.result<PublishResult>(job.id);
}

function fieldsOf(request: { fields?: [string, string][] } | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of request?.fields ?? []) (out[key] ??= []).push(value);
  return out;
}

/** The CLI opens the library itself: the test's studio closes first; the fake Pod stays up until the test ends. */
async function handOverToCli(b: PodTestBed): Promise<string> {
  const library = b.studio.context.libraryDir;
  await b.studio.close();
  bed = null;
  pendingServers.push(b.server);
  return library;
}

const pendingServers: PodTestBed['server'][] = [];
afterEach(async () => {
  for (const server of pendingServers.splice(0)) await server.close();
});

function runCli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return main(argv, { out: (text) => out.push(text), err: (text) => err.push(text) }).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

describe('--replace respects the teacher’s edits on Pod', () => {
  it('keeps a description edited on Pod and the draft state, sends the title changed in the studio, and shows the differences first', async () => {
    bed = await openPodTestBed(tempDir(), { server: { knobs: { stepEveryMs: 0 } } });
    const { pod, server } = bed;
    const capsule = insertCapsule(bed, 'Optique');
    const sent = metadata({ title: 'Optique', description: 'Résumé écrit dans le studio.', isDraft: true });
    const first = await publish(bed, { profileId: bed.profile.id, capsuleId: capsule, filePath: mp4.path, metadata: sent, mode: 'new' });
    expect(first.isDraft).toBe(true);
    // On Pod, the teacher rewrites the description (Pod's web form writes the page language's column).
    server.state.editFromWebUi(first.videoId, { description: '<p>Description revue sur Pod.</p>' });

    const now = { ...sent, title: 'Optique géométrique' };
    const preview = await pod.previewReplace({ profileId: bed.profile.id, capsuleId: capsule, metadata: now });
    const byField = Object.fromEntries(preview.changes.map((change) => [change.field, change]));
    expect(byField.title).toMatchObject({ action: 'send', onPod: 'Optique', lastPublished: 'Optique', inStudio: 'Optique géométrique' });
    expect(byField.description).toMatchObject({ action: 'keep', onPod: 'Description revue sur Pod.', lastPublished: 'Résumé écrit dans le studio.' });
    expect(byField.isDraft).toMatchObject({ action: 'keep', onPod: 'yes' });

    const replaced = await publish(bed, { profileId: bed.profile.id, capsuleId: capsule, filePath: edited.path, metadata: now, mode: 'replace' });
    expect(replaced.videoId).toBe(first.videoId);
    const video = server.state.videos[0]!;
    expect(server.state.videos).toHaveLength(1);
    expect(video.description).toBe('<p>Description revue sur Pod.</p>');
    expect(video.title).toBe('Optique géométrique');
    expect(video.isDraft).toBe(true);
    expect(replaced.isDraft).toBe(true);
    const patch = fieldsOf(server.requestsTo('PATCH', `/rest/videos/${video.id}/`)[0]);
    expect(Object.keys(patch).sort()).toEqual(['is_draft', 'title']);
    expect(patch.is_draft).toEqual(['true']); // always sent, as Pod holds it
  });

  it('a video tagged on Pod (4.x: HTML 500 on every read and write of it) is replaced with exactly one new file, and the job ends true', async () => {
    bed = await openPodTestBed(tempDir(), { server: { knobs: { stepEveryMs: 0 } } });
    const { server } = bed;
    const capsule = insertCapsule(bed, 'Mécanique');
    const first = await publish(bed, { profileId: bed.profile.id, capsuleId: capsule, filePath: mp4.path, metadata: metadata({ title: 'Mécanique' }), mode: 'new' });
    server.state.addTagFromWebUi(first.videoId, 'physique');
    const job = await bed.pod.publish({ profileId: bed.profile.id, capsuleId: capsule, filePath: edited.path, metadata: metadata({ title: 'Mécanique' }), mode: 'replace' });
    const result = await bed.studio.context.jobs.result<PublishResult>(job.id);
    expect(bed.studio.context.jobs.get(job.id)).toMatchObject({ state: 'done', attempts: 1 });
    const video = server.state.videos[0]!;
    expect(server.requestsTo('PATCH', `/rest/videos/${video.id}/`)).toHaveLength(1);
    expect(video.fileHistory.map((file) => file.sha256)).toEqual([mp4.sha256, edited.sha256]);
    expect(server.state.videos).toHaveLength(1);
    expect(result).toMatchObject({ videoId: first.videoId, notice: null });
    expect(server.requestsTo('GET', '/rest/videos/user_videos/').length).toBeGreaterThan(0);
  });

  it('a 500 after the file was sent, on a video whose reads work, is not repeated by itself: the message says the file may be on Pod', async () => {
    bed = await openPodTestBed(tempDir(), { server: { knobs: { stepEveryMs: 0 } }, config: { maxAttempts: 6 } });
    const { server, studio } = bed;
    const capsule = insertCapsule(bed, 'Ondes');
    const first = await publish(bed, { profileId: bed.profile.id, capsuleId: capsule, filePath: mp4.path, metadata: metadata({ title: 'Ondes' }), mode: 'new' });
    server.inject({ kind: 'cutAfterCreate', method: 'PATCH', path: `/rest/videos/${first.videoId}/` });
    const job = await bed.pod.publish({ profileId: bed.profile.id, capsuleId: capsule, filePath: edited.path, metadata: metadata({ title: 'Ondes' }), mode: 'replace' });
    const failed = await studio.context.jobs.wait(job.id);
    expect(failed.state).toBe('failed');
    expect(failed.attempts).toBe(1);
    expect(failed.error).toMatchObject({ code: 'POD_UPLOAD_UNCERTAIN' });
    expect(failed.error!.message).toMatch(/may or may not have kept it\. Nothing was sent again/);
    expect(failed.error!.message).not.toMatch(/will be retried/);
    expect(server.requestsTo('PATCH', `/rest/videos/${first.videoId}/`)).toHaveLength(1);
  });
});

describe('visibility is always explicit', () => {
  it('a public publication is never remembered: the next CLI publication is a draft, says so, and sends is_draft', async () => {
    bed = await openPodTestBed(tempDir(), { server: { knobs: { stepEveryMs: 0 } } });
    const { pod, server } = bed;
    // The app's form published publicly in English under CC BY, remembering its choices.
    await publish(bed, { profileId: bed.profile.id, filePath: mp4.path, metadata: metadata({ isDraft: false, mainLang: 'en', licence: 'by' }), mode: 'new', rememberDefaults: true });
    expect(pod.profiles.get(bed.profile.id).defaults.isDraft).toBeUndefined();
    expect(pod.draft({ profileId: bed.profile.id, filePath: edited.path }).metadata.isDraft).toBe(true);

    const library = await handOverToCli(bed);
    const run = await runCli(['publish', edited.path, '--profile', 'Test Pod', '--title', 'Sans drapeau', '--library', library]);
    expect(run.code).toBe(0);
    expect(run.err).toMatch(/Visibility: draft \(only its owners can see it; --public to publish it for everyone\)\. Language: English\. Licence: Attribution 4\.0 International \(CC BY 4\.0\)\./);
    expect(run.out).toMatch(/\/video\/0002-sans-drapeau\/ \(draft: only its owners can open it/);
    const create = server.requestsTo('POST', '/rest/videos/')[1]!;
    expect(fieldsOf(create).is_draft).toEqual(['true']);
    expect(server.state.videos[1]!.isDraft).toBe(true);
  });

  it('a profile saved by an earlier version, with a remembered public choice, no longer makes publications public', async () => {
    bed = await openPodTestBed(tempDir());
    const { pod, studio } = bed;
    studio.database.prepare('UPDATE pod_profiles SET defaults_json = ? WHERE id = ?').run(JSON.stringify({ isDraft: false, licence: 'by', mainLang: 'en' }), bed.profile.id);
    expect(pod.profiles.get(bed.profile.id)).toMatchObject({ defaults: { licence: 'by', mainLang: 'en' }, provisionedDefaults: {} });
    expect(pod.profiles.get(bed.profile.id).defaults.isDraft).toBeUndefined();
    expect(pod.draft({ profileId: bed.profile.id, filePath: mp4.path }).metadata).toMatchObject({ isDraft: true, licence: 'by', mainLang: 'en' });
  });

  it("the institution's provisioning file may make publications public by default; --draft still wins", async () => {
    bed = await openPodTestBed(tempDir(), { server: { knobs: { stepEveryMs: 0 } } });
    const { pod, server } = bed;
    await pod.importProvisioning(
      JSON.stringify({ format: 'capsule-studio/pod-provisioning', version: 1, servers: [{ name: 'Test Pod', url: 'https://pod.example.edu', defaults: { isDraft: false } }] }),
    );
    // The test profile keeps pointing at the fake server (provisioning requires https).
    await pod.saveProfile({ id: bed.profile.id, name: 'Test Pod', baseUrl: server.url, username: 'jdoe', token: STAFF_TOKEN });
    expect(pod.profiles.get(bed.profile.id).provisionedDefaults).toEqual({ isDraft: false });
    const library = await handOverToCli(bed);
    const run = await runCli(['publish', mp4.path, '--profile', 'Test Pod', '--library', library]);
    expect(run.err).toMatch(/Visibility: public\./);
    expect(server.state.videos[0]!.isDraft).toBe(false);
    const drafted = await runCli(['publish', edited.path, '--profile', 'Test Pod', '--draft', '--library', library]);
    expect(drafted.code).toBe(0);
    expect(server.state.videos[1]!.isDraft).toBe(true);
  });
});

describe('language, French texts, vocabularies, token', () => {
  it("writes in the instance's language (Accept-Language), the capsule's only in main_lang, and a French Pod's texts decide nothing", async () => {
    bed = await openPodTestBed(tempDir(), { server: { knobs: { stepEveryMs: 0, languageCode: 'fr' } } });
    const { server, studio } = bed;
    // The first chapter is created but its answer is lost; the retry meets Pod's unique rule, in French.
    server.inject({ kind: 'cutAfterCreate', method: 'POST', path: '/rest/chapters/' });
    const job = await bed.pod.publish({
      profileId: bed.profile.id,
      filePath: mp4.path,
      metadata: metadata({ title: 'Lecture in English', mainLang: 'en' }),
      mode: 'new',
      chapters: [{ title: 'Introduction', startMs: 0 }],
    });
    const failed = await studio.context.jobs.wait(job.id);
    expect(failed.error).toMatchObject({ code: 'POD_CONNECTION_LOST' });
    studio.context.jobs.retry(job.id);
    const result = await studio.context.jobs.result<PublishResult>(job.id);
    const video = server.state.videos[0]!;
    expect(server.state.chapters.filter((chapter) => chapter.video === video.id)).toHaveLength(1);
    expect(result.chapterCount).toBe(1);
    // The 400 came back in French; the decision came from re-reading the chapters.
    const posts = server.requestsTo('POST', '/rest/chapters/');
    expect(posts).toHaveLength(2);
    expect(server.requestsTo('GET', '/rest/chapters/').length).toBeGreaterThan(0);
    const create = server.requestsTo('POST', '/rest/videos/')[0]!;
    expect(create.acceptLanguage).toBe('fr');
    expect(fieldsOf(create).main_lang).toEqual(['en']);
    expect(video).toMatchObject({ titleFr: 'Lecture in English', mainLang: 'en' });
    expect(video.titleEn ?? '').toBe('');
    expect(server.requests.every((request) => request.acceptLanguage === 'fr' || request.path === '/info_pod.json')).toBe(true);
  });

  it('shows a French Pod’s field errors as they came, mapped to their fields', async () => {
    bed = await openPodTestBed(tempDir(), { server: { knobs: { languageCode: 'fr' } } });
    const { studio } = bed;
    bed.server.inject({ kind: 'fieldErrors', method: 'POST', path: '/rest/videos/', fieldErrors: { sites: ['This list may not be empty.'] } });
    const job = await bed.pod.publish({ profileId: bed.profile.id, filePath: mp4.path, metadata: metadata(), mode: 'new' });
    const failed = await studio.context.jobs.wait(job.id);
    expect(failed.error).toMatchObject({ code: 'POD_VALIDATION' });
    expect((failed.error!.details!.fields as Record<string, string[]>).general).toEqual(['sites: Cette liste ne peut pas être vide.']);
    // Refused by Pod before any video existed: a later publication of this file starts afresh, it has nothing to continue.
    expect(bed.pod.unfinished(bed.profile.id, { filePath: mp4.path })).toBeNull();
  });

  it('a type created on Pod after the lists were read: refreshed on the unknown value, and on --refresh; the error lists allowed values by name', async () => {
    bed = await openPodTestBed(tempDir(), { server: { knobs: { stepEveryMs: 0 } } });
    const { pod, server } = bed;
    await pod.vocabulary(bed.profile.id);
    const created = server.state.addType('Conférence');
    const typesFetched = () => server.requestsTo('GET', '/rest/types/').length;
    const before = typesFetched();
    const result = await publish(bed, { profileId: bed.profile.id, filePath: mp4.path, metadata: metadata({ type: `/rest/types/${created.id}/` }), mode: 'new' });
    expect(typesFetched()).toBe(before + 1);
    expect(server.state.videos.find((item) => item.id === result.videoId)!.type).toBe(created.id);

    const library = await handOverToCli(bed);
    const refused = await runCli(['publish', edited.path, '--profile', 'Test Pod', '--type', '/rest/types/99/', '--library', library]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/type: not_offered \(allowed: .*Conférence \(\/rest\/types\/\d+\/\)/);
    const countBefore = typesFetched();
    await runCli(['publish', edited.path, '--profile', 'Test Pod', '--refresh', '--library', library]);
    expect(typesFetched()).toBeGreaterThan(countBefore);
  });

  it('a bad token fails before any byte of the file is sent, and the CLI never saves a token that failed', async () => {
    bed = await openPodTestBed(tempDir(), { token: 'b'.repeat(40) });
    const { server, studio } = bed;
    const job = await bed.pod.publish({ profileId: bed.profile.id, filePath: mp4.path, metadata: metadata(), mode: 'new' });
    const failed = await studio.context.jobs.wait(job.id);
    expect(failed.error).toMatchObject({ code: 'POD_BAD_TOKEN' });
    expect(server.requestsTo('POST', '/rest/videos/')).toHaveLength(0);
    expect(server.requests.some((request) => request.files !== undefined)).toBe(false);

    const library = path.join(tempDir(), 'library');
    const badToken = path.join(media, 'bad-token');
    writeFileSync(badToken, `${'c'.repeat(40)}\n`);
    const run = await runCli(['publish', mp4.path, '--pod', server.url, '--token-file', badToken, '--owner', 'jdoe', '--library', library]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/Error \(POD_BAD_TOKEN\): .*Nothing was saved\./);
    expect((await runCli(['pod', 'profile', 'list', '--json', '--library', library])).out).toBe('[]');
    const add = await runCli(['pod', 'profile', 'add', 'Campus', '--url', server.url, '--token-file', badToken, '--owner', 'jdoe', '--library', library]);
    expect(add.code).toBe(1);
    expect((await runCli(['pod', 'profile', 'list', '--json', '--library', library])).out).toBe('[]');
    expect(server.requestsTo('POST', '/rest/videos/')).toHaveLength(0);
  });
});

describe('finishing the job', () => {
  it('sends the poster as thumbnail, labels script captions, removes the old caption file and poster on replace, and can publish without captions', async () => {
    bed = await openPodTestBed(tempDir(), { server: { knobs: { stepEveryMs: 0 } } });
    const { server } = bed;
    const poster = path.join(media, 'poster.png');
    writeFileSync(poster, Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3f8c2e40000000049454e44ae426082', 'hex'));
    const captions = writeVtt(media, 'render.captions.vtt');
    const capsule = insertCapsule(bed, 'Thermodynamique', { file: mp4.path, poster, captionsVtt: captions });
    const first = await publish(bed, { profileId: bed.profile.id, capsuleId: capsule, metadata: metadata({ title: 'Thermodynamique' }), mode: 'new' });
    expect(first).toMatchObject({ thumbnail: 'set', captions: 'added' });
    const video = server.state.videos[0]!;
    const image = server.state.images.at(-1)!;
    expect(video.thumbnail).toBe(image.id);
    expect(image.stored?.sha256).toBeDefined();
    const oldFile = server.state.files[0]!;
    expect(oldFile.name).toMatch(/from-the-script/);
    // Names a real Pod 4.1 keeps as sent (it drops dots): what the teacher sees in the file manager.
    expect([oldFile.name, image.name]).toEqual([`${video.slug}-fr-from-the-script`, `${video.slug}-poster`]);

    const replaced = await publish(bed, { profileId: bed.profile.id, capsuleId: capsule, metadata: metadata({ title: 'Thermodynamique' }), mode: 'replace' });
    expect(replaced.captions).toBe('added');
    expect(server.state.files.map((file) => file.id)).not.toContain(oldFile.id);
    expect(server.state.files).toHaveLength(1);
    expect(server.state.tracks).toHaveLength(1);
    // The old poster goes too: one image in the teacher's file manager, the new thumbnail.
    expect(server.state.images.map((item) => item.id)).not.toContain(image.id);
    expect(server.state.images).toHaveLength(1);
    expect(server.state.videos[0]!.thumbnail).toBe(server.state.images[0]!.id);

    const other = insertCapsule(bed, 'Sans sous-titres', { file: edited.path, captionsVtt: captions });
    const silent = await publish(bed, { profileId: bed.profile.id, capsuleId: other, metadata: metadata({ title: 'Sans sous-titres' }), mode: 'new', withCaptions: false });
    expect(silent.captions).toBe('none');
    expect(server.state.tracks.filter((track) => track.video === silent.videoId)).toHaveLength(0);
  });

  it("a dead Pod encoder (Pod restarted while encoding): said plainly, no file re-sent, and the same job finishes once an administrator relaunches it", async () => {
    bed = await openPodTestBed(tempDir(), { server: { knobs: { pollsPerStep: 50 } } });
    const { server, studio } = bed;
    const job = await bed.pod.publish({ profileId: bed.profile.id, filePath: mp4.path, metadata: metadata(), mode: 'new', chapters: [{ title: 'Intro', startMs: 0 }] });
    await waitFor(() => server.state.videos[0]?.encodingInProgress === true);
    expect(server.state.killEncoders()).toHaveLength(1);
    const stuck = await studio.context.jobs.wait(job.id);
    expect(stuck.error).toMatchObject({ code: 'POD_ENCODING_STUCK' });
    const video = server.state.videos[0]!;
    expect(stuck.error!.message).toMatch(/Pod's encoding of this video has stopped .* nothing can restart it from here\. Ask a Pod administrator to relaunch it \(Administration, Videos, select the video, "Encode selected"\)/);
    expect(stuck.error!.details).toMatchObject({ editUrl: `${server.url}/video/edit/${video.slug}/` });

    // Checked again while nothing changed on Pod: told at once, still nothing sent.
    const started = Date.now();
    studio.context.jobs.retry(job.id);
    const still = await studio.context.jobs.wait(job.id);
    expect(still.error!.message).toMatch(/it is still where it stopped/);
    expect(Date.now() - started).toBeLessThan(5_000);

    server.state.knobs.pollsPerStep = 1;
    server.state.adminEncode(video.id);
    studio.context.jobs.retry(job.id);
    const result = await studio.context.jobs.result<PublishResult>(job.id);
    expect(result).toMatchObject({ videoId: video.id, chapterCount: 1 });
    expect(server.state.videos).toHaveLength(1);
    expect(server.requestsTo('POST', '/rest/videos/')).toHaveLength(1);
    expect(server.requestsTo('PATCH', `/rest/videos/${video.id}/`)).toHaveLength(0);
    expect(video.fileHistory).toHaveLength(1);
    expect(video.encoded).toBe(true);
  });
});

describe('capsule pod profile', () => {
  it('adds a checked profile and lists it; publish then names it', async () => {
    bed = await openPodTestBed(tempDir(), { server: { knobs: { stepEveryMs: 0 } } });
    const { server } = bed;
    const library = path.join(tempDir(), 'library');
    const tokenFile = path.join(media, 'token');
    writeFileSync(tokenFile, `${STAFF_TOKEN}\n`);
    const add = await runCli(['pod', 'profile', 'add', 'Campus', '--url', server.url, '--token-file', tokenFile, '--owner', 'jdoe', '--library', library]);
    expect(add.code).toBe(0);
    expect(add.out).toBe(`Saved profile "Campus" (${server.url}, owner jdoe — Jane Doe).`);
    const list = await runCli(['pod', 'profile', 'list', '--library', library]);
    expect(list.out).toBe(`Campus  ${server.url}  owner jdoe`);
    expect(list.out + add.out).not.toContain(STAFF_TOKEN);
    const run = await runCli(['publish', mp4.path, '--profile', 'Campus', '--public', '--no-captions', '--library', library]);
    expect(run.code).toBe(0);
    expect(server.state.videos).toHaveLength(1);
  });
});

async function waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
