// Runs in Node (tests). A rerun that continues an unfinished publication takes the flags given on it: a real
// `capsule publish` process is stopped (killed mid-upload, or killed while Pod encodes the video it made),
// then run again with a new --title (and --public, --lang): the CLI says which fields it applies, and the fake
// Pod ends with exactly one video holding them — created with them, or the same video edited. A rerun without
// those flags keeps the first run's fields.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/library/database';
import { tempDir } from '../support/tempDir';
import { startCli, startUploadRelay, type UploadRelay } from '../support/cliUploadRelay';
import { startPodServer, type PodServer } from '../support/podServer/server';
import { STAFF_TOKEN } from '../support/podServer/state';

const dir = tempDir('pod-rerun-');
const tokenFile = path.join(dir, 'token');
const HOLD_AFTER_BYTES = 1024 * 1024;
let server: PodServer;
let relay: UploadRelay;

function publishArgs(library: string, file: string, extra: string[]): string[] {
  return ['publish', file, '--pod', relay.url, '--token-file', tokenFile, '--owner', 'jdoe', '--library', library, ...extra];
}

function videoFile(name: string): string {
  const file = path.join(dir, name);
  // Pod does not look inside the file: random bytes make an upload long enough to be caught mid-way.
  writeFileSync(file, randomBytes(4 * 1024 * 1024));
  return file;
}

function publishJobs(library: string): { state: string; title: string }[] {
  const db = openDatabase(library);
  try {
    return db.prepare("SELECT state, title FROM jobs WHERE kind = 'publish' ORDER BY created_at").all() as { state: string; title: string }[];
  } finally {
    db.close();
  }
}

const videosTitled = (title: string) => server.state.videos.filter((item) => item.title === title);

beforeAll(async () => {
  server = await startPodServer({ knobs: { stepEveryMs: 0 } });
  relay = await startUploadRelay(server.port, HOLD_AFTER_BYTES);
  writeFileSync(tokenFile, `${STAFF_TOKEN}\n`);
});
afterAll(async () => {
  await relay.close();
  await server.close();
});

