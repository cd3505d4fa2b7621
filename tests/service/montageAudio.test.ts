// Runs in Node (service tests). Audio through the StudioApi: a trim suggested from the take's
// silences and applied, background music looped and ducked — the result stays stereo at -16 LUFS.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { probeMedia, runFfmpeg } from '../../src/main/ffmpeg/ffmpeg';
import type { RenderInfo } from '../../src/shared/domain/montage';
import { tempDir } from '../support/tempDir';
import { attachTake, createCapsule, ev, makeSlide, makeTake, measureLoudness } from '../support/montageFixtures';

describe('montage audio (real FFmpeg)', () => {
  const dir = tempDir('montage-audio-');
  let studio: Studio;
  let capsuleId: string;
  let grainId: string;
  let music: string;

  beforeAll(async () => {
    studio = await createStudio({ libraryDir: path.join(dir, 'lib'), binding: 'loopback', log: createLogger(() => undefined, true) });
    const media = path.join(dir, 'media');
    music = path.join(media, 'music.m4a');
    const [slide, take] = await Promise.all([
      makeSlide(path.join(media, 's.png'), '0x3366cc', 'Audio', 1280, 720),
      // 1.2 s of silence before the first word and 1 s after the last.
      makeTake(path.join(media, 't.webm'), { durationSec: 5, silenceHeadSec: 1.2, silenceTailSec: 1, level: 0.04 }),
      // 3 s of a soft chord, so it must loop under a longer capsule.
      runFfmpeg(['-nostdin', '-y', '-f', 'lavfi', '-i', "aevalsrc='0.2*sin(2*PI*262*t)+0.2*sin(2*PI*330*t)|0.2*sin(2*PI*392*t)':s=44100:d=3", '-c:a', 'aac', music]),
    ]);
    const capsule = createCapsule(studio.context, 'Audio', [{ image: slide, prompt: 'Bonjour.', group: 0, width: 1280, height: 720 }]);
    capsuleId = capsule.id;
    grainId = capsule.grains[0]!.id;
    attachTake(studio.context, capsuleId, grainId, take, [ev('start', 0, 0)]);
  });

  afterAll(async () => {
    await studio?.close();
  });

  it('suggests a trim from the silences at the head and tail, and the render follows it', async () => {
    const suggestion = await studio.calls.suggestTrim(grainId);
    expect(suggestion.takeDurationMs).toBeGreaterThan(4900);
    // Silence ends at 1.2 s and starts again at 4.0 s; 250 ms of air is kept on each side.
    expect(Math.abs(suggestion.startMs - 950)).toBeLessThanOrEqual(120);
    expect(Math.abs(suggestion.endMs - 750)).toBeLessThanOrEqual(120);
    await studio.calls.setTrim(grainId, { startMs: 1000, endMs: 800 });
    const job = await studio.calls.renderCapsule(capsuleId, { height: 720 });
    const info = await studio.context.jobs.result<RenderInfo>(job.id);
    expect(info.durationMs).toBe(3200);
    const probe = await probeMedia(info.file);
    expect(Math.abs(Number(probe.format.duration) - 3.2)).toBeLessThanOrEqual(0.1);
  });

  it('loops and ducks background music, and the mix stays stereo at -16 LUFS', async () => {
    await studio.calls.setTrim(grainId, { startMs: 0, endMs: 0 });
    const settings = await studio.calls.setBackgroundMusic(capsuleId, { path: music, volume: 0.3 });
    expect(settings.music?.duck).toBe(true);
    const job = await studio.calls.renderCapsule(capsuleId, { height: 720 });
    const info = await studio.context.jobs.result<RenderInfo>(job.id);
    const audio = (await probeMedia(info.file)).streams.find((s) => s.codec_type === 'audio')!;
    expect(audio.channels).toBe(2);
    expect(audio.sample_rate).toBe('48000');
    const loudness = await measureLoudness(info.file);
    expect(Math.abs(loudness.integrated - -16)).toBeLessThanOrEqual(1);
    // The music is heard where the voice is silent (it looped past its 3 s): the tail is not silence.
    const tail = await measureLoudness(await cut(info.file, 4.1, 0.8));
    expect(tail.integrated).toBeGreaterThan(-45);
  });

  async function cut(file: string, atSec: number, lengthSec: number): Promise<string> {
    const out = path.join(dir, `cut-${atSec}.m4a`);
    await runFfmpeg(['-nostdin', '-y', '-ss', String(atSec), '-t', String(lengthSec), '-i', file, '-vn', '-c:a', 'aac', out]);
    return out;
  }
});
