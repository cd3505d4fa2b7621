// Runs in Node (main side). Turns one BBB recording into an MP4 (https://github.com/bigbluebutton/bigbluebutton/blob/develop/record-and-playback/video/scripts/publish/video.rb, https://trac.ffmpeg.org/wiki/Slideshow): the `video` format's
// file when it exists (downloaded, resumable, checked with ffprobe), otherwise the `presentation`
// format's published files, downloaded with bounded concurrency and rendered locally.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getBounded, openRemote } from '../net/boundedBody';
import { StudioError } from '../../shared/errors';
import type { BbbImportOptions, BbbRecording } from '../../shared/domain/bbb';
import { captionLocales } from '../../shared/logic/bbbCaptions';
import { probeMedia, runFfmpeg } from '../ffmpeg/ffmpeg';
import { allOrStop, downloadFile, mapLimit } from './download';
import { buildChaptersMetadata } from './presentation/composeArgs';
import { parseDeskshare, parseMetadataXml, parsePresentation, parseShapesSvg } from './presentation/parsePresentation';
import { AUDIO_CANDIDATES, DESKSHARE_CANDIDATES, WEBCAM_CANDIDATES, renderPresentation } from './presentation/renderPresentation';
import { chaptersFromSlides, type Chapter } from './presentation/stateTimeline';

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 ** 3;
const MAX_XML_BYTES = 256 * 1024 ** 2;
/** The video format's index.html is a few KiB; it is only a hint, read with a small cap. */
const MAX_INDEX_BYTES = 1024 * 1024;
const DOWNLOAD_CONCURRENCY = 4;

export interface ImportProgress {
  (fraction: number | null, stage: 'downloading' | 'drawing' | 'encoding' | 'checking'): void;
}

export interface ImportToFileRequest {
  recording: BbbRecording;
  options: BbbImportOptions;
  /** Downloads go here; kept between attempts so a retried import resumes. */
  workDir: string;
  output: string;
  maxFileBytes?: number;
  signal?: AbortSignal;
  progress?: ImportProgress;
  /** Where to put one image per chapter (presentation path). */
  chapterImageDir?: string;
}

export interface ImportToFileResult {
  source: 'video' | 'presentation';
  durationSec: number;
  chapters: Chapter[];
  chapterImages: (string | null)[];
  warnings: string[];
  title: string;
  /** WebVTT caption files (also muxed into the MP4 when rendered). */
  captions: { locale: string; file: string }[];
}

/**
 * Protected recordings (https://github.com/blindsidenetworks/scalelite): the playback URL is a one-time `…?token=` link whose answer sets a
 * cookie, path-scoped to `/<format>/<recordID>`, that the raw files require. Returns the Cookie header
 * to send, or null for an ordinary recording. The token is spent: call once per import.
 */
