// Runs in Node (tests). Publishing to the fake Pod end to end through the real job queue and SQLite:
// what the server received (fields, relation paths, file bytes and hash), encoding follow-up, chapters,
// captions, the page URL, re-publication, the 4.x read-bug fallback, and a queue that survives a restart.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../src/shared/domain/jobs';
import type { PublishResult } from '../../src/shared/domain/pod';
import { tempDir } from '../support/tempDir';
import { makeMp4, metadata, openPodTestBed, sha256File, startPodServer, writeVtt, type PodTestBed } from '../support/podStudio';

const media = tempDir('pod-media-');
let mp4: { path: string; sha256: string; size: number };
let bed: PodTestBed | null = null;

beforeAll(async () => {
  mp4 = await makeMp4(path.join(media, 'capsule-intro.mp4'));
});

afterEach(async () => {
  await bed?.close();
  bed = null;
});

const chapters = [
  { title: 'Introduction', startMs: 0 },
  { title: 'Plan du cours', startMs: 1_250 },
  { title: 'Conclusion', startMs: 61_900 },
];

describe('publishing to Pod', () => {
  it('uploads the file with every field, encodes, adds chapters and captions, and returns the page URL', async () => {
    bed = await openPodTestBed(tempDir());
    const { pod, server, studio } = bed;
    const events: JobInfo[] = [];
    studio.context.events.subscribe((name, payload) => {
      if (name === 'job.progress') events.push(payload as JobInfo);
    });
    await pod.vocabulary(bed.profile.id);
    const job = await pod.publish({ profileId: bed.profile.id, filePath: mp4.path, metadata: metadata(), mode: 'new', chapters, captionsPath: writeVtt(media) });
    const result = await studio.context.jobs.result<PublishResult>(job.id);

    expect(server.state.videos).toHaveLength(1);
    const video = server.state.videos[0]!;
    expect(result).toEqual({ pageUrl: `${server.url}/video/${video.slug}/`, videoId: video.id, slug: '0001-capsule-1-introduction', chapterCount: 3, captions: 'added', notice: null, isDraft: false, thumbnail: 'none' });

    const create = server.requestsTo('POST', '/rest/videos/');
    expect(create).toHaveLength(1);
    const request = create[0]!;
    expect(request.auth).toBe('token:admin');
    expect(request.acceptLanguage).toBe(server.state.knobs.languageCode ?? 'fr'); // the instance's own language (its Content-Language), not the capsule's
    expect(request.contentType).toMatch(/^multipart\/form-data; boundary=/);
    const fields = request.fields!;
    const all = (name: string) => fields.filter(([key]) => key === name).map(([, value]) => value);
    expect(all('title')).toEqual(['Capsule 1 – Introduction']);
    expect(all('owner')).toEqual(['/rest/users/42/']);
    expect(all('sites')).toEqual(['/rest/sites/1/']);
    expect(all('type')).toEqual(['/rest/types/1/']);
    expect(all('discipline')).toEqual(['/rest/discipline/3/', '/rest/discipline/13/']);
    expect(all('channel')).toEqual(['/rest/channels/5/']);
    expect(all('theme')).toEqual(['/rest/themes/9/']);
    expect(all('licence')).toEqual(['by-nc-sa']);
    expect(all('main_lang')).toEqual(['fr']);
    expect(all('date_evt')).toEqual(['2025-03-14']);
    expect(all('is_draft')).toEqual(['false']);
    expect(all('allow_downloading')).toEqual(['true']);
    expect(all('description')).toEqual(['<p>Résumé de la capsule.</p><p>Deuxième paragraphe.</p>']);
    expect(all('tags')).toEqual([]); // never on 4.x
    const [file] = request.files!;
    expect(file).toMatchObject({ field: 'video', filename: 'capsule-intro.mp4', contentType: 'video/mp4', size: mp4.size, sha256: mp4.sha256 });
    expect(sha256File(file!.path!)).toBe(mp4.sha256);

    // Stored as Pod would: relations resolved, draft off, encoded.
    expect(video).toMatchObject({ owner: 42, type: 1, disciplines: [3, 13], channels: [5], themes: [9], sites: [1], isDraft: false, encoded: true, launches: 1 });
    expect(server.requestsTo('GET', '/rest/launch_encode_view/')).toHaveLength(1);

    // One chapter a slide, in integer seconds; the one past the encoded duration would be rejected by the web form, not here.
    expect(server.state.chapters.map(({ title, timeStart, video: id }) => ({ title, timeStart, id }))).toEqual([
      { title: 'Introduction', timeStart: 0, id: video.id },
      { title: 'Plan du cours', timeStart: 1, id: video.id },
      { title: 'Conclusion', timeStart: 61, id: video.id },
    ]);
    const chapterPosts = server.requestsTo('POST', '/rest/chapters/');
    expect(chapterPosts[1]!.json).toEqual({ video: `/rest/videos/${video.id}/`, title: 'Plan du cours', time_start: 1 });

    // Captions: folder → file → track.
    expect(server.state.folders).toEqual([{ id: expect.any(Number), name: `capsule-studio-${video.id}-tracks`, owner: 42 }]);
    const stored = server.state.files[0]!;
    expect(stored).toMatchObject({ name: `${video.slug}-fr`, createdBy: 42, folder: server.state.folders[0]!.id });
    expect(readFileSync(stored.stored.path!, 'utf8')).toContain('Bonjour à tous.');
    expect(server.state.tracks).toEqual([{ id: expect.any(Number), video: video.id, kind: 'captions', lang: 'fr', src: stored.id }]);

    // Progress: an upload stage and an encoding stage, then done with the link remembered.
    expect(events.some((event) => event.stage === 'pod_uploading' && event.progress !== null)).toBe(true);
    expect(events.some((event) => event.stage === 'pod_encoding')).toBe(true);
    expect(studio.context.jobs.get(job.id).state).toBe('done');
    expect(pod.listPublications()).toEqual([expect.objectContaining({ videoId: video.id, pageUrl: result.pageUrl, slug: video.slug })]);
  });

  it('publishes without captions and says so when the server has no file manager, following encoding through user_videos', async () => {
    // USE_PODFILE off: no folders/files routes, and (4.x) the detail of an encoded video is an HTML 500.
    bed = await openPodTestBed(tempDir(), { server: { knobs: { usePodfile: false } } });
    const { pod, server, studio } = bed;
    const job = await pod.publish({ profileId: bed.profile.id, filePath: mp4.path, metadata: metadata(), mode: 'new', chapters, captionsPath: writeVtt(media) });
    const result = await studio.context.jobs.result<PublishResult>(job.id);
    expect(result.captions).toBe('skipped_no_file_manager');
    expect(result.notice).toMatch(/no file manager.*captions/i);
    expect(result.notice).toContain(`/video/completion/${result.slug}/`);
    expect(result.pageUrl).toBe(`${server.url}/video/0001-capsule-1-introduction/`);
    expect(server.requestsTo('GET', '/rest/videos/user_videos/').length).toBeGreaterThan(0);
    expect(server.requestsTo('POST', /\/rest\/(folders|files|tracks)\//)).toHaveLength(0);
    expect(server.state.videos).toHaveLength(1);
  });

  it('follows the slug when the title changed on Pod, and with tags on 4.x still finishes through user_videos', async () => {
    bed = await openPodTestBed(tempDir(), { server: { knobs: { pollsPerStep: 2 } } });
    const { pod, server, studio } = bed;
    const job = await pod.publish({ profileId: bed.profile.id, filePath: mp4.path, metadata: metadata({ title: 'Première version' }), mode: 'new' });
    // While Pod encodes, someone renames the video in Pod's web UI and adds a tag (4.x: reads now 500).
    const unsubscribe = studio.context.events.subscribe((name, payload) => {
      const info = payload as JobInfo;
      if (name === 'job.progress' && info.id === job.id && info.stage === 'pod_encoding' && server.state.videos[0] && !server.state.knobs.videoHasTags) {
        const video = server.state.videos[0];
        video.title = 'Titre corrigé';
        video.slug = `${String(video.id).padStart(4, '0')}-titre-corrige`;
        server.state.knobs.videoHasTags = true;
      }
    });
    const result = await studio.context.jobs.result<PublishResult>(job.id);
    unsubscribe();
    expect(result.slug).toBe('0001-titre-corrige');
    expect(result.pageUrl).toBe(`${server.url}/video/0001-titre-corrige/`);
  });

  it('on a Pod 3.x server, sends tags as the plain string 3.x expects', async () => {
    bed = await openPodTestBed(tempDir(), { server: { knobs: { version: '3.8.4' } } });
    const { pod, server, studio } = bed;
    expect((await pod.vocabulary(bed.profile.id)).version).toBe('3.8.4');
    const job = await pod.publish({ profileId: bed.profile.id, filePath: mp4.path, metadata: metadata({ tags: 'optique "lentilles minces"' }), mode: 'new' });
    await studio.context.jobs.result<PublishResult>(job.id);
    expect(server.requestsTo('POST', '/rest/videos/')[0]!.fields!.filter(([key]) => key === 'tags')).toEqual([['tags', 'optique "lentilles minces"']]);
    expect(server.state.videos[0]!.tags).toBe('optique "lentilles minces"');
  });

  it('re-publishing replaces the file of the same Pod video, or makes a new one, as asked', async () => {
    const libraryDir = tempDir();
    bed = await openPodTestBed(libraryDir);
    const { pod, server, studio } = bed;
    const capsule = insertCapsule(studio, 'Cours de mécanique');
    const first = await pod.publish({ profileId: bed.profile.id, capsuleId: capsule, filePath: mp4.path, metadata: metadata(), mode: 'new', chapters, captionsPath: writeVtt(media) });
    const published = await studio.context.jobs.result<PublishResult>(first.id);
    const oldChapterIds = server.state.chapters.map((chapter) => chapter.id);

    const edited = await makeMp4(path.join(media, 'capsule-edited.mp4'), 3);
    const draft = pod.draft({ profileId: bed.profile.id, capsuleId: capsule });
    expect(draft.previous).toMatchObject({ videoId: published.videoId, pageUrl: published.pageUrl });
    const replace = await pod.publish({ profileId: bed.profile.id, capsuleId: capsule, filePath: edited.path, metadata: metadata(), mode: 'replace', chapters: chapters.slice(0, 2), captionsPath: writeVtt(media) });
    const replaced = await studio.context.jobs.result<PublishResult>(replace.id);

    expect(replaced.videoId).toBe(published.videoId);
    expect(server.state.videos).toHaveLength(1);
    const video = server.state.videos[0]!;
    expect(video.fileHistory.map((file) => file.sha256)).toEqual([mp4.sha256, edited.sha256]);
    expect(video.launches).toBe(2);
    expect(server.requestsTo('PATCH', `/rest/videos/${video.id}/`)).toHaveLength(1);
    expect(server.state.chapters.map((chapter) => chapter.title)).toEqual(['Introduction', 'Plan du cours']);
    expect(server.state.chapters.some((chapter) => oldChapterIds.includes(chapter.id))).toBe(false);
    expect(server.state.tracks).toHaveLength(1);

    const again = await pod.publish({ profileId: bed.profile.id, capsuleId: capsule, filePath: edited.path, metadata: metadata(), mode: 'new' });
    const second = await studio.context.jobs.result<PublishResult>(again.id);
    expect(second.videoId).not.toBe(published.videoId);
    expect(server.state.videos).toHaveLength(2);
  });

  it('can be cancelled mid-upload, and a retry then publishes exactly one video', async () => {
    bed = await openPodTestBed(tempDir());
    const { pod, server, studio } = bed;
    server.inject({ kind: 'hang', method: 'POST', path: '/rest/videos/' });
    const job = await pod.publish({ profileId: bed.profile.id, filePath: mp4.path, metadata: metadata(), mode: 'new' });
    await waitFor(() => server.requestsTo('POST', '/rest/videos/').length === 1);
    studio.context.jobs.cancel(job.id);
    const cancelled = await studio.context.jobs.wait(job.id);
    expect(cancelled.state).toBe('cancelled');
    expect(server.state.videos).toHaveLength(0);
    studio.context.jobs.retry(job.id);
    await studio.context.jobs.result<PublishResult>(job.id);
    expect(server.state.videos).toHaveLength(1);
  });

  it('keeps a queued publication across a restart and finishes it', async () => {
    const libraryDir = tempDir();
    const server = await startPodServer();
    try {
      bed = await openPodTestBed(libraryDir, { existingServer: server });
      server.inject({ kind: 'hang', method: 'POST', path: '/rest/videos/' });
      const job = await bed.pod.publish({ profileId: bed.profile.id, filePath: mp4.path, metadata: metadata(), mode: 'new' });
      await waitFor(() => server.requestsTo('POST', '/rest/videos/').length === 1);
      await bed.close(); // the app quits mid-upload
      bed = null;
      bed = await openPodTestBed(libraryDir, { existingServer: server });
      const result = await bed.studio.context.jobs.result<PublishResult>(job.id);
      expect(result.videoId).toBe(1);
      expect(server.state.videos).toHaveLength(1);
      expect(server.state.videos[0]!.file.sha256).toBe(mp4.sha256);
      // The interrupted create was looked for before uploading again.
      const calls = server.requests.map((request) => `${request.method} ${request.path}`);
      const posts = calls.flatMap((call, index) => (call === 'POST /rest/videos/' ? [index] : []));
      expect(posts).toHaveLength(2);
      expect(calls.slice(posts[0]! + 1, posts[1])).toContain('GET /rest/videos/user_videos/');
    } finally {
      await bed?.close();
      bed = null;
      await server.close();
    }
  });
});

function insertCapsule(studio: PodTestBed['studio'], title: string): string {
  const id = `capsule-${Math.random().toString(36).slice(2, 10)}`;
  const now = new Date().toISOString();
  studio.database.prepare('INSERT INTO capsules (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)').run(id, title, now, now);
  return id;
}

async function waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
