// Runs in Node (service tests). Captions from what was said: a take whose sound is real synthesised
// French speech (espeak-ng) with known silences between the sentences, and prompter events at the
// sentence changes. The cues (getCaptions and the rendered WebVTT) carry the script's sentences,
// never overlap a silence, never last under the readable minimum, skip the silent slide, are off by
// default for a grain read without following the prompter, and the teacher's edits are what renders.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { probeMedia, runFfmpeg } from '../../src/main/ffmpeg/ffmpeg';
import type { CaptionCueInfo, RenderInfo } from '../../src/shared/domain/montage';
import { MIN_CUE_MS } from '../../src/shared/logic/captionTiming';
import { parseWebVtt } from '../../src/shared/logic/webvtt';
import { AUTO_PRERENDER_SETTING } from '../../src/main/montage/montageJobs';
import { resolvePublishSource } from '../../src/main/pod/publishSource';
import { tempDir } from '../support/tempDir';
import { attachTake, createCapsule, ev, makeSlide } from '../support/montageFixtures';

const run = promisify(execFile);

interface Interval {
  startMs: number;
  endMs: number;
}

/**
 * A take: `leadMs` of silence, then each sentence spoken by espeak-ng followed by `gapMs` of
 * silence. Returns the file and where the constructed silences are (take time).
 */
async function speakingTake(file: string, sentences: string[], leadMs: number, gapMs: number): Promise<{ file: string; silences: Interval[]; spoken: Interval[]; durationMs: number }> {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  const wavs: string[] = [];
  const durations: number[] = [];
  for (const [index, sentence] of sentences.entries()) {
    const wav = path.join(dir, `${path.basename(file, '.webm')}-${index}.wav`);
    await run('espeak-ng', ['-v', 'fr', '-s', '150', '-w', wav, sentence]);
    wavs.push(wav);
    durations.push(Math.round(Number.parseFloat((await probeMedia(wav)).format.duration!) * 1000));
  }
  const silences: Interval[] = [{ startMs: 0, endMs: leadMs }];
  const spoken: Interval[] = [];
  let at = leadMs;
  for (const duration of durations) {
    spoken.push({ startMs: at, endMs: at + duration });
    at += duration;
    silences.push({ startMs: at, endMs: at + gapMs });
    at += gapMs;
  }
  const inputs: string[] = [];
  const chains: string[] = [];
  const parts: string[] = [];
  const silence = (ms: number, label: string) => chains.push(`anullsrc=r=48000:cl=stereo,atrim=duration=${(ms / 1000).toFixed(3)}[${label}]`);
  silence(leadMs, 'lead');
  parts.push('[lead]');
  wavs.forEach((wav, index) => {
    inputs.push('-i', wav);
    chains.push(`[${index + 1}:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo[s${index}]`);
    silence(gapMs, `g${index}`);
    parts.push(`[s${index}]`, `[g${index}]`);
  });
  chains.push(`${parts.join('')}concat=n=${parts.length}:v=0:a=1[a]`);
  await runFfmpeg([
    '-nostdin',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `color=c=0x2050a0:s=320x180:r=25:d=${(at / 1000).toFixed(3)}`,
    ...inputs,
    '-filter_complex',
    chains.join(';'),
    '-map',
    '0:v',
    '-map',
    '[a]',
    '-c:v',
    'libvpx',
    '-b:v',
    '300k',
    '-deadline',
    'realtime',
    '-cpu-used',
    '8',
    '-c:a',
    'libopus',
    '-b:a',
    '64k',
    '-t',
    (at / 1000).toFixed(3),
    file,
  ]);
  return { file, silences, spoken, durationMs: at };
}

function overlap(a: Interval, b: Interval): number {
  return Math.max(0, Math.min(a.endMs, b.endMs) - Math.max(a.startMs, b.startMs));
}

