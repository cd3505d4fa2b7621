// Runs in Node (tests). A full disk in the middle of a take: the recording stops with DISK_FULL, every
// whole chunk written before stays, and the take still finishes into a playable file. The disk is
// "full" at an exact byte through the store's injectable file system (writes a partial chunk, then ENOSPC).
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/library/database';
import { StudioEventBus } from '../../src/main/events';
import { JobQueue } from '../../src/main/jobs/jobQueue';
import { createLogger } from '../../src/main/log';
import { CapsuleLibrary } from '../../src/main/library/capsuleLibrary';
import { SettingsStore } from '../../src/main/settings/settingsStore';
import { TakeStore } from '../../src/main/recording/takeStore';
import { nodeTakeFileSystem, type TakeFileSystem } from '../../src/main/recording/takeFile';
import type { StudioEvents } from '../../src/shared/api/studioApi';
import { makeLiveWebm, seedCapsule, splitIntoChunks } from '../support/recordingMedia';
import { tempDir } from '../support/tempDir';

/** A disk with `capacity` bytes left for take files: the write that crosses it is cut and fails. */
function diskWithRoom(capacity: number): TakeFileSystem {
  let used = 0;
  return {
    async openForAppend(file) {
      const real = await nodeTakeFileSystem.openForAppend(file);
      return {
        ...real,
        async append(bytes) {
          const room = Math.max(0, capacity - used);
          if (bytes.byteLength > room) {
            await real.append(bytes.subarray(0, room));
            used += room;
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          }
          await real.append(bytes);
          used += bytes.byteLength;
        },
      };
    },
  };
}

describe('full disk during a take', () => {
  const dir = tempDir('capsule-diskfull-');
  const db = openDatabase(path.join(dir, 'library'));
  const events = new StudioEventBus();
  const log = createLogger(() => undefined);
  const jobs = new JobQueue(db, events, log);
  jobs.start();
  afterAll(async () => {
    await jobs.close();
    db.close();
  });

  it('stops with DISK_FULL, keeps the whole chunks written, and finishes them into a playable take', async () => {
    const media = await makeLiveWebm(path.join(dir, 'source.webm'), { seconds: 4 });
    const chunks = splitIntoChunks(media, 8);
    const beforeFull = chunks[0]!.length + chunks[1]!.length + chunks[2]!.length + chunks[3]!.length;
    const library = new CapsuleLibrary(db, path.join(dir, 'library'), events, () => store);
    const store: TakeStore = new TakeStore({ db, libraryDir: path.join(dir, 'library'), library, settings: new SettingsStore(db), events, jobs, log, fs: diskWithRoom(beforeFull + 1000) });
    const statuses: StudioEvents['recording.status'][] = [];
    events.subscribe((name, payload) => {
      if (name === 'recording.status') statuses.push(payload as StudioEvents['recording.status']);
    });
    const { capsuleId, grainIds } = seedCapsule(db);
    const take = await store.beginTake(capsuleId, grainIds[0]!, 'video/webm;codecs=vp8,opus');
    for (let seq = 0; seq < 4; seq += 1) await store.appendChunk(take.id, seq, chunks[seq]!);
    await expect(store.appendChunk(take.id, 4, chunks[4]!)).rejects.toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/disk is full.*kept/i) });
    // The partial write of chunk 4 was cut off: the file is exactly the four whole chunks.
    expect(statSync(take.path).size).toBe(beforeFull);
    expect(store.getTake(take.id)).toMatchObject({ state: 'interrupted', bytes: beforeFull });
    expect(statuses.at(-1)).toMatchObject({ takeId: take.id, state: 'interrupted', error: { code: 'DISK_FULL' } });
    // The renderer's recorder keeps delivering for a moment: those chunks are refused, nothing is overwritten.
    await expect(store.appendChunk(take.id, 5, chunks[5]!)).rejects.toMatchObject({ code: 'TAKE_NOT_RECORDING' });

    const finished = await store.finishTake(take.id, [{ type: 'start', atMs: 0, slideIndex: 0, sentenceIndex: 0 }], 2600);
    expect(finished).toMatchObject({ state: 'ready', hasVideo: true, hasAudio: true, isActive: true });
    expect(finished.error).toMatch(/disk is full/i);
    // Half of the media's bytes hold about half of its 4 s.
    expect(finished.durationMs!).toBeGreaterThan(1000);
    expect(finished.durationMs!).toBeLessThan(3500);
    await store.close();
  });
});
