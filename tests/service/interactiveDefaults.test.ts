// Runs in Node (tests). A studio a person uses (desktop, dev:web) seeds the demo capsule on first
// start; the CLI and tests do not, unless the setting asks for it.
import { afterEach, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { DEMO_JOB } from '../../src/main/montage/montageJobs';
import { createLogger } from '../../src/main/log';
import { tempDir } from '../support/tempDir';

const quiet = createLogger(() => undefined);
let studio: Studio | null = null;
afterEach(async () => {
  await studio?.close();
  studio = null;
});

describe('interactive studio defaults', () => {
  it('queues the demo capsule on the first start of an interactive studio', async () => {
    studio = await createStudio({ libraryDir: tempDir(), binding: 'loopback', interactive: true, startJobs: false, log: quiet });
    expect(studio.context.jobs.list({ kind: DEMO_JOB })).toHaveLength(1);
  });

  it('does not for the CLI and tests', async () => {
    studio = await createStudio({ libraryDir: tempDir(), binding: 'cli', startJobs: false, log: quiet });
    expect(studio.context.jobs.list({ kind: DEMO_JOB })).toEqual([]);
  });
});