describe('capsule publish: a rerun applies the flags given on it to the same publication', () => {
  it('killed while Pod encodes the video it made, run again with a new title, --public and --lang: the same video takes them', async () => {
    const library = path.join(dir, 'library-encoding');
    const file = videoFile('cours-encodage.mp4');
    server.state.knobs.encoding = 'stuck'; // the first run waits at step 2 until it is killed
    const first = startCli(publishArgs(library, file, ['--title', 'Premier titre']));
    await first.stderrMatches(/publish running \(pod_encoding\)/);
    const made = videosTitled('Premier titre');
    expect(made).toHaveLength(1);
    const videoId = made[0]!.id;
    first.child.kill('SIGKILL');
    expect((await first.exit).signal).toBe('SIGKILL');
    server.state.knobs.encoding = 'normal';
    const patchesBefore = server.requestsTo('PATCH', `/rest/videos/${videoId}/`).length;

    const again = startCli(publishArgs(library, file, ['--title', 'Titre corrigé', '--public', '--lang', 'en']));
    const { code } = await again.exit;
    expect(again.stderr(), again.stderr()).toMatch(/Continuing the unfinished publication of "Premier titre" .*Pod video \d+\): no second video is made\./);
    expect(again.stderr()).toMatch(/That is the job listed above as waiting: this command runs it now\./);
    expect(again.stderr()).toMatch(/Given again on this command line, applied to the same video:\n {4}title: Premier titre → Titre corrigé\n {4}mainLang: .* → English\n {4}isDraft: yes → no\n/);
    expect(again.stderr()).toMatch(/Visibility: public\. Language: English\./);
    expect(code).toBe(0);

    // One video, the same one, edited: new title (and slug), public, English; no second file was sent.
    expect(videosTitled('Premier titre')).toHaveLength(0);
    const [video] = videosTitled('Titre corrigé');
    expect(server.state.videos.filter((item) => item.id === videoId || item.title === 'Titre corrigé')).toHaveLength(1);
    expect(video!.id).toBe(videoId);
    expect(video!.isDraft).toBe(false);
    expect(video!.mainLang).toBe('en');
    expect(video!.slug).toBe(`${String(videoId).padStart(4, '0')}-titre-corrige`);
    expect(video!.fileHistory).toHaveLength(1);
    const edits = server.requestsTo('PATCH', `/rest/videos/${videoId}/`).slice(patchesBefore);
    const fieldEdit = edits.filter((request) => (request.files ?? []).length === 0 && request.fields?.some(([name]) => name === 'title'));
    expect(fieldEdit).toHaveLength(1);
    expect(fieldEdit[0]!.fields).toEqual(expect.arrayContaining([['title', 'Titre corrigé'], ['is_draft', 'false'], ['main_lang', 'en']]));
    expect(again.stdout().trim()).toBe(`${relay.url}/video/${video!.slug}/`);
    expect(publishJobs(library)).toEqual([{ state: 'done', title: 'Titre corrigé' }]);
  });

  it('killed during the upload, run again with a new title: the one video is created with it', async () => {
    const library = path.join(dir, 'library-upload');
    const file = videoFile('cours-envoi.mp4');
    relay.hold = true;
    const first = startCli(publishArgs(library, file, ['--title', 'Titre de départ']));
    await relay.held();
    first.child.kill('SIGKILL');
    expect((await first.exit).signal).toBe('SIGKILL');
    relay.hold = false;
    expect(videosTitled('Titre de départ')).toHaveLength(0);

    const again = startCli(publishArgs(library, file, ['--title', 'Titre d’arrivée']));
    expect((await again.exit).code, again.stderr()).toBe(0);
    expect(again.stderr()).toMatch(/title: Titre de départ → Titre d’arrivée/);
    expect(videosTitled('Titre de départ')).toHaveLength(0);
    const videos = videosTitled('Titre d’arrivée');
    expect(videos).toHaveLength(1);
    expect(videos[0]!.isDraft).toBe(true); // no visibility flag on either run: a draft
    expect(videos[0]!.fileHistory).toHaveLength(1);
    expect(publishJobs(library)).toEqual([{ state: 'done', title: 'Titre d’arrivée' }]);
  });

  it('a --replace killed during its upload, run again with a new title: the file and the title go to the same video in one request', async () => {
    const library = path.join(dir, 'library-replace');
    const file = videoFile('cours-remplace.mp4');
    expect((await startCli(publishArgs(library, file, ['--title', 'Avant remplacement'])).exit).code).toBe(0);
    const [video] = videosTitled('Avant remplacement');
    relay.hold = true;
    const first = startCli(publishArgs(library, file, ['--replace']));
    await relay.held();
    first.child.kill('SIGKILL');
    await first.exit;
    relay.hold = false;
    const patchesBefore = server.requestsTo('PATCH', `/rest/videos/${video!.id}/`).length;

    const again = startCli(publishArgs(library, file, ['--replace', '--title', 'Après remplacement']));
    expect((await again.exit).code, again.stderr()).toBe(0);
    expect(again.stderr()).toMatch(/title: Avant remplacement → Après remplacement/);
    expect(server.state.videos.filter((item) => item.id === video!.id || item.title.includes('remplacement'))).toHaveLength(1);
    expect(video!.title).toBe('Après remplacement');
    expect(video!.fileHistory).toHaveLength(2); // the first file, then the replacement once
    const patches = server.requestsTo('PATCH', `/rest/videos/${video!.id}/`).slice(patchesBefore);
    const withFile = patches.filter((request) => (request.files ?? []).length > 0);
    expect(withFile).toHaveLength(1);
    expect(withFile[0]!.fields).toContainEqual(['title', 'Après remplacement']);
  });

  it('run again without metadata flags: the first run’s title and visibility stay, and the CLI says how to change them', async () => {
    const library = path.join(dir, 'library-same');
    const file = videoFile('cours-public.mp4');
    relay.hold = true;
    const first = startCli(publishArgs(library, file, ['--title', 'Cours public', '--public']));
    await relay.held();
    first.child.kill('SIGKILL');
    await first.exit;
    relay.hold = false;

    const again = startCli(publishArgs(library, file, []));
    expect((await again.exit).code, again.stderr()).toBe(0);
    expect(again.stderr()).toMatch(/It keeps the fields of its first run; give --title/);
    expect(again.stderr()).toMatch(/Visibility: public\./);
    const videos = videosTitled('Cours public');
    expect(videos).toHaveLength(1);
    expect(videos[0]!.isDraft).toBe(false);
  });
});
