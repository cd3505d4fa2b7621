// Runs in Node (main side). Renders a downloaded presentation recording to MP4: each distinct visual
// state is drawn once to a PNG, the states are joined with exact durations, and one FFmpeg pass adds
// the webcams, the deskshare segments and the audio at a constant frame rate.
import { createCanvas } from '@napi-rs/canvas';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StudioError, cancelledError } from '../../../shared/errors';
import { captionLocales } from '../../../shared/logic/bbbCaptions';
import { looksLikeWebVtt } from '../../../shared/logic/webvtt';
import { probeMedia, runFfmpeg } from '../../ffmpeg/ffmpeg';
import { buildChaptersMetadata, buildComposeArgs, buildConcatList, iso6392, type ConcatEntry } from './composeArgs';
import { ImageCache, drawState } from './drawState';
import { encodeQoi } from './qoiEncoder';
import { computeFrameLayout } from './frameLayout';
import { parsePresentation, type PresentationFiles } from './parsePresentation';
import type { PresentationRecording } from './presentationModel';
import { buildStateTimeline, chaptersFromSlides, type Chapter } from './stateTimeline';

export const WEBCAM_CANDIDATES = ['video/webcams.webm', 'video/webcams.mp4'];
export const AUDIO_CANDIDATES = ['audio/audio.webm', 'audio/audio.ogg', 'audio/audio.opus'];
export const DESKSHARE_CANDIDATES = ['deskshare/deskshare.webm', 'deskshare/deskshare.mp4'];

export interface RenderPresentationOptions {
  cursor?: boolean;
  chat?: boolean;
  webcams?: boolean;
  fps?: number;
  preset?: string;
  crf?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number, stage: 'drawing' | 'encoding') => void;
  /** Keep the state images next to the output (debugging); they are removed otherwise. */
  keepStates?: boolean;
  /** Copy the image of each chapter's first state here (chapter-<n>.png), for library thumbnails. */
  chapterImageDir?: string;
}

export interface RenderPresentationResult {
  durationSec: number;
  chapters: Chapter[];
  /** How many distinct images were drawn, and how many timeline segments they cover. */
  statesDrawn: number;
  segments: number;
  warnings: string[];
  recording: PresentationRecording;
  /** Per chapter, its image in chapterImageDir, or null when it shows the shared screen (no drawn state). */
  chapterImages: (string | null)[];
  /** The caption tracks found (captions.json + caption_<locale>.vtt), muxed into the MP4. */
  captions: { locale: string; file: string }[];
  /** Wall time of each stage (seconds), for the benchmark's breakdown. */
  timings: RenderTimings;
}

export interface RenderTimings {
  /** Reading and parsing the recording's files, and probing its media (side by side). */
  prepareSec: number;
  /** Drawing the distinct states (and writing their images). */
  drawSec: number;
  /** The FFmpeg pass, from its start to its end. */
  encodeSec: number;
}

/** captions.json lists the locales; each has caption_<locale>.vtt. Unreadable entries are skipped. */
export async function findCaptions(dir: string): Promise<{ locale: string; file: string }[]> {
  const list = await readOptional(dir, 'captions.json');
  if (!list) return [];
  const out: { locale: string; file: string }[] = [];
  for (const locale of captionLocales(list)) {
    const file = path.join(dir, `caption_${locale}.vtt`);
    if (existsSync(file) && looksLikeWebVtt(await readFile(file, 'utf8'))) out.push({ locale, file });
  }
  return out;
}

async function readOptional(dir: string, name: string): Promise<string | null> {
  const file = path.join(dir, name);
  return existsSync(file) ? readFile(file, 'utf8') : null;
}