export async function playbackCookie(formatUrl: string, signal?: AbortSignal): Promise<string | null> {
  if (!new URL(formatUrl).searchParams.has('token')) return null;
  const timeout = AbortSignal.timeout(30_000);
  // Only the answer's cookies matter: the redirect is not followed and its body is not read.
  const { head: answer, body } = await openRemote(formatUrl, { followRedirect: false, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  body.destroy();
  const cookies = (answer.headers['set-cookie'] ?? []).map((line) => line.split(';')[0]!.trim()).filter((pair) => pair.includes('='));
  if (cookies.length === 0) {
    throw new StudioError('BBB_PROTECTED_LINK', 'This protected recording\'s link was refused (it is valid once, for an hour). Refresh the list and import again.', { status: answer.status });
  }
  return cookies.join('; ');
}

/** `https://host/presentation/<recordID>/`: where the raw files of the presentation format live (https://docs.bigbluebutton.org/development/api/#getrecordings). */
export function presentationBaseUrl(recording: BbbRecording): string {
  const format = recording.formats.find((f) => f.type === 'presentation') ?? recording.formats[0];
  if (!format?.url) throw new StudioError('BBB_NO_PLAYBACK', 'This recording has no playback format to import.');
  const origin = new URL(format.url).origin;
  return `${origin}/presentation/${encodeURIComponent(recording.recordId)}/`;
}

/** Candidate URLs of the `video` format's MP4, the index.html's <source> first (Pod does the same). */
export async function videoFileCandidates(recording: BbbRecording, signal?: AbortSignal): Promise<string[]> {
  const format = recording.formats.find((f) => f.type === 'video');
  if (!format) return [];
  const candidates: string[] = [];
  const origin = new URL(format.url).origin;
  // A protected link is spent on its cookie: the files are then at their usual places.
  if (new URL(format.url).searchParams.has('token')) {
    return [`${origin}/video/${recording.recordId}/video-0.m4v`, `${origin}/playback/video/${recording.recordId}/video-0.m4v`];
  }
  if (/\.(m4v|mp4)$/i.test(new URL(format.url).pathname)) candidates.push(format.url);
  else {
    const indexUrl = format.url.endsWith('/') ? format.url : `${format.url}/`;
    try {
      const { ok, body } = await getBounded(indexUrl, { signal }, { maxBytes: MAX_INDEX_BYTES, timeoutMs: 30_000, what: 'the video page', tooLargeCode: 'BBB_ANSWER_TOO_LARGE', timeoutCode: 'BBB_TIMEOUT' });
      if (ok) {
        const html = body.toString('utf8');
        const source = /<source[^>]*src="([^"]+)"[^>]*type="video\/mp4"/i.exec(html) ?? /<source[^>]*src="([^"]+\.(?:m4v|mp4))"/i.exec(html);
        if (source?.[1]) candidates.push(new URL(source[1], indexUrl).toString());
      }
    } catch (error) {
      // The index page is only a hint: the usual file names below are tried next.
      if (signal?.aborted) throw error;
    }
    candidates.push(new URL('video-0.m4v', indexUrl).toString());
  }
  candidates.push(`${origin}/video/${recording.recordId}/video-0.m4v`, `${origin}/playback/video/${recording.recordId}/video-0.m4v`);
  return [...new Set(candidates)];
}

/** The locales the downloaded captions.json lists (none when it is missing). */
async function captionLocalesOf(file: string): Promise<string[]> {
  return existsSync(file) ? captionLocales(await readFile(file, 'utf8')) : [];
}

async function downloadPresentation(recording: BbbRecording, dir: string, request: ImportToFileRequest, report: (fraction: number) => void): Promise<void> {
  const base = presentationBaseUrl(recording);
  const maxBytes = request.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const format = recording.formats.find((f) => f.type === 'presentation');
  const cookie = format ? await playbackCookie(format.url, request.signal) : null;
  const headers = cookie ? { cookie } : undefined;
  // Weighted parts of the download, each from 0 to 1, reported as one fraction that never goes back.
  const parts = { documents: 0, media: 0, deskshare: 0 };
  let reported = 0;
  const advance = (part: keyof typeof parts, fraction: number) => {
    parts[part] = Math.max(parts[part], fraction);
    const total = 0.45 * parts.documents + 0.45 * parts.media + 0.1 * parts.deskshare;
    if (total > reported) report((reported = total));
  };
  // The files that depend on no other start together: the meeting media (the largest by far) does not
  // wait for the XML and the slides, and a failure stops the others at once.
  await allOrStop(request.signal, [
    async (signal) => {
      const get = (name: string, optional: boolean, limit = maxBytes) => downloadFile(new URL(name, base).toString(), path.join(dir, name), { maxBytes: limit, optional, signal, headers });
      const documents = ['metadata.xml', 'shapes.svg', 'tldraw.json', 'panzooms.xml', 'cursor.xml', 'slides_new.xml', 'captions.json'];
      await mapLimit(documents, DOWNLOAD_CONCURRENCY, (name) => get(name, name !== 'metadata.xml' && name !== 'shapes.svg', MAX_XML_BYTES));
      advance('documents', 0.2);
      await mapLimit(await captionLocalesOf(path.join(dir, 'captions.json')), DOWNLOAD_CONCURRENCY, (locale) => get(`caption_${locale}.vtt`, true, MAX_XML_BYTES));
      const shapes = parseShapesSvg(await readFile(path.join(dir, 'shapes.svg'), 'utf8'));
      const hrefs = [...new Set(shapes.slides.map((slide) => slide.href))];
      let done = 0;
      await mapLimit(hrefs, DOWNLOAD_CONCURRENCY, async (href) => {
        const clean = href.replace(/^\/+/, '');
        if (clean.includes('..')) throw new StudioError('BBB_BAD_RECORDING', `The recording refers to a file outside its folder: ${href}`);
        await get(clean, false);
        advance('documents', 0.2 + 0.8 * (++done / hrefs.length));
      });
      advance('documents', 1);
    },
    async (signal) => {
      const get = (name: string) => downloadFile(new URL(name, base).toString(), path.join(dir, name), { maxBytes, optional: true, signal, headers });
      // Webcams carry the meeting audio; without webcams the audio file does.
      let media = false;
      for (const candidate of [...WEBCAM_CANDIDATES, ...AUDIO_CANDIDATES]) if (!media) media = await get(candidate);
      advance('media', 1);
    },
    async (signal) => {
      const get = (name: string, limit = maxBytes) => downloadFile(new URL(name, base).toString(), path.join(dir, name), { maxBytes: limit, optional: true, signal, headers });
      const deskshareXml = path.join(dir, 'deskshare.xml');
      if ((await get('deskshare.xml', MAX_XML_BYTES)) && parseDeskshare(await readFile(deskshareXml, 'utf8')).length > 0) {
        let found = false;
        for (const candidate of DESKSHARE_CANDIDATES) if (!found) found = await get(candidate);
      }
      advance('deskshare', 1);
    },
  ]);
  report(1);
}

/** Chapters of a recording whose `video` format is imported: from its presentation files, when they can be read. */
async function chaptersFromPresentationFiles(recording: BbbRecording, dir: string, request: ImportToFileRequest): Promise<Chapter[]> {
  const format = recording.formats.find((f) => f.type === 'presentation');
  if (!format) return [];
  const base = presentationBaseUrl(recording);
  const cookie = await playbackCookie(format.url, request.signal);
  const options = { maxBytes: MAX_XML_BYTES, optional: true, signal: request.signal, headers: cookie ? { cookie } : undefined };
  const ok =
    (await downloadFile(new URL('metadata.xml', base).toString(), path.join(dir, 'metadata.xml'), options)) &&
    (await downloadFile(new URL('shapes.svg', base).toString(), path.join(dir, 'shapes.svg'), options));
  if (!ok) return [];
  const deskshare = await downloadFile(new URL('deskshare.xml', base).toString(), path.join(dir, 'deskshare.xml'), options);
  const presentation = parsePresentation({
    metadataXml: await readFile(path.join(dir, 'metadata.xml'), 'utf8'),
    shapesSvg: await readFile(path.join(dir, 'shapes.svg'), 'utf8'),
    tldrawJson: null,
    panzoomsXml: null,
    cursorXml: null,
    deskshareXml: deskshare ? await readFile(path.join(dir, 'deskshare.xml'), 'utf8') : null,
    chatXml: null,
  });
  return chaptersFromSlides(presentation);
}

async function importVideoFormat(request: ImportToFileRequest): Promise<ImportToFileResult> {
  const { recording, workDir, signal } = request;
  const progress = request.progress ?? (() => undefined);
  const maxBytes = request.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const videoFile = path.join(workDir, 'video', 'video-0.m4v');
  const expectedBytes = recording.formats.find((f) => f.type === 'video')?.sizeBytes ?? null;
  let received = 0;
  let downloaded = false;
  let lastError: unknown = null;
  progress(0, 'downloading');
  const videoFormat = recording.formats.find((f) => f.type === 'video')!;
  const cookie = await playbackCookie(videoFormat.url, signal);
  for (const url of await videoFileCandidates(recording, signal)) {
    try {
      downloaded = await downloadFile(url, videoFile, {
        maxBytes,
        optional: true,
        signal,
        headers: cookie ? { cookie } : undefined,
        onBytes: (delta) => {
          received += delta;
          progress(expectedBytes ? Math.min(0.99, received / expectedBytes) : null, 'downloading');
        },
      });
    } catch (error) {
      // This candidate failed: the next one may be the right place; the last failure is reported if none works.
      lastError = error;
      if (error instanceof StudioError && (error.code === 'BBB_FILE_TOO_LARGE' || error.code === 'CANCELLED')) throw error;
    }
    if (downloaded) break;
  }
  if (!downloaded) {
    if (lastError instanceof StudioError) throw lastError;
    throw new StudioError('BBB_FILE_MISSING', 'The recording lists a video format but its video file cannot be found on the server.');
  }
  progress(null, 'checking');
  const probe = await probeMedia(videoFile, { signal });
  const durationSec = Number(probe.format.duration ?? NaN);
  if (!probe.streams.some((s) => s.codec_type === 'video') || !Number.isFinite(durationSec) || durationSec <= 0) {
    throw new StudioError('BBB_BAD_VIDEO', 'The downloaded video file of this recording is not a playable video.');
  }
  const warnings: string[] = [];
  let chapters: Chapter[] = [];
  try {
    chapters = await chaptersFromPresentationFiles(recording, path.join(workDir, 'presentation-meta'), request);
  } catch (error) {
    if (error instanceof StudioError && error.code === 'CANCELLED') throw error;
    // Chapters are a bonus for the video format: the import goes on without them, and says so.
    warnings.push(`No chapters: the presentation files could not be read (${(error as Error).message}).`);
  }
  await mkdir(path.dirname(request.output), { recursive: true });
  if (chapters.length > 0) {
    const meta = path.join(workDir, 'chapters.ffmeta');
    await writeFile(meta, buildChaptersMetadata(chapters, durationSec, recording.name));
    await runFfmpeg(['-y', '-i', videoFile, '-f', 'ffmetadata', '-i', meta, '-map', '0', '-map_metadata', '1', '-map_chapters', '1', '-c', 'copy', '-movflags', '+faststart', request.output], {
      signal,
      label: 'BBB video format',
    });
  } else {
    await copyFile(videoFile, request.output);
  }
  progress(1, 'checking');
  return { source: 'video', durationSec, chapters, chapterImages: chapters.map(() => null), warnings, title: recording.name, captions: [] };
}

export async function importRecordingToFile(request: ImportToFileRequest): Promise<ImportToFileResult> {
  const { recording, options } = request;
  const hasVideo = recording.formats.some((f) => f.type === 'video');
  const hasPresentation = recording.formats.some((f) => f.type === 'presentation');
  if (hasVideo && (!options.preferPresentation || !hasPresentation)) return importVideoFormat(request);
  if (!hasPresentation) {
    const types = recording.formats.map((f) => f.type).join(', ') || 'none';
    throw new StudioError('BBB_NO_PLAYBACK', `This recording has neither a video nor a presentation format (it has: ${types}).`);
  }
  const progress = request.progress ?? (() => undefined);
  const assets = path.join(request.workDir, 'presentation');
  progress(0, 'downloading');
  await downloadPresentation(recording, assets, request, (fraction) => progress(fraction, 'downloading'));
  const metadata = parseMetadataXml(await readFile(path.join(assets, 'metadata.xml'), 'utf8'));
  await mkdir(path.dirname(request.output), { recursive: true });
  const rendered = await renderPresentation(assets, request.output, {
    cursor: options.cursor ?? false,
    chat: options.chat ?? false,
    webcams: options.webcams ?? true,
    fps: options.frameRate ?? 15,
    signal: request.signal,
    chapterImageDir: request.chapterImageDir,
    onProgress: (fraction, stage) => progress(fraction, stage),
  });
  const warnings = [...rendered.warnings];
  if (hasVideo) warnings.push('Rendered locally from the presentation format although a video format exists, as asked.');
  return { source: 'presentation', durationSec: rendered.durationSec, chapters: rendered.chapters, chapterImages: rendered.chapterImages, warnings, title: recording.name || metadata.name, captions: rendered.captions };
}
