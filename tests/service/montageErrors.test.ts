// Runs in Node (service tests). Montage failures: each one is a clear StudioError naming the grain,
// and no partial MP4 is left where the finished one was expected.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { configureFfmpeg, runFfmpeg } from '../../src/main/ffmpeg/ffmpeg';
import { MontageEngine } from '../../src/main/montage/montageEngine';
import type { StudioError } from '../../src/shared/errors';
import { tempDir } from '../support/tempDir';
import { attachTake, createCapsule, ev, makeSlide, makeTake } from '../support/montageFixtures';

async function failure(promise: Promise<unknown>): Promise<StudioError> {
  try {
    await promise;
  } catch (error) {
    return error as StudioError;
  }
  throw new Error('expected a failure');
}

describe('montage errors (real FFmpeg)', () => {
  const dir = tempDir('montage-err-');
  let studio: Studio;
  let engine: MontageEngine;
  let slide: string;
  let goodTake: string;
  let silentTake: string;

  beforeAll(async () => {
    studio = await createStudio({ libraryDir: path.join(dir, 'lib'), binding: 'cli', startJobs: false, log: createLogger(() => undefined, true) });
    const ctx = studio.context;
    const media = path.join(dir, 'media');
    [slide, goodTake, silentTake] = await Promise.all([
      makeSlide(path.join(media, 's.png'), '0x3366cc', 'Slide', 640, 360),
      makeTake(path.join(media, 'good.webm'), { durationSec: 1.2 }),
      makeTake(path.join(media, 'silent.webm'), { durationSec: 1.2, audio: 'none' }),
    ]);
    engine = new MontageEngine({ store: ctx.stores.montage, libraryDir: ctx.libraryDir, library: ctx.library, settings: ctx.settings, log: ctx.log });
  });

  afterAll(async () => {
    await studio?.close();
  });

  function twoGrains(title: string) {
    const capsule = createCapsule(studio.context, title, [
      { image: slide, prompt: 'One', group: 0, width: 640, height: 360 },
      { image: slide, prompt: 'Two', group: 1, width: 640, height: 360 },
    ]);
    // The grain left without a take is shown as a silent slide by choice, so each test meets its own error.
    for (const grain of capsule.grains) engine.store.setGrainChoice(grain.id, { mode: 'silent', slideMs: 3000 });
    return capsule;
  }

  it('a take with no audio names its grain', async () => {
    const capsule = twoGrains('No audio');
    attachTake(studio.context, capsule.id, capsule.grains[1]!.id, silentTake, [ev('start', 0, 0)]);
    const out = path.join(dir, 'noaudio.mp4');
    const error = await failure(engine.render(capsule.id, { height: 720, outFile: out }));
    expect(error.code).toBe('TAKE_NO_AUDIO');
    expect(error.message).toMatch(/grain 2/);
    expect(existsSync(out)).toBe(false);
  });

  it('a corrupt take names its grain', async () => {
    const capsule = twoGrains('Corrupt');
    const junk = path.join(dir, 'junk.webm');
    writeFileSync(junk, Buffer.from('this is not a webm file at all, just bytes'.repeat(100)));
    attachTake(studio.context, capsule.id, capsule.grains[0]!.id, junk, [ev('start', 0, 0)]);
    const out = path.join(dir, 'corrupt.mp4');
    const error = await failure(engine.render(capsule.id, { height: 720, outFile: out }));
    expect(error.code).toBe('TAKE_CORRUPT');
    expect(error.message).toMatch(/grain 1/);
    expect(existsSync(out)).toBe(false);
  });

  it('a missing slide image names its grain and slide', async () => {
    const capsule = twoGrains('Missing image');
    rmSync(capsule.grains[1]!.slides[0]!.imagePath);
    const error = await failure(engine.render(capsule.id, { height: 720, outFile: path.join(dir, 'missing.mp4') }));
    expect(error.code).toBe('SLIDE_IMAGE_MISSING');
    expect(error.message).toMatch(/slide 1 in grain 2/);
  });

  it('a missing FFmpeg is reported clearly', async () => {
    const capsule = twoGrains('No FFmpeg');
    const savedPath = process.env.PATH;
    const savedFfmpeg = process.env.FFMPEG_PATH;
    process.env.PATH = path.join(dir, 'empty-bin');
    delete process.env.FFMPEG_PATH;
    await configureFfmpeg().catch(() => undefined);
    try {
      const fresh = new MontageEngine({ store: studio.context.stores.montage, libraryDir: studio.context.libraryDir, library: studio.context.library, settings: studio.context.settings, log: studio.context.log });
      const error = await failure(fresh.render(capsule.id, { height: 720, outFile: path.join(dir, 'noffmpeg.mp4') }));
      expect(error.code).toBe('FFMPEG_NOT_FOUND');
      expect(error.message).toMatch(/FFmpeg is needed to render: FFmpeg was not found/);
    } finally {
      process.env.PATH = savedPath;
      if (savedFfmpeg !== undefined) process.env.FFMPEG_PATH = savedFfmpeg;
      await configureFfmpeg();
    }
  });

  it('a broken FFmpeg (runs, but fails to encode) names the grain', async () => {
    const capsule = twoGrains('Broken FFmpeg');
    const binDir = path.join(dir, 'broken-bin');
    mkdirSync(binDir, { recursive: true });
    const fake = path.join(binDir, 'ffmpeg');
    // Answers the version check like a real build, then fails every real job.
    writeFileSync(fake, '#!/bin/sh\nfor a in "$@"; do [ "$a" = "-version" ] && { echo "ffmpeg version 5.1-broken"; exit 0; }; done\necho "Illegal instruction" >&2\nexit 132\n', { mode: 0o755 });
    await configureFfmpeg({ settingPath: fake });
    try {
      const fresh = new MontageEngine({ store: studio.context.stores.montage, libraryDir: studio.context.libraryDir, library: studio.context.library, settings: studio.context.settings, log: studio.context.log });
      const out = path.join(dir, 'broken.mp4');
      const error = await failure(fresh.render(capsule.id, { height: 720, outFile: out }));
      expect(error.code).toBe('FFMPEG_FAILED');
      expect(error.message).toMatch(/^Grain 1: FFmpeg failed .*Illegal instruction/);
      expect(existsSync(out)).toBe(false);
    } finally {
      await configureFfmpeg();
    }
  });

  it('a full disk is reported with the grain, and leaves no partial file', async () => {
    const capsule = twoGrains('Full disk');
    attachTake(studio.context, capsule.id, capsule.grains[0]!.id, goodTake, [ev('start', 0, 0)]);
    // An 8 KB tmpfs holds the segment cache: the real 1080p encodes run out of space in it.
    const cache = engine.cacheDir();
    mkdirSync(cache, { recursive: true });
    let mounted = false;
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8k', 'tmpfs', cache], { stdio: 'ignore' });
      mounted = true;
    } catch {
      // Not allowed to mount here (not root): FFmpeg writing to /dev/full shows the same mapping below.
    }
    if (mounted) {
      try {
        const out = path.join(dir, 'full.mp4');
        const error = await failure(engine.render(capsule.id, { height: 1080, outFile: out }));
        expect(error.code).toBe('DISK_FULL');
        expect(error.message).toMatch(/The disk is full \(grain [12]\)/);
        expect(existsSync(out)).toBe(false);
        expect(readdirSync(cache).filter((f) => f.endsWith('.part'))).toEqual([]);
      } finally {
        execFileSync('umount', [cache]);
      }
    } else {
      const error = await failure(runFfmpeg(['-nostdin', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=1280x720:d=2', '-c:v', 'libx264', '-f', 'mp4', '/dev/full'], { label: 'grain 1' }));
      expect(error.code).toBe('DISK_FULL');
      expect(error.message).toMatch(/grain 1/);
    }
  });

  it('a cancelled render kills FFmpeg and leaves no partial files', async () => {
    const capsule = twoGrains('Cancel');
    const longTake = await makeTake(path.join(dir, 'media', 'long.webm'), { durationSec: 5 });
    attachTake(studio.context, capsule.id, capsule.grains[0]!.id, longTake, [ev('start', 0, 0)]);
    const controller = new AbortController();
    const out = path.join(dir, 'cancelled.mp4');
    const running = engine.render(capsule.id, { height: 1080, outFile: out }, { signal: controller.signal, onProgress: (f, stage) => stage === 'encoding' && f > 0 && controller.abort() });
    const error = await failure(running);
    expect(error.code).toBe('CANCELLED');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(engine.cacheDir()).filter((f) => f.endsWith('.part'))).toEqual([]);
  });
});