export async function loadPresentation(dir: string): Promise<PresentationRecording> {
  const metadataXml = await readOptional(dir, 'metadata.xml');
  const shapesSvg = await readOptional(dir, 'shapes.svg');
  if (!metadataXml || !shapesSvg) throw new StudioError('BBB_BAD_RECORDING', 'The recording has no metadata.xml or shapes.svg: it is not a presentation recording.');
  const files: PresentationFiles = {
    metadataXml,
    shapesSvg,
    tldrawJson: await readOptional(dir, 'tldraw.json'),
    panzoomsXml: await readOptional(dir, 'panzooms.xml'),
    cursorXml: await readOptional(dir, 'cursor.xml'),
    deskshareXml: await readOptional(dir, 'deskshare.xml'),
    chatXml: await readOptional(dir, 'slides_new.xml'),
  };
  return parsePresentation(files);
}

function firstExisting(dir: string, candidates: readonly string[]): string | null {
  for (const candidate of candidates) {
    const file = path.join(dir, candidate);
    if (existsSync(file)) return file;
  }
  return null;
}

/** Resolves an href of shapes.svg inside the recording folder, refusing paths that leave it. */
export function resolveAsset(dir: string, href: string): string {
  const clean = href.replace(/^\/+/, '').split(/[?#]/)[0]!;
  const file = path.resolve(dir, clean);
  if (!file.startsWith(path.resolve(dir) + path.sep)) throw new StudioError('BBB_BAD_RECORDING', `The recording refers to a file outside its folder: ${href}`);
  return file;
}

export async function renderPresentation(dir: string, output: string, options: RenderPresentationOptions = {}): Promise<RenderPresentationResult> {
  const startedAt = performance.now();
  const timings: RenderTimings = { prepareSec: 0, drawSec: 0, encodeSec: 0 };
  const warnings: string[] = [];
  const fps = options.fps ?? 15;
  const webcamFile = options.webcams === false ? null : firstExisting(dir, WEBCAM_CANDIDATES);
  const audioFile = webcamFile ?? firstExisting(dir, AUDIO_CANDIDATES) ?? (options.webcams === false ? firstExisting(dir, WEBCAM_CANDIDATES) : null);
  const probeAudioFile = async () => {
    if (!audioFile) return null;
    const probe = await probeMedia(audioFile, { signal: options.signal });
    const hasVideo = options.webcams !== false && audioFile === webcamFile && probe.streams.some((s) => s.codec_type === 'video');
    const audio = probe.streams.find((s) => s.codec_type === 'audio') as { channels?: number } | undefined;
    return { file: audioFile, hasVideo, hasAudio: audio !== undefined, audioChannels: audio?.channels };
  };
  // ffprobe runs while Node parses the recording's files: neither waits for the other.
  const [recording, media] = await Promise.all([loadPresentation(dir), probeAudioFile()]);
  if (!media) warnings.push('The recording has no audio.');
  const deskshareFile = recording.deskshare.length > 0 ? firstExisting(dir, DESKSHARE_CANDIDATES) : null;
  if (recording.deskshare.length > 0 && !deskshareFile) warnings.push('The recording shared a screen but its deskshare video is missing: the slides are shown instead.');
  if (recording.tldraw && recording.tldrawShapes.length === 0 && !existsSync(path.join(dir, 'tldraw.json'))) {
    warnings.push('No tldraw.json: this BBB 2.6+ recording has no annotations to draw.');
  }

  const layout = computeFrameLayout({ webcams: media?.hasVideo ?? false, chat: (options.chat ?? false) && recording.chat.length > 0 });
  const segments = buildStateTimeline(recording, { cursor: options.cursor ?? false, chat: layout.chatArea !== null });
  if (segments.length === 0) throw new StudioError('BBB_BAD_RECORDING', 'The recording has an empty timeline.');

  const workDir = path.join(path.dirname(output), `.${path.basename(output)}.states`);
  await mkdir(workDir, { recursive: true });
  try {
    return await drawAndEncode();
  } finally {
    if (!options.keepStates) await rm(workDir, { recursive: true, force: true });
  }

  async function drawAndEncode(): Promise<RenderPresentationResult> {
    const canvas = createCanvas(layout.width, layout.height);
    const ctx = canvas.getContext('2d');
    const images = new ImageCache((href) => readFile(resolveAsset(dir, href)));
    const fileByKey = new Map<string, string>();
    const entries: ConcatEntry[] = [];
    // Chapters are known before drawing: the first state of each chapter is also saved as a JPEG slide
    // for the library (only a handful of images, so the slower encoder does not matter).
    const chapters = chaptersFromSlides(recording);
    const chapterKeys = new Map<string, number[]>();
    chapters.forEach((chapter, index) => {
      const segment = segments.find((s) => s.start <= chapter.startSec + 0.001 && chapter.startSec < s.end);
      if (!segment || segment.state.deskshare) return;
      chapterKeys.set(segment.key, [...(chapterKeys.get(segment.key) ?? []), index]);
    });
    const chapterImages: (string | null)[] = chapters.map(() => null);
    if (options.chapterImageDir) await mkdir(options.chapterImageDir, { recursive: true });
    const drawStartedAt = performance.now();
    timings.prepareSec = (drawStartedAt - startedAt) / 1000;
    let drawn = 0;
    for (let index = 0; index < segments.length; index++) {
      if (options.signal?.aborted) throw cancelledError();
      const segment = segments[index]!;
      let file = fileByKey.get(segment.key);
      if (!file) {
        await drawState(ctx, layout, recording, segment.state, images);
        file = path.join(workDir, `state-${String(drawn).padStart(5, '0')}.qoi`);
        // QOI: lossless like PNG, several times faster to write; every state has the same RGBA format.
        // canvas.data() (one copy) rather than getImageData (two): memory stays flat over thousands of states.
        await writeFile(file, encodeQoi(canvas.data(), layout.width, layout.height));
        // Let native finalizers (paths, decoded images) run between states: without a macrotask turn they pile up.
        await new Promise((resolve) => setImmediate(resolve));
        fileByKey.set(segment.key, file);
        drawn++;
        const chapterIndexes = options.chapterImageDir ? chapterKeys.get(segment.key) : undefined;
        if (chapterIndexes) {
          const jpeg = await canvas.encode('jpeg', 92);
          for (const chapterIndex of chapterIndexes) {
            const target = path.join(options.chapterImageDir!, `chapter-${chapterIndex + 1}.jpg`);
            await writeFile(target, jpeg);
            chapterImages[chapterIndex] = target;
          }
        }
      }
      entries.push({ file, durationSec: segment.end - segment.start });
      options.onProgress?.((index + 1) / segments.length, 'drawing');
    }
    const concatFile = path.join(workDir, 'states.ffconcat');
    await writeFile(concatFile, buildConcatList(entries));

    let chaptersFile: string | null = null;
    if (chapters.length > 0) {
      chaptersFile = path.join(workDir, 'chapters.ffmeta');
      await writeFile(chaptersFile, buildChaptersMetadata(chapters, recording.durationSec, recording.name));
    }
    const captions = await findCaptions(dir);
    const args = buildComposeArgs({
      concatFile,
      durationSec: recording.durationSec,
      fps,
      layout,
      media,
      deskshare: deskshareFile ? { file: deskshareFile, intervals: recording.deskshare } : null,
      chaptersFile,
      captions: captions.map((c) => ({ file: c.file, language: iso6392(c.locale) })),
      output,
      preset: options.preset,
      crf: options.crf,
    });
    const encodeStartedAt = performance.now();
    timings.drawSec = (encodeStartedAt - drawStartedAt) / 1000;
    await runFfmpeg(args, {
      signal: options.signal,
      durationSec: recording.durationSec,
      label: 'BBB recording',
      onProgress: (progress) => options.onProgress?.(progress.fraction ?? 0, 'encoding'),
    });
    timings.encodeSec = (performance.now() - encodeStartedAt) / 1000;
    return { durationSec: recording.durationSec, chapters, statesDrawn: drawn, segments: segments.length, warnings, recording, chapterImages, captions, timings };
  }
}
