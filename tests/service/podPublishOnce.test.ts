// Runs in Node (tests). One capsule, one Pod video, whatever happens to the `capsule publish` process: a
// real CLI process killed (SIGKILL) or stopped (SIGINT, SIGTERM) in the middle of its upload, then run
// again with the same command, leaves exactly one video on the fake Pod; a second publication of the
// same source without --replace or --new is refused. The upload is held mid-way by a loopback TCP relay
// in front of the fake Pod, so the process is stopped while the file's bytes are still leaving.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/library/database';
import { tempDir } from '../support/tempDir';
import { startCli, startUploadRelay, type UploadRelay } from '../support/cliUploadRelay';
import { startPodServer, type PodServer } from '../support/podServer/server';
import { STAFF_TOKEN } from '../support/podServer/state';

const dir = tempDir('pod-once-');
const tokenFile = path.join(dir, 'token');
const video = path.join(dir, 'cours-long.mp4');
/** Bytes from the client after which the relay stops reading: well inside the upload, past every small request. */
const HOLD_AFTER_BYTES = 1024 * 1024;
let server: PodServer;
let relay: UploadRelay;

function publishArgs(library: string, extra: string[] = []): string[] {
  return ['publish', video, '--pod', relay.url, '--token-file', tokenFile, '--owner', 'jdoe', '--title', 'Cours long', '--library', library, ...extra];
}

function jobStates(library: string): string[] {
  const db = openDatabase(library);
  try {
    return (db.prepare("SELECT state FROM jobs WHERE kind = 'publish' ORDER BY created_at").all() as { state: string }[]).map((row) => row.state);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  server = await startPodServer({ knobs: { stepEveryMs: 0 } });
  relay = await startUploadRelay(server.port, HOLD_AFTER_BYTES);
  writeFileSync(tokenFile, `${STAFF_TOKEN}\n`);
  // Pod does not look inside the file: random bytes make an upload long enough to be caught mid-way.
  writeFileSync(video, randomBytes(6 * 1024 * 1024));
});
afterAll(async () => {
  await relay.close();
  await server.close();
});

describe('capsule publish: one video per capsule', () => {
  it('killed (SIGKILL) during the upload, then run again: the same publication continues and Pod holds exactly one video', async () => {
    const library = path.join(dir, 'library-kill');
    relay.hold = true;
    const first = startCli(publishArgs(library));
    await relay.held();
    expect(first.stderr()).toMatch(/publish running \(pod_uploading\)/);
    first.child.kill('SIGKILL');
    expect((await first.exit).signal).toBe('SIGKILL');
    relay.hold = false;
    expect(server.state.videos.filter((item) => item.title === 'Cours long')).toHaveLength(0);
    expect(jobStates(library)).toEqual(['running']); // what a killed process leaves behind

    const again = startCli(publishArgs(library));
    const { code } = await again.exit;
    expect(again.stderr()).toMatch(/Continuing the unfinished publication of "Cours long"/);
    expect(code).toBe(0);
    const videos = server.state.videos.filter((item) => item.title === 'Cours long');
    expect(videos).toHaveLength(1);
    expect(again.stdout().trim()).toBe(`${relay.url}/video/${videos[0]!.slug}/ (draft: only its owners can open it, after logging in to Pod)`);
    expect(jobStates(library)).toEqual(['done']);

    // The same command a third time: refused, the video is already there.
    const third = startCli(publishArgs(library));
    expect((await third.exit).code).toBe(1);
    expect(third.stderr()).toMatch(/Error \(POD_ALREADY_PUBLISHED\): This file is already on this Pod server: .*--replace.*--new/);
    expect(server.state.videos.filter((item) => item.title === 'Cours long')).toHaveLength(1);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`stopped by ${signal} during the upload: says the job is resumable, leaves it queued, and the rerun makes one video`, async () => {
      const library = path.join(dir, `library-${signal}`);
      const title = `Cours ${signal}`;
      const args = publishArgs(library, ['--title', title]);
      relay.hold = true;
      const first = startCli(args);
      await relay.held();
      first.child.kill(signal);
      const stopped = await first.exit;
      relay.hold = false;
      expect(stopped.code).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(first.stderr()).toMatch(new RegExp(`Stopped by ${signal}\\. The publication is kept and resumable: run the same command again`));
      expect(jobStates(library)).toEqual(['queued']);

      const again = startCli(args);
      expect((await again.exit).code).toBe(0);
      expect(server.state.videos.filter((item) => item.title === title)).toHaveLength(1);
      expect(jobStates(library)).toEqual(['done']);
    });
  }

  it('a second publication of the same file: refused without --replace or --new; --new makes a second video on purpose', async () => {
    const library = path.join(dir, 'library-twice');
    const args = publishArgs(library, ['--title', 'Cours deux fois']);
    expect((await startCli(args).exit).code).toBe(0);
    const refused = startCli(args);
    expect((await refused.exit).code).toBe(1);
    expect(refused.stderr()).toMatch(/POD_ALREADY_PUBLISHED/);
    const both = startCli([...args, '--replace', '--new']);
    expect((await both.exit).code).toBe(2);
    expect(both.stderr()).toMatch(/Give --replace or --new, not both/);
    expect(server.state.videos.filter((item) => item.title === 'Cours deux fois')).toHaveLength(1);
    const second = startCli([...args, '--new']);
    expect((await second.exit).code).toBe(0);
    expect(server.state.videos.filter((item) => item.title === 'Cours deux fois')).toHaveLength(2);
  });
});
