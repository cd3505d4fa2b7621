// Runs in Node (tests). The renderer cannot make the main side read, write or run files it chose
// (issue 12, item 2): through the real loopback bridge and the renderer's own client, every method
// that takes a file refuses a path (the same answer whether the path exists or not: no oracle),
// files go by grant (a native dialog, simulated here by the desktop hooks, or an upload), a render is
// saved only where the dialog said, FFmpeg is chosen in a dialog and checked, and answers carry no
// main-side paths.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebStudio, type WebStudio } from '../../src/main/bridge/webServer';
import type { DesktopHooks } from '../../src/main/desktop';
import { createLogger } from '../../src/main/log';
import { connectLoopback } from '../../src/renderer/api/loopbackClient';
import type { StudioClient } from '../../src/renderer/api/studioClient';
import { uploadBytes } from '../../src/renderer/api/upload';
import type { CapsuleDetail } from '../../src/shared/domain/capsule';
import type { RenderInfo } from '../../src/shared/domain/montage';
import { handmadePdf } from '../support/handmadePdf';
import { createCapsule, makeSlide } from '../support/montageFixtures';
import { tempDir } from '../support/tempDir';
import { EMPTY_POD_METADATA } from '../../src/shared/domain/pod';

/** What the user answers in the next native dialogs (the desktop hooks are the main side's). */
const dialogAnswers: (string | null)[] = [];
const desktop: DesktopHooks = {
  available: true,
  pickFile: async () => dialogAnswers.shift() ?? null,
  pickSaveFile: async () => dialogAnswers.shift() ?? null,
  openExternal: async () => undefined,
  showItemInFolder: async () => undefined,
};

let web: WebStudio;
let client: StudioClient;
let capsule: CapsuleDetail;
let outside: string;
let libraryDir: string;

function browserLikeWebSocket(origin: string) {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  };
}

beforeAll(async () => {
  libraryDir = tempDir();
  outside = tempDir('capsule-user-files-');
  web = await startWebStudio({ libraryDir, staticDir: tempDir(), studioOptions: { log: createLogger(() => undefined), desktop } });
  (globalThis as { WebSocket?: unknown }).WebSocket = browserLikeWebSocket(web.origin);
  client = await connectLoopback(`${web.origin.replace('http', 'ws')}/bridge`, web.token, web.origin);
  const slide = await makeSlide(path.join(outside, 'slide.png'), '#2050a0', 'Paths');
  capsule = createCapsule(web.studio.context, 'Paths', [{ image: slide, prompt: 'One sentence.', group: 0, width: 1280, height: 720 }]);
});

afterAll(async () => {
  await web?.close();
});

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught as { code: string; message: string },
  );
  expect(error, 'the call should have been refused').not.toBeNull();
  return { code: error!.code, message: error!.message };
}

