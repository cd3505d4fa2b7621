// Runs in Node (tests). Where one domain's work reaches another domain's table, it now goes through the
// owner's store: grains keep their takes through edits, takes choose the active one through the library,
// media and renders resolve through their owners. Real SQLite file, the wired services of a studio.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newStagingDir } from '../../src/main/library/capsuleFiles';
import { createLogger } from '../../src/main/log';
import { recordDemoTake } from '../../src/main/montage/demoCapsule';
import { createStudio, type Studio } from '../../src/main/studio';
import { tempDir } from '../support/tempDir';

let studio: Studio | null = null;
afterEach(async () => {
  await studio?.close();
  studio = null;
});

async function capsuleWithTakes() {
  const s = (studio = await createStudio({ libraryDir: tempDir(), binding: 'cli', log: createLogger(() => undefined), startJobs: false }));
  const staging = newStagingDir(s.context.libraryDir, 'stage-domains');
  mkdirSync(path.join(staging, 'slides'));
  const slides = [0, 1, 2].map((index) => {
    const imageFile = path.join(staging, 'slides', `${index}.png`);
    const thumbFile = path.join(staging, 'slides', `${index}.thumb.png`);
    writeFileSync(imageFile, `image ${index}`);
    writeFileSync(thumbFile, `thumb ${index}`);
    return { imageFile, thumbFile, width: 1920, height: 1080, pageNumber: index + 1, pageLabel: null, prompt: `Sentence ${index}.` };
  });
  const capsule = s.context.library.create({ title: 'Domaines', stagingDir: staging, slides });
  const takesDir = path.join(capsule.directory, 'takes');
  mkdirSync(takesDir, { recursive: true });
  /** A finished take on a grain, recorded by the take store as the demo capsule's are. */
  const addTake = (grainId: string, id: string) => {
    writeFileSync(path.join(takesDir, `${id}.webm`), `take ${id}`);
    recordDemoTake(s.context, { id, capsuleId: capsule.id, grainId, relativeFile: `takes/${id}.webm`, bytes: 6, durationMs: 1000, events: [] });
    return id;
  };
  return { s, capsule, addTake };
}

describe('stores calling the owner of a table', () => {
  it('a grain holding takes survives losing its slides; merging grains gives the takes to the grain before', async () => {
    const { s, capsule, addTake } = await capsuleWithTakes();
    const [first, second, third] = capsule.grains;
    addTake(second!.id, 'take-second');
    addTake(third!.id, 'take-third');
    // The only slide of the second grain leaves it: the grain stays, since it holds a take.
    let after = s.context.library.moveSlide(second!.slides[0]!.id, first!.id, 1);
    expect(after.grains.map((grain) => [grain.id, grain.slides.length])).toEqual([
      [first!.id, 2],
      [second!.id, 0],
      [third!.id, 1],
    ]);
    // The first grain, without takes, goes once its slides leave.
    after = s.context.library.moveSlide(after.grains[0]!.slides[0]!.id, third!.id, 0);
    after = s.context.library.moveSlide(after.grains[0]!.slides[0]!.id, third!.id, 0);
    expect(after.grains.map((grain) => grain.id)).toEqual([second!.id, third!.id]);
    // Merging the third grain into the second: its take follows, listed grain by grain, by attempt.
    after = s.context.library.mergeGrainWithPrevious(third!.id);
    expect(after.grains.map((grain) => grain.id)).toEqual([second!.id]);
    expect(s.context.stores.takes.listCapsuleTakes(capsule.id).map((take) => [take.id, take.grainId])).toEqual([
      ['take-second', second!.id],
      ['take-third', second!.id],
    ]);
  });

  it('the take store chooses and replaces the active take through the library, and serves take media', async () => {
    const { s, capsule, addTake } = await capsuleWithTakes();
    const grain = capsule.grains[0]!;
    const events: string[] = [];
    s.context.events.subscribe((name) => events.push(name));
    addTake(grain.id, 'older');
    addTake(grain.id, 'newer');
    expect(s.context.stores.takes.listTakes(grain.id).map((take) => [take.attempt, take.isActive])).toEqual([
      [1, false],
      [2, false],
    ]);
    const before = s.context.library.get(capsule.id).updatedAt;
    expect(s.context.stores.takes.setActiveTake('older').isActive).toBe(true);
    expect(s.context.library.activeTakeId(grain.id)).toBe('older');
    expect(s.context.library.get(capsule.id).updatedAt >= before).toBe(true);
    expect(events).toEqual(['take.changed', 'library.changed']);
    // Deleting the active take makes the newest other finished take active.
    await s.context.stores.takes.deleteTake('older');
    expect(s.context.library.get(capsule.id).grains[0]!.activeTakeId).toBe('newer');
    expect(s.context.media.resolve('take/newer')).toBe(path.join(capsule.directory, 'takes', 'newer.webm'));
    expect(() => s.context.media.resolve('take/older')).toThrow(/No media/);
    expect(s.context.media.resolve(`thumb/${grain.slides[0]!.id}`)).toBe(path.join(capsule.directory, 'slides', '0.thumb.png'));
  });

  it('renders are read through the montage store: render media and the montage choices of a capsule', async () => {
    const { s, capsule } = await capsuleWithTakes();
    const file = path.join(capsule.directory, 'render.mp4');
    writeFileSync(file, 'mp4');
    const render = s.context.stores.montage.addRender(
      { capsuleId: capsule.id, file, durationMs: 1000, height: 720, bytes: 3, chaptersVtt: '', captionsVtt: '', poster: '', thumbnailStrip: '', cachedGrains: 0, renderedGrains: 1, encoder: 'libx264' },
      null,
    );
    expect(s.context.media.resolve(`render/${render.id}`)).toBe(file);
    const grain = capsule.grains[1]!;
    s.context.stores.montage.setTrim(grain.id, { startMs: 100, endMs: 200 });
    s.context.stores.montage.setGrainChoice(grain.id, { mode: 'leave_out' });
    expect([...s.context.stores.montage.trims(capsule.id)]).toEqual([[grain.id, { startMs: 100, endMs: 200 }]]);
    expect([...s.context.stores.montage.grainChoices(capsule.id)]).toEqual([[grain.id, { mode: 'leave_out' }]]);
  });
});
