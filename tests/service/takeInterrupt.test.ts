// Runs in Node (tests). A take whose renderer goes away mid-take: when a renderer leaves (closed tab,
// crashed renderer), takes that stop receiving anything are interrupted and repaired at once, while a
// take whose recorder is still sending (only the second prompter window closed) goes on. A recorder
// that falls silent without any notice is caught by the stall watchdog.
import { readFile } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { openDatabase } from '../../src/main/library/database';
import { StudioEventBus } from '../../src/main/events';
import { JobQueue } from '../../src/main/jobs/jobQueue';
import { CapsuleLibrary } from '../../src/main/library/capsuleLibrary';
import { SettingsStore } from '../../src/main/settings/settingsStore';
import { RENDERER_GONE_GRACE_MS, STALL_TIMEOUT_MS, TakeStore } from '../../src/main/recording/takeStore';
import type { StudioEvents } from '../../src/shared/api/studioApi';
import { makeLiveWebm, seedCapsule, splitIntoChunks } from '../support/recordingMedia';
import { tempDir } from '../support/tempDir';

const quiet = createLogger(() => undefined);
const work = tempDir('capsule-interrupt-');
let chunks: Uint8Array[];
const studios: Studio[] = [];

beforeAll(async () => {
  chunks = splitIntoChunks(await makeLiveWebm(path.join(work, 'source.webm'), { seconds: 3 }), 6);
});
afterEach(async () => {
  for (const studio of studios.splice(0)) await studio.close();
});

function nextRecovered(studio: Studio): Promise<StudioEvents['take.recovered']> {
  return new Promise((resolve) => {
    const off = studio.context.events.subscribe((event, payload) => {
      if (event === 'take.recovered') {
        off();
        resolve(payload as StudioEvents['take.recovered']);
      }
    });
  });
}

describe('a renderer leaving mid-take', () => {
  it('interrupts and repairs the silent take, keeps the one still recording', async () => {
    const studio = await createStudio({ libraryDir: path.join(work, 'lib-gone'), binding: 'loopback', log: quiet });
    studios.push(studio);
    const { capsuleId, grainIds } = seedCapsule(studio.database);
    const silent = await studio.calls.beginTake(capsuleId, grainIds[0]!, 'video/webm');
    const busy = await studio.calls.beginTake(capsuleId, grainIds[1]!, 'video/webm');
    for (let seq = 0; seq < 3; seq += 1) {
      await studio.calls.appendChunk(silent.id, seq, chunks[seq]!);
      await studio.calls.appendChunk(busy.id, seq, chunks[seq]!);
    }
    const recovered = nextRecovered(studio);
    studio.context.renderers.notifyGone();
    // Read after the notice: the store stamped it at this millisecond or earlier (read before, a tick
    // between the two reads made the store's stamp later than the test's, and the chunk "old").
    const goneAt = Date.now();
    // The busy recorder keeps sending during the grace period: it is alive. A chunk counts once the
    // clock has moved past the notice (same millisecond = before it), so wait for that, not a set time.
    while (Date.now() <= goneAt) await new Promise((resolve) => setImmediate(resolve));
    await studio.calls.appendChunk(busy.id, 3, chunks[3]!);
    expect(Date.now() - goneAt).toBeLessThan(RENDERER_GONE_GRACE_MS);
    const take = await recovered;
    expect(take).toMatchObject({ id: silent.id, state: 'ready', recovery: 'pending', error: expect.stringMatching(/window closed/) });
    expect((await studio.calls.listTakes(grainIds[1]!))[0]).toMatchObject({ id: busy.id, state: 'recording' });
    await studio.calls.appendChunk(busy.id, 4, chunks[4]!);
    await studio.calls.appendChunk(busy.id, 5, chunks[5]!);
    expect(await studio.calls.finishTake(busy.id, [], 3000)).toMatchObject({ state: 'ready', recovery: null });
  });

  it('the stall watchdog repairs a take that receives nothing for a while', async () => {
    const dir = path.join(work, 'lib-stall');
    const db = openDatabase(dir);
    const events = new StudioEventBus();
    const jobs = new JobQueue(db, events, quiet);
    jobs.start();
    let offset = 0;
    // The watchdog reads the clock on every tick: reading it is the event the test waits for.
    let clockRead: (() => void) | null = null;
    const nextClockRead = () => new Promise<void>((resolve) => (clockRead = resolve));
    const now = () => {
      const read = clockRead;
      clockRead = null;
      read?.();
      return Date.now() + offset;
    };
    const library = new CapsuleLibrary(db, dir, events, () => store);
    const store: TakeStore = new TakeStore({ db, libraryDir: dir, library, settings: new SettingsStore(db), events, jobs, log: quiet, now });
    try {
      const { capsuleId, grainIds } = seedCapsule(db);
      const take = await store.beginTake(capsuleId, grainIds[0]!, 'video/webm');
      for (let seq = 0; seq < 4; seq += 1) await store.appendChunk(take.id, seq, chunks[seq]!);
      // A keep-alive (empty events) counts as activity.
      offset = STALL_TIMEOUT_MS - 1000;
      store.appendEvents(take.id, []);
      let interrupted = false;
      events.subscribe((name) => {
        if (name === 'take.recovered') interrupted = true;
      });
      // The next watchdog tick sees the keep-alive, then a second tick (after any repair it would start).
      await nextClockRead();
      await nextClockRead();
      expect(interrupted).toBe(false);
      expect(store.getTake(take.id).state).toBe('recording');
      const recovered = new Promise<StudioEvents['take.recovered']>((resolve) => events.subscribe((name, payload) => name === 'take.recovered' && resolve(payload as StudioEvents['take.recovered'])));
      offset += STALL_TIMEOUT_MS + 1000;
      const repaired = await recovered;
      expect(repaired).toMatchObject({ id: take.id, state: 'ready', recovery: 'pending', hasVideo: true });
      expect(repaired.durationMs!).toBeGreaterThan(1000);
      await expect(store.appendChunk(take.id, 4, chunks[4]!)).rejects.toMatchObject({ code: 'TAKE_NOT_RECORDING' });
    } finally {
      await store.close();
      await jobs.close();
      db.close();
    }
  });
});