describe('paths named by the renderer are refused', () => {
  it('for every method that takes a file, with one answer whether the file exists or not', async () => {
    const existing = path.join(outside, 'victim.mp4');
    writeFileSync(existing, 'the user’s own file');
    const missing = path.join(outside, 'nothing-here.mp4');
    const grainId = capsule.grains[0]!.id;
    const slideId = capsule.grains[0]!.slides[0]!.id;
    const calls: [string, (file: string) => Promise<unknown>][] = [
      ['createCapsuleFromPdf', (file) => client.createCapsuleFromPdf({ source: { path: file } })],
      ['addTakeFromFile', (file) => client.addTakeFromFile(capsule.id, grainId, { path: file })],
      ['renderCapsule(outFile)', (file) => client.renderCapsule(capsule.id, { outFile: file })],
      ['setBackgroundMusic', (file) => client.setBackgroundMusic(capsule.id, { path: file })],
      ['setExtraVideo', (file) => client.setExtraVideo(slideId, { path: file })],
      ['getPublishDraft(filePath)', (file) => client.getPublishDraft({ profileId: 'p1', filePath: file })],
      ['publishToPod(filePath)', (file) => client.publishToPod({ profileId: 'p1', filePath: file, metadata: emptyMetadata(), mode: 'new' })],
      ['exportCapsuleBundle(path)', (file) => client.exportCapsuleBundle(capsule.id, { path: file, overwrite: true })],
      ['importCapsuleFile', (file) => client.importCapsuleFile({ source: { path: file } })],
      ['publishToPod(captionsPath)', (file) => client.publishToPod({ profileId: 'p1', capsuleId: capsule.id, captionsPath: file, metadata: emptyMetadata(), mode: 'new' })],
    ];
    for (const [name, call] of calls) {
      const forExisting = await failure(call(existing));
      const forMissing = await failure(call(missing));
      expect(forExisting.code, name).toBe('FORBIDDEN');
      expect(forMissing, `${name}: the answer must not tell whether the path exists`).toEqual(forExisting);
      expect(forExisting.message).not.toContain(outside);
    }
    // Nothing was written beside the user's file, and it is intact.
    expect(readdirSync(outside).sort()).toEqual(['slide.png', 'victim.mp4']);
    expect(readFileSync(existing, 'utf8')).toBe('the user’s own file');
    expect(web.studio.context.jobs.list({}).filter((job) => job.kind === 'render')).toEqual([]);
  });

  it('never runs a program named in the settings; FFmpeg is chosen in a dialog and checked first', async () => {
    const marker = path.join(outside, 'ran.txt');
    const program = path.join(outside, 'not-ffmpeg.sh');
    writeFileSync(program, `#!/bin/sh\necho ran > '${marker}'\n`);
    chmodSync(program, 0o755);
    expect(await failure(client.updateSettings({ ffmpegPath: program }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(existsSync(marker)).toBe(false);
    expect((await client.getSettings()).ffmpegPath).toBeUndefined();

    // The user picks the same program in the native dialog: it is run with -version, and refused.
    dialogAnswers.push(program);
    expect(await failure(client.chooseFfmpeg())).toMatchObject({ code: 'FFMPEG_BROKEN' });
    expect((await client.getSettings()).ffmpegPath).toBeUndefined();
    // A real FFmpeg chosen in the dialog is stored; its path comes back as a name only.
    const ffmpeg = execFileSync('sh', ['-c', 'command -v ffmpeg']).toString().trim();
    dialogAnswers.push(ffmpeg);
    const chosen = await client.chooseFfmpeg();
    expect(chosen?.version).toMatch(/\d/);
    expect(chosen?.path).toBe('ffmpeg');
    expect(web.studio.context.settings.get('ffmpegPath', null)).toBe(ffmpeg);
    await client.updateSettings({ ffmpegPath: null });
  });
});

describe('files go by grant', () => {
  it('an upload yields a grant for one purpose; made-up and misused grants get one answer', async () => {
    const pdf = handmadePdf([{ width: 595, height: 842, texts: [{ x: 72, y: 700, size: 24, text: 'Granted' }] }]);
    const choice = await uploadBytes(client, pdf, '../../etc/cours.pdf', 'read-pdf');
    expect(choice.name).toBe('cours.pdf');
    const created = await client.createCapsuleFromPdf({ source: { grant: choice.grant } });
    expect(created.grains.flatMap((grain) => grain.slides)).toHaveLength(1);

    const invalid = await failure(client.createCapsuleFromPdf({ source: { grant: 'g00000000000000000000000000000000' } }));
    expect(invalid.code).toBe('GRANT_INVALID');
    // A PDF's grant does not make it a take.
    expect(await failure(client.addTakeFromFile(capsule.id, capsule.grains[0]!.id, { grant: choice.grant }))).toEqual(invalid);
    expect(await failure(client.renderCapsule(capsule.id, { saveGrant: choice.grant }))).toEqual(invalid);
  });

  it('uploads are bounded: declared size, order, extension', async () => {
    expect(await failure(client.beginUpload({ purpose: 'read-pdf', name: 'x.pdf', size: 513 * 1024 * 1024 }))).toMatchObject({ code: 'UPLOAD_TOO_LARGE' });
    expect(await failure(client.beginUpload({ purpose: 'read-pdf', name: 'x.sh', size: 10 }))).toMatchObject({ code: 'BAD_ARGS' });
    const { uploadId } = await client.beginUpload({ purpose: 'read-pdf', name: 'x.pdf', size: 4 });
    expect(await failure(client.appendUpload(uploadId, 1, new Uint8Array(2)))).toMatchObject({ code: 'CHUNK_OUT_OF_ORDER' });
    expect(await failure(client.appendUpload(uploadId, 0, new Uint8Array(5)))).toMatchObject({ code: 'UPLOAD_TOO_LARGE' });
    const second = await client.beginUpload({ purpose: 'read-pdf', name: 'x.pdf', size: 4 });
    await client.appendUpload(second.uploadId, 0, new Uint8Array(2));
    expect(await failure(client.finishUpload(second.uploadId))).toMatchObject({ code: 'UPLOAD_INCOMPLETE' });
    expect(readdirSync(path.join(libraryDir, 'uploads')).filter((name) => name.endsWith('.part'))).toEqual([]);
  });

  it('a file chosen in the dialog and replaced afterwards is refused (FILE_CHANGED)', async () => {
    const music = path.join(outside, 'music.wav');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-y', music]);
    dialogAnswers.push(music);
    const choice = (await client.chooseFile('read-audio'))!;
    expect(choice.name).toBe('music.wav');
    // Swapped on disk after the choice: another file now has that name.
    execFileSync('sh', ['-c', `mv '${music}' '${music}.old' && cp '${music}.old' '${music}'`]);
    expect(await failure(client.setBackgroundMusic(capsule.id, { grant: choice.grant }))).toMatchObject({ code: 'FILE_CHANGED' });
    dialogAnswers.push(music);
    const again = (await client.chooseFile('read-audio'))!;
    const settings = await client.setBackgroundMusic(capsule.id, { grant: again.grant, volume: 0.1 });
    // Copied into the capsule; the renderer sees a name, not where.
    expect(settings.music?.path).toMatch(/^music-[0-9a-f]{8}\.wav$/);
    await client.setBackgroundMusic(capsule.id, null);
  });

  it('a render saved through the dialog lands there alone (side files stay in the library); a file that appeared since is not replaced', async () => {
    const chosen = path.join(outside, 'Mon cours.mp4');
    dialogAnswers.push(chosen);
    const save = (await client.chooseSaveFile('save-video', 'Mon cours.mp4'))!;
    // This capsule has no take: the teacher decides to show its slide silently (issue 11: no silent slide without a word).
    for (const grain of capsule.grains) await client.setUnrecordedGrainChoice(grain.id, { mode: 'silent', slideMs: 2000 });
    const job = await client.renderCapsule(capsule.id, { height: 720, saveGrant: save.grant });
    const done = await web.studio.context.jobs.wait(job.id);
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    expect(existsSync(chosen)).toBe(true);
    expect(readdirSync(outside).filter((name) => name.startsWith('Mon cours') || name.startsWith('.Mon cours'))).toEqual(['Mon cours.mp4']);
    const render = (await client.getRenderStatus(job.id)).result as RenderInfo;
    const inLibrary = done.result as RenderInfo;
    expect(existsSync(path.join(web.studio.context.library.capsuleDir(capsule.id), 'renders'))).toBe(true);
    // What the renderer got has names only: no folder of the library or of the user.
    expect(render.poster).toMatch(/\.poster\.jpg$/);
    expect(JSON.stringify(render)).not.toContain(libraryDir);
    expect(inLibrary.poster.startsWith(libraryDir)).toBe(true);

    const later = path.join(outside, 'later.mp4');
    dialogAnswers.push(later);
    const laterGrant = (await client.chooseSaveFile('save-video', 'later.mp4'))!;
    writeFileSync(later, 'appeared after the dialog');
    const second = await client.renderCapsule(capsule.id, { height: 720, saveGrant: laterGrant.grant });
    const failed = await web.studio.context.jobs.wait(second.id);
    expect(failed.state).toBe('failed');
    expect(failed.error?.code).toBe('FILE_EXISTS');
    expect(readFileSync(later, 'utf8')).toBe('appeared after the dialog');
    expect(readdirSync(outside).filter((name) => name.endsWith('.part'))).toEqual([]);
  });
});

describe('answers carry media references, not paths', () => {
  it('getCapsule, takes, renders and jobs show no main-side folder', async () => {
    const detail = await client.getCapsule(capsule.id);
    const text = JSON.stringify([detail, await client.listRenders(capsule.id), await client.listJobs({}), await client.listCapsuleTakes(capsule.id), await client.getAppInfo(), await client.getSettings()]);
    expect(text).not.toContain(libraryDir);
    expect(text).not.toContain(outside);
    expect(detail.grains[0]!.slides[0]!.image).toMatch(/^slide\//);
    // The main side keeps the real paths for itself.
    expect(web.studio.context.library.get(capsule.id).directory.startsWith(libraryDir)).toBe(true);
  });
});

function emptyMetadata() {
  return { ...EMPTY_POD_METADATA, title: 'x' };
}
