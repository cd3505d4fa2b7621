// Runs in Node (tests). The take store on a real SQLite library with real WebM chunks and real FFmpeg:
// recording chunk by chunk, remux and probe, several takes per grain, bad input, and repair of a torn file.
import { existsSync, readFileSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { runFfmpegCapture } from '../../src/main/ffmpeg/ffmpeg';
import type { TakeEvent } from '../../src/shared/domain/take';
import type { StudioEvents } from '../../src/shared/api/studioApi';
import { makeLiveWebm, seedCapsule, splitIntoChunks } from '../support/recordingMedia';
import { tempDir } from '../support/tempDir';

const quiet = createLogger(() => undefined);
const work = tempDir('capsule-takes-');
let media: Uint8Array;
let audioOnly: Uint8Array;
const studios: Studio[] = [];

beforeAll(async () => {
  media = await makeLiveWebm(path.join(work, 'source.webm'), { seconds: 4 });
  audioOnly = await makeLiveWebm(path.join(work, 'audio.webm'), { seconds: 3, video: false });
});

afterEach(async () => {
  for (const studio of studios.splice(0)) await studio.close();
});

async function open(libraryDir: string): Promise<Studio> {
  const studio = await createStudio({ libraryDir, binding: 'cli', log: quiet });
  studios.push(studio);
  return studio;
}

const events: TakeEvent[] = [
  { type: 'start', atMs: 0, slideIndex: 0, sentenceIndex: 0 },
  { type: 'next_sentence', atMs: 1200, slideIndex: 0, sentenceIndex: 1 },
  { type: 'end', atMs: 4000, slideIndex: 0, sentenceIndex: 1 },
];

async function record(studio: Studio, capsuleId: string, grainId: string, bytes: Uint8Array, chunkCount = 8) {
  const take = await studio.calls.beginTake(capsuleId, grainId, 'video/webm;codecs=vp8,opus');
  let seq = 0;
  for (const chunk of splitIntoChunks(bytes, chunkCount)) await studio.calls.appendChunk(take.id, seq++, chunk);
  return studio.calls.finishTake(take.id, events, 4000);
}

/** Decodes every frame: a playable file gives no error. */
async function decodeErrors(file: string): Promise<string> {
  const { stderr } = await runFfmpegCapture(['-v', 'error', '-i', file, '-f', 'null', '-']);
  return stderr.trim();
}

describe('recording a take chunk by chunk', () => {
  it('appends chunks, remuxes with a duration, probes and makes the finished take active', async () => {
    const studio = await open(path.join(work, 'lib-record'));
    const { capsuleId, grainIds } = seedCapsule(studio.database);
    const statuses: StudioEvents['recording.status'][] = [];
    studio.context.events.subscribe((name, payload) => {
      if (name === 'recording.status') statuses.push(payload as StudioEvents['recording.status']);
    });

    const begun = await studio.calls.beginTake(capsuleId, grainIds[0]!, 'video/webm;codecs=vp8,opus');
    expect(begun).toMatchObject({ state: 'recording', attempt: 1, bytes: 0 });
    expect(begun.path).toBe(path.join(studio.context.libraryDir, 'capsules', capsuleId, 'takes', `${begun.id}.webm`));
    const chunks = splitIntoChunks(media, 7);
    let seq = 0;
    for (const chunk of chunks.slice(0, 3)) await studio.calls.appendChunk(begun.id, seq++, chunk);
    // Events saved during the take are in the database before the take ends.
    await studio.calls.appendTakeEvents(begun.id, events.slice(0, 2));
    await expect(studio.calls.listTakes(grainIds[0]!)).resolves.toMatchObject([{ events: events.slice(0, 2) }]);
    for (const chunk of chunks.slice(3)) await studio.calls.appendChunk(begun.id, seq++, chunk);
    expect(statSync(begun.path).size).toBe(media.length);

    const take = await studio.calls.finishTake(begun.id, events, 4000);
    expect(take).toMatchObject({ state: 'ready', videoCodec: 'vp8', audioCodec: 'opus', width: 320, height: 240, hasAudio: true, hasVideo: true, isActive: true, events, recordedMs: 4000, recovery: null });
    expect(Math.abs(take.durationMs! - 4000)).toBeLessThan(150);
    expect(take.bytes).toBe(statSync(take.path).size);
    expect(await decodeErrors(take.path)).toBe('');
    expect(statuses.map((status) => status.state)).toEqual(['recording', 'complete', 'ready']);
    const capsule = await studio.calls.getCapsule(capsuleId);
    expect(capsule.grains[0]!.activeTakeId).toBe(take.id);
    const space = await studio.calls.getRecordingSpace();
    expect(space.freeBytes).toBeGreaterThan(0);
    expect(space.freeBytes).toBeLessThanOrEqual(space.totalBytes);
    expect(capsule.grains[1]!.activeTakeId).toBeNull();
  });

  it('keeps every take of a grain, makes the retake active, goes back to the first, deletes one with its file', async () => {
    const studio = await open(path.join(work, 'lib-takes'));
    const { capsuleId, grainIds } = seedCapsule(studio.database);
    const first = await record(studio, capsuleId, grainIds[0]!, media);
    const second = await record(studio, capsuleId, grainIds[0]!, media, 5);
    const other = await record(studio, capsuleId, grainIds[1]!, audioOnly, 3);
    // A retake is the take the teacher wants: the newest finished take becomes the active one.
    expect(second).toMatchObject({ attempt: 2, isActive: true });
    expect(other).toMatchObject({ attempt: 1, isActive: true, hasVideo: false, hasAudio: true, videoCodec: null, width: null });
    expect((await studio.calls.getCapsule(capsuleId)).grains[0]!.activeTakeId).toBe(second.id);

    // The previous take stays one call away.
    expect((await studio.calls.setActiveTake(first.id)).isActive).toBe(true);
    expect((await studio.calls.listTakes(grainIds[0]!)).map((take) => [take.attempt, take.isActive])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect((await studio.calls.setActiveTake(second.id)).isActive).toBe(true);
    await studio.calls.deleteTake(second.id);
    expect(existsSync(second.path)).toBe(false);
    // The deleted take was active: the newest remaining one takes its place.
    expect(await studio.calls.listTakes(grainIds[0]!)).toMatchObject([{ id: first.id, isActive: true }]);
    expect((await studio.calls.listCapsuleTakes(capsuleId)).map((take) => take.id)).toEqual([first.id, other.id]);
    // A retake numbers after the highest attempt ever given, never reusing the deleted one's file.
    const third = await record(studio, capsuleId, grainIds[0]!, media);
    expect(third.attempt).toBe(2);
    expect(third.path).not.toBe(second.path);
  });

  it('refuses bad input with clear codes and loses nothing', async () => {
    const studio = await open(path.join(work, 'lib-bad'));
    const { capsuleId, grainIds } = seedCapsule(studio.database);
    await expect(studio.calls.beginTake(capsuleId, grainIds[0]!, 'video/mp4')).rejects.toMatchObject({ code: 'UNSUPPORTED_RECORDING_FORMAT' });
    await expect(studio.calls.beginTake(capsuleId, 'no-such-grain', 'video/webm')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const take = await studio.calls.beginTake(capsuleId, grainIds[0]!, 'video/webm');
    await expect(studio.calls.appendChunk(take.id, 0, new Uint8Array([1, 2, 3, 4]))).rejects.toMatchObject({ code: 'BAD_MEDIA' });
    const chunks = splitIntoChunks(media, 4);
    await studio.calls.appendChunk(take.id, 0, chunks[0]!);
    await expect(studio.calls.appendChunk(take.id, 2, chunks[2]!)).rejects.toMatchObject({ code: 'CHUNK_OUT_OF_ORDER', details: { expected: 1, got: 2 } });
    // A resent chunk is acknowledged without being written twice.
    expect(await studio.calls.appendChunk(take.id, 0, chunks[0]!)).toMatchObject({ chunks: 1, bytes: chunks[0]!.length });
    for (let seq = 1; seq < 4; seq += 1) await studio.calls.appendChunk(take.id, seq, chunks[seq]!);
    expect(readFileSync(take.path).equals(Buffer.from(media))).toBe(true);
    const done = await studio.calls.finishTake(take.id, events, 4000);
    await expect(studio.calls.appendChunk(done.id, 4, chunks[0]!)).rejects.toMatchObject({ code: 'TAKE_NOT_RECORDING' });
    await expect(studio.calls.abortTake(done.id)).rejects.toMatchObject({ code: 'TAKE_NOT_RECORDING' });
    await expect(studio.calls.acknowledgeRecoveredTake(done.id, 'keep')).rejects.toMatchObject({ code: 'TAKE_NOT_RECOVERED' });

    // A take finished normally whose file cannot be read ends 'failed' with its reason, never half-finished.
    const broken = await studio.calls.beginTake(capsuleId, grainIds[1]!, 'video/webm');
    await studio.calls.appendChunk(broken.id, 0, media.subarray(0, 40));
    await expect(studio.calls.finishTake(broken.id, events, 1000)).rejects.toMatchObject({ code: 'MEDIA_UNREADABLE' });
    expect((await studio.calls.listTakes(grainIds[1]!))[0]).toMatchObject({ state: 'failed', isActive: false, error: expect.stringMatching(/cannot be read/) });

    const aborted = await studio.calls.beginTake(capsuleId, grainIds[0]!, 'video/webm');
    await studio.calls.appendChunk(aborted.id, 0, chunks[0]!);
    await studio.calls.abortTake(aborted.id);
    expect(existsSync(aborted.path)).toBe(false);
    await expect(studio.calls.listTakes(grainIds[0]!)).resolves.toHaveLength(1);
  });

  it('keeps the first take active when the keepFirstTakeActive preference is set (the old behaviour)', async () => {
    const studio = await open(path.join(work, 'lib-keep-first'));
    const { capsuleId, grainIds } = seedCapsule(studio.database);
    expect((await studio.calls.getRecordingPreferences()).keepFirstTakeActive).toBe(false);
    expect((await studio.calls.updateRecordingPreferences({ keepFirstTakeActive: true })).keepFirstTakeActive).toBe(true);
    const first = await record(studio, capsuleId, grainIds[0]!, media);
    const second = await record(studio, capsuleId, grainIds[0]!, media, 5);
    expect(first).toMatchObject({ attempt: 1, isActive: true });
    expect(second).toMatchObject({ attempt: 2, isActive: false });
    expect((await studio.calls.getCapsule(capsuleId)).grains[0]!.activeTakeId).toBe(first.id);
  });

  it('attaches an existing file as a take (the headless path)', async () => {
    const studio = await open(path.join(work, 'lib-add'));
    const { capsuleId, grainIds } = seedCapsule(studio.database);
    const take = await studio.calls.addTakeFromFile(capsuleId, grainIds[1]!, { path: path.join(work, 'source.webm'), events, recordedMs: 4000 });
    expect(take).toMatchObject({ state: 'ready', isActive: true, videoCodec: 'vp8', events, recordedMs: 4000 });
    expect(Math.abs(take.durationMs! - 4000)).toBeLessThan(150);
    await expect(studio.calls.addTakeFromFile(capsuleId, grainIds[1]!, { path: path.join(work, 'missing.webm') })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(studio.calls.addTakeFromFile(capsuleId, grainIds[1]!, { path: path.join(work, 'lib-add', 'library.sqlite') })).rejects.toMatchObject({ code: 'MEDIA_UNREADABLE' });
    await expect(studio.calls.listTakes(grainIds[1]!)).resolves.toHaveLength(1);
  });
});

describe('recovery of an interrupted take', () => {
  it('repairs a take whose file was cut mid-chunk, keeps its events and offers it back', async () => {
    const libraryDir = path.join(work, 'lib-recover');
    const first = await open(libraryDir);
    const { capsuleId, grainIds } = seedCapsule(first.database);
    const take = await first.calls.beginTake(capsuleId, grainIds[0]!, 'video/webm;codecs=vp8,opus');
    const chunks = splitIntoChunks(media, 8);
    for (let seq = 0; seq < chunks.length; seq += 1) await first.calls.appendChunk(take.id, seq, chunks[seq]!);
    await first.calls.appendTakeEvents(take.id, events.slice(0, 2));
    await first.close();
    studios.splice(studios.indexOf(first), 1);
    // The process died in the middle of writing a chunk: the file ends with a torn block.
    const cut = media.length - Math.floor(chunks[7]!.length / 2);
    truncateSync(take.path, cut);

    const recovered: StudioEvents['take.recovered'][] = [];
    // Start-up finds the take left 'recording' by a dead writer and repairs it in the background.
    const second = await open(libraryDir);
    second.context.events.subscribe((name, payload) => {
      if (name === 'take.recovered') recovered.push(payload as StudioEvents['take.recovered']);
    });
    const repaired = await waitFor(async () => (await second.calls.listRecoveredTakes(capsuleId)).find((item) => item.state === 'ready'));
    expect(repaired).toMatchObject({ id: take.id, state: 'ready', recovery: 'pending', events: events.slice(0, 2), hasVideo: true, hasAudio: true, isActive: true });
    // The torn tail is at most half a chunk (~0.25 s of this media): far less than 1.5 s is lost.
    expect(repaired.durationMs!).toBeGreaterThan(4000 - 1500);
    expect(await decodeErrors(repaired.path)).toBe('');
    expect(recovered.map((item) => item.id)).toEqual([take.id]);

    await second.calls.acknowledgeRecoveredTake(take.id, 'keep');
    expect(await second.calls.listRecoveredTakes(undefined)).toEqual([]);
    expect((await second.calls.listTakes(grainIds[0]!))[0]).toMatchObject({ recovery: 'kept' });
  });

  it('marks a take that never got its header as failed and lets the user discard it', async () => {
    const libraryDir = path.join(work, 'lib-empty');
    const first = await open(libraryDir);
    const { capsuleId, grainIds } = seedCapsule(first.database);
    const take = await first.calls.beginTake(capsuleId, grainIds[0]!, 'video/webm');
    await first.calls.appendChunk(take.id, 0, media.subarray(0, 40));
    await first.close();
    studios.splice(studios.indexOf(first), 1);

    const second = await open(libraryDir);
    const failed = await waitFor(async () => (await second.calls.listRecoveredTakes(undefined)).find((item) => item.state === 'failed'));
    expect(failed).toMatchObject({ id: take.id, recovery: 'pending', isActive: false });
    expect(failed.error).toMatch(/nothing can be played/);
    await second.calls.acknowledgeRecoveredTake(take.id, 'discard');
    expect(existsSync(take.path)).toBe(false);
    await expect(second.calls.listTakes(grainIds[0]!)).resolves.toEqual([]);
  });
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
