// Runs in Node (tests). A chapter titled "Q&A" reaches Pod as "Q&A": the montage's WebVTT writer escapes
// it in the chapters file, and the Pod publisher reads that file back through the one WebVTT parser,
// which decodes the references, before posting the chapters to the fake Pod server.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PublishResult } from '../../src/shared/domain/pod';
import { buildWebVtt } from '../../src/shared/logic/webvtt';
import { tempDir } from '../support/tempDir';
import { makeMp4, metadata, openPodTestBed, type PodTestBed } from '../support/podStudio';

const media = tempDir('pod-chapter-titles-');
let mp4: { path: string; sha256: string; size: number };
let bed: PodTestBed | null = null;

beforeAll(async () => {
  mp4 = await makeMp4(path.join(media, 'render.mp4'), 3);
});

afterEach(async () => {
  await bed?.close();
  bed = null;
});

describe('chapter titles published to Pod', () => {
  it('are the titles the teacher wrote, not their WebVTT escapes', async () => {
    bed = await openPodTestBed(tempDir());
    const { pod, server, studio } = bed;
    const capsuleId = 'capsule-q-and-a';
    const now = new Date().toISOString();
    studio.database.prepare('INSERT INTO capsules (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)').run(capsuleId, 'Questions', now, now);

    const titles = ['Q&A', 'x < y > z', 'Fin'];
    const chaptersVtt = path.join(media, 'render.chapters.vtt');
    const written = buildWebVtt(titles.map((text, i) => ({ startMs: i * 1000, endMs: (i + 1) * 1000, text })));
    expect(written).toContain('\nQ&amp;A\n');
    writeFileSync(chaptersVtt, written);
    studio.context.stores.montage.addRender(
      { capsuleId, file: mp4.path, durationMs: 3000, height: 720, bytes: mp4.size, chaptersVtt, captionsVtt: '', poster: '', thumbnailStrip: '', cachedGrains: 0, renderedGrains: 3, encoder: 'libx264' },
      null,
    );

    // No file and no chapters given: the publisher takes both from the capsule's latest render.
    const job = await pod.publish({ profileId: bed.profile.id, capsuleId, metadata: metadata(), mode: 'new' });
    const result = await studio.context.jobs.result<PublishResult>(job.id);

    expect(result.chapterCount).toBe(3);
    expect(server.requestsTo('POST', '/rest/chapters/').map((request) => (request.json as { title: string }).title)).toEqual(titles);
    expect(server.state.chapters.filter((chapter) => chapter.video === result.videoId).map((chapter) => chapter.title)).toEqual(titles);
  });
});