describe('captions from what was said (real FFmpeg, real speech)', () => {
  const dir = tempDir('montage-captions-');
  let studio: Studio;
  const sentences = ['Bonjour à tous, et bienvenue dans ce cours.', 'Aujourd’hui, nous étudions le codage des caractères.', 'Merci de votre attention, et à bientôt.'];
  const improvised = ['Une première idée que je ne lis pas.', 'Une seconde idée.'];
  let take: Awaited<ReturnType<typeof speakingTake>>;
  let free: Awaited<ReturnType<typeof speakingTake>>;
  let slides: string[];

  beforeAll(async () => {
    const media = path.join(dir, 'media');
    [take, free, ...slides] = await Promise.all([
      speakingTake(path.join(media, 'read.webm'), sentences, 600, 1500),
      speakingTake(path.join(media, 'free.webm'), ['Je parle librement de la suite.'], 500, 1000),
      makeSlide(path.join(media, 'a.png'), 'white', 'Codage', 1280, 720),
      makeSlide(path.join(media, 'b.png'), 'white', 'Tableau', 1280, 720),
      makeSlide(path.join(media, 'c.png'), 'white', 'Suite', 1280, 720),
    ]);
    studio = await createStudio({ libraryDir: path.join(dir, 'lib'), binding: 'loopback', log: createLogger(() => undefined, true) });
    studio.context.settings.set(AUTO_PRERENDER_SETTING, false);
  }, 300_000);

  afterAll(async () => {
    await studio?.close();
  });

  it('times the script on the speech, off the silences and the silent slide, and renders the teacher’s review', async () => {
    const ctx = studio.context;
    const capsule = createCapsule(ctx, 'Sous-titres', [
      { image: slides[0]!, prompt: sentences.join('\n'), group: 0, width: 1280, height: 720 },
      { image: slides[1]!, prompt: 'BS\nHT\nLF', group: 1, width: 1280, height: 720 },
      { image: slides[2]!, prompt: improvised.join('\n'), group: 2, width: 1280, height: 720 },
    ]);
    const [read, silent, freeGrain] = capsule.grains;
    // The teacher pressed → in the middle of each pause, after each sentence.
    const events = [ev('start', 0, 0, 0), ev('next_sentence', take.silences[1]!.startMs + 700, 0, 1), ev('next_sentence', take.silences[2]!.startMs + 700, 0, 2), ev('end', take.durationMs, 0, 2)];
    attachTake(ctx, capsule.id, read!.id, take.file, events);
    await studio.calls.setUnrecordedGrainChoice(silent!.id, { mode: 'silent', slideMs: 2000 });
    // Read without following the prompter: no sentence change at all.
    attachTake(ctx, capsule.id, freeGrain!.id, free.file, [ev('start', 0, 0), ev('end', free.durationMs, 0)]);

    const captions = await studio.calls.getCaptions(capsule.id);
    expect(captions).toMatchObject({ source: 'script', enabled: true, edited: false, stale: false });
    expect(captions.grains).toEqual([
      { grainId: read!.id, enabled: true, followedPrompter: true, hasSpeech: true },
      { grainId: silent!.id, enabled: false, followedPrompter: false, hasSpeech: false },
      { grainId: freeGrain!.id, enabled: false, followedPrompter: false, hasSpeech: true },
    ]);
    expect(captions.cues.map((cue) => cue.text.replace(/\n/g, ' '))).toEqual(sentences);
    for (const [index, cue] of captions.cues.entries()) {
      expect(cue.grainId).toBe(read!.id);
      expect(cue.endMs - cue.startMs).toBeGreaterThanOrEqual(MIN_CUE_MS);
      for (const line of cue.text.split('\n')) expect(line.length).toBeLessThanOrEqual(42);
      // No cue over a silence (40 ms: the audio codec's edges).
      for (const gap of take.silences) expect(overlap(cue, gap), `cue ${index + 1} over the silence at ${gap.startMs} ms`).toBeLessThanOrEqual(40);
      // And each cue covers most of its own sentence's speech.
      expect(overlap(cue, take.spoken[index]!)).toBeGreaterThan((take.spoken[index]!.endMs - take.spoken[index]!.startMs) * 0.7);
    }

    // The render writes them, labelled as the script, with nothing over the silent slide or the free grain.
    const job = await studio.calls.renderCapsule(capsule.id, { height: 720 });
    const info = await ctx.jobs.result<RenderInfo>(job.id);
    expect(info.captions).toEqual({ source: 'script', enabled: true, cueCount: 3, edited: false });
    const vttText = readFileSync(info.captionsVtt, 'utf8');
    expect(vttText).toMatch(/^WEBVTT\n\nNOTE Captions from the script/);
    const vtt = parseWebVtt(vttText);
    expect(vtt.map((cue) => cue.text.replace(/\n/g, ' '))).toEqual(sentences);
    const silentStart = take.durationMs;
    expect(vtt.every((cue) => cue.endMs <= silentStart)).toBe(true);

    // The teacher turns the free grain on: its cues sit on its speech only.
    const withFree = await studio.calls.updateCaptions(capsule.id, { grains: { [freeGrain!.id]: true } });
    const freeCues = withFree.cues.filter((cue) => cue.grainId === freeGrain!.id);
    // Spread over its ~2 s of speech, the short second sentence joins the first (no cue under 1 s).
    expect(freeCues.map((cue) => cue.text.replace(/\n/g, ' ')).join(' ')).toBe(improvised.join(' '));
    for (const cue of freeCues) expect(cue.endMs - cue.startMs).toBeGreaterThanOrEqual(MIN_CUE_MS);
    const freeStart = take.durationMs + 2000;
    for (const cue of freeCues) for (const gap of free.silences) expect(overlap({ startMs: cue.startMs - freeStart, endMs: cue.endMs - freeStart }, gap)).toBeLessThanOrEqual(40);

    // The teacher edits a cue: the render uses the edit; bad cues are refused with a clear code.
    const edited: CaptionCueInfo[] = withFree.cues.map((cue, index) => (index === 0 ? { ...cue, text: 'Bonjour et bienvenue.' } : cue));
    const saved = await studio.calls.updateCaptions(capsule.id, { cues: edited });
    expect(saved).toMatchObject({ edited: true, stale: false });
    expect(saved.cues[0]!.text).toBe('Bonjour et bienvenue.');
    await expect(studio.calls.updateCaptions(capsule.id, { cues: [{ startMs: 2000, endMs: 1000, text: 'x' }] })).rejects.toMatchObject({ code: 'CAPTIONS_INVALID' });
    const second = await ctx.jobs.result<RenderInfo>((await studio.calls.renderCapsule(capsule.id, { height: 720 })).id);
    expect(second.captions).toMatchObject({ edited: true, cueCount: edited.length });
    expect(parseWebVtt(readFileSync(second.captionsVtt, 'utf8'))[0]!.text).toBe('Bonjour et bienvenue.');
    // Publishing the capsule takes these captions along…
    expect(resolvePublishSource(ctx.stores.montage, { capsuleId: capsule.id }).captionsPath).toBe(second.captionsVtt);

    // Publishing without captions: off for the capsule, nothing is written.
    const off = await studio.calls.updateCaptions(capsule.id, { enabled: false });
    expect(off.cues).toEqual([]);
    const third = await ctx.jobs.result<RenderInfo>((await studio.calls.renderCapsule(capsule.id, { height: 720 })).id);
    expect(third.captions).toMatchObject({ enabled: false, cueCount: 0 });
    expect(parseWebVtt(readFileSync(third.captionsVtt, 'utf8'))).toEqual([]);
    // …and no empty track once they are off.
    expect(resolvePublishSource(ctx.stores.montage, { capsuleId: capsule.id }).captionsPath).toBeNull();
    // Back to the automatic cues.
    const reset = await studio.calls.updateCaptions(capsule.id, { enabled: true, resetCues: true });
    expect(reset).toMatchObject({ edited: false, enabled: true });
    expect(reset.cues[0]!.text.replace(/\n/g, ' ')).toBe(sentences[0]);
  }, 300_000);
});