describe('a studio frozen mid-take', () => {
  it('keeps the take whose chunk was waiting while the process could not run', async () => {
    const warnings: string[] = [];
    const log = createLogger((line) => warnings.push(line));
    const studio = await createStudio({ libraryDir: path.join(work, 'lib-frozen'), binding: 'loopback', log });
    studios.push(studio);
    const { capsuleId, grainIds } = seedCapsule(studio.database);
    const take = await studio.calls.beginTake(capsuleId, grainIds[0]!, 'video/webm');
    for (let seq = 0; seq < 3; seq += 1) await studio.calls.appendChunk(take.id, seq, chunks[seq]!);
    // The recorder's next chunk comes over a socket. The process stops for longer than the stall
    // timeout (as on an overloaded or swapping machine) inside an I/O callback, as the studio's work
    // runs; the chunk arrives meanwhile and waits in the socket. When the process runs again, timers
    // that fell due (the watchdog's) run before the socket is read: the order of Node's event loop.
    const frozenMs = STALL_TIMEOUT_MS + 2500;
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const recorder = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    const studioSide = await new Promise<net.Socket>((resolve) => server.once('connection', resolve));
    const nextChunk = new Promise<{ receipt?: unknown; error?: unknown }>((resolve) => {
      studioSide.once('data', () => {
        studio.calls.appendChunk(take.id, 3, chunks[3]!).then((receipt) => resolve({ receipt }), (error: unknown) => resolve({ error }));
      });
    });
    await new Promise<void>((resolve) => recorder.once('connect', resolve));
    readFile(__filename, () => {
      recorder.write('chunk 3');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, frozenMs);
    });
    const outcome = await nextChunk;
    recorder.destroy();
    server.close();
    expect(outcome).toEqual({ receipt: expect.objectContaining({ chunks: 4 }) });
    expect((await studio.calls.listTakes(grainIds[0]!))[0]).toMatchObject({ id: take.id, state: 'recording' });
    expect(warnings.join('\n')).toMatch(/the studio was frozen; stalled takes are judged afresh/);
    await studio.calls.appendChunk(take.id, 4, chunks[4]!);
    await studio.calls.appendChunk(take.id, 5, chunks[5]!);
    expect(await studio.calls.finishTake(take.id, [], 3000)).toMatchObject({ state: 'ready', recovery: null });
  });
});
