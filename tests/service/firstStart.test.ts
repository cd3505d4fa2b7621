// Runs in Node (tests). The demo capsule is offered once, on an empty library's first start.
import { afterEach, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { offerDemoOnFirstStart } from '../../src/main/firstStart';
import { DEMO_TITLE } from '../../src/main/montage/demoCapsule';
import { createLogger } from '../../src/main/log';
import { newStagingDir } from '../../src/main/library/capsuleFiles';
import { tempDir } from '../support/tempDir';

const quiet = createLogger(() => undefined);
let studio: Studio | null = null;
afterEach(async () => {
  await studio?.close();
  studio = null;
});

describe('first start', () => {
  it('starts building the demo capsule in an empty library', async () => {
    studio = await createStudio({ libraryDir: tempDir(), binding: 'loopback', log: quiet });
    offerDemoOnFirstStart(studio.context);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const jobs = studio.context.jobs.list({ kind: 'pdf_import' });
    expect(jobs.map((job) => job.title)).toContain(DEMO_TITLE);
  });

  it('leaves a library that already has capsules alone, and never offers twice', async () => {
    const dir = tempDir();
    studio = await createStudio({ libraryDir: dir, binding: 'loopback', log: quiet });
    const staging = newStagingDir(dir, 'x');
    studio.context.library.create({ title: 'Mine', stagingDir: staging, slides: [] });
    offerDemoOnFirstStart(studio.context);
    expect(studio.context.jobs.list({ kind: 'pdf_import' })).toEqual([]);
    expect(studio.context.settings.get('firstStart.demoOffered', false)).toBe(true);

    studio.context.library.delete(studio.context.library.list()[0]!.id);
    offerDemoOnFirstStart(studio.context);
    expect(studio.context.jobs.list({ kind: 'pdf_import' })).toEqual([]);
  });
});
