// Runs in Node (main side). The `bbb_import` job: one BBB recording → an MP4 → a capsule of kind
// `imported_recording` (one slide per chapter, chapters from slide changes) whose video is registered
// as the capsule's render, so it publishes to Pod like any capsule. Downloads survive a retry.
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StudioError, type StudioErrorInfo } from '../../shared/errors';
import type { BbbImportOptions, BbbImportResult } from '../../shared/domain/bbb';
import type { BbbChecksumAlgorithm } from '../../shared/logic/bbbChecksum';
import { buildWebVtt } from '../../shared/logic/webvtt';
import type { StudioContext } from '../context';
import { runFfmpeg } from '../ffmpeg/ffmpeg';
import { newStagingDir, stagingRoot } from '../library/capsuleFiles';
import { BbbClient, type BbbServerConfig } from './bbbClient';
import { DEFAULT_MAX_FILE_BYTES, importRecordingToFile } from './importRecording';
import type { Chapter } from './presentation/stateTimeline';

export const BBB_IMPORT_JOB = 'bbb_import';

export interface BbbImportPayload {
  profileId: string | null;
  /** A server given on the command line: its secret is held in the CLI process's memory only (SecretStore.holdInMemory). */
  adhoc?: { apiUrl: string; checksum: BbbChecksumAlgorithm; secretKey: string };
  recordId: string;
  options: BbbImportOptions;
}

const RETRYABLE = new Set(['BBB_UNREACHABLE', 'BBB_TIMEOUT', 'BBB_DOWNLOAD_FAILED']);

export function isRetryableImportError(error: StudioErrorInfo): boolean {
  return RETRYABLE.has(error.code) || error.details?.retryable === true;
}

async function serverConfigOf(ctx: StudioContext, payload: BbbImportPayload): Promise<BbbServerConfig> {
  if (payload.adhoc) {
    const secret = await ctx.secrets.get(payload.adhoc.secretKey);
    if (!secret) throw new StudioError('BBB_NO_SECRET', 'The shared secret given for this import is no longer available: start the import again.');
    return { apiUrl: payload.adhoc.apiUrl, secret, checksum: payload.adhoc.checksum };
  }
  if (!payload.profileId) throw new StudioError('BAD_ARGS', 'An import needs a server profile or a server address.');
  const profiles = ctx.stores.bbbProfiles;
  return profiles.serverConfig(profiles.get(payload.profileId));
}

function chaptersVtt(chapters: readonly Chapter[], durationSec: number): string {
  const cues = chapters.map((chapter, i) => ({ startMs: Math.round(chapter.startSec * 1000), endMs: Math.round((chapters[i + 1]?.startSec ?? durationSec) * 1000), text: chapter.title }));
  return buildWebVtt(cues, { idPrefix: '' });
}

async function thumbnail(source: string, target: string): Promise<void> {
  const image = await loadImage(await readFile(source));
  const canvas = createCanvas(320, 180);
  canvas.getContext('2d').drawImage(image, 0, 0, 320, 180);
  await writeFile(target, await canvas.encode('png'));
}

/** Does the whole import for one payload. Used by the job and, through the job queue, by the CLI. */
export async function runBbbImport(
  ctx: StudioContext,
  jobId: string,
  payload: BbbImportPayload,
  signal: AbortSignal,
  progress: (fraction: number | null, stage: string) => void,
): Promise<BbbImportResult> {
  const config = await serverConfigOf(ctx, payload);
  const client = new BbbClient(config);
  progress(null, 'listing');
  const recording = await client.getRecording(payload.recordId, signal);
  if (recording.unreadable) throw new StudioError('BBB_BAD_RECORDING', 'The server cannot read this recording\'s metadata.');
  const workDir = path.join(stagingRoot(ctx.libraryDir), `bbb-work-${createHash('sha1').update(`${config.apiUrl}|${recording.recordId}`).digest('hex').slice(0, 16)}`);
  await mkdir(workDir, { recursive: true });
  const staging = newStagingDir(ctx.libraryDir, `bbb-${jobId}`);
  try {
    const output = path.join(staging, 'media', 'recording.mp4');
    const slidesDir = path.join(staging, 'slides');
    await mkdir(slidesDir, { recursive: true });
    const imported = await importRecordingToFile({
      recording,
      options: payload.options,
      workDir,
      output,
      maxFileBytes: ctx.settings.get<number>('bbbMaxFileBytes', DEFAULT_MAX_FILE_BYTES),
      signal,
      chapterImageDir: slidesDir,
      progress: (fraction, stage) => progress(fraction, stage),
    });
    progress(null, 'saving');
    const chapters = imported.chapters.length > 0 ? imported.chapters : [{ startSec: 0, title: imported.title || 'Recording' }];
    const images = [...imported.chapterImages];
    const slides = [];
    for (const [index, chapter] of chapters.entries()) {
      let image = images[index] ?? null;
      if (!image) {
        // Screen-share chapters (and the video format) have no drawn state: take the frame from the MP4.
        const end = chapters[index + 1]?.startSec ?? imported.durationSec;
        const at = Math.min(chapter.startSec + Math.min(1, (end - chapter.startSec) / 2), Math.max(0, imported.durationSec - 0.1));
        image = path.join(slidesDir, `chapter-${index + 1}.png`);
        await runFfmpeg(['-y', '-ss', at.toFixed(3), '-i', output, '-frames:v', '1', '-vf', 'scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:(ow-iw)/2:(oh-ih)/2', image], {
          signal,
          label: 'chapter image',
        });
      }
      const thumb = path.join(slidesDir, `chapter-${index + 1}-thumb.png`);
      await thumbnail(image, thumb);
      slides.push({ imageFile: image, thumbFile: thumb, width: 1280, height: 720, pageNumber: null, pageLabel: chapter.title, prompt: chapter.title, group: 0 });
    }
    // The first caption track goes with the render, so publishing to Pod sends it as the video's captions.
    const captions = imported.captions[0];
    if (captions) await copyFile(captions.file, path.join(staging, 'media', 'captions.vtt'));
    const vttFile = path.join(staging, 'media', 'chapters.vtt');
    await writeFile(vttFile, chaptersVtt(chapters, imported.durationSec));
    const bytes = statSync(output).size;
    const capsule = ctx.library.create({
      title: imported.title || recording.recordId,
      kind: 'imported_recording',
      sourceName: `BigBlueButton ${recording.recordId}`,
      metadata: {
        source: 'bbb',
        bbb: { recordId: recording.recordId, meetingId: recording.meetingId, profileId: payload.profileId, startTime: recording.startTime, participants: recording.participants },
        importedVideo: 'media/recording.mp4',
        durationSec: imported.durationSec,
        chapters,
        importSource: imported.source,
        warnings: imported.warnings,
      },
      stagingDir: staging,
      slides,
    });
    const file = path.join(capsule.directory, 'media', 'recording.mp4');
    ctx.stores.montage.addRender(
      {
        capsuleId: capsule.id,
        file,
        durationMs: Math.round(imported.durationSec * 1000),
        height: 720,
        bytes,
        chaptersVtt: path.join(capsule.directory, 'media', 'chapters.vtt'),
        captionsVtt: captions ? path.join(capsule.directory, 'media', 'captions.vtt') : '',
        poster: capsule.grains[0]?.slides[0]?.imagePath ?? '',
        thumbnailStrip: '',
        cachedGrains: 0,
        renderedGrains: 0,
        encoder: imported.source === 'video' ? 'copy (BBB video format)' : 'libx264 (BBB presentation render)',
      },
      jobId,
    );
    await rm(workDir, { recursive: true, force: true });
    progress(1, 'done');
    return { capsuleId: capsule.id, file, durationSec: imported.durationSec, source: imported.source, chapters, warnings: imported.warnings };
  } finally {
    // On success the staging folder became the capsule's folder; on failure nothing of it stays.
    if (existsSync(staging)) await rm(staging, { recursive: true, force: true });
  }
}

export function registerBbbImportJob(ctx: StudioContext): void {
  ctx.jobs.register<BbbImportPayload, BbbImportResult>({
    kind: BBB_IMPORT_JOB,
    concurrency: 1,
    maxAttempts: 4,
    isRetryable: isRetryableImportError,
    async run({ job, payload, signal, progress }) {
      // A command-line secret lives only as long as its job: kept for an automatic retry, removed otherwise.
      const forget = () => {
        if (payload.adhoc) ctx.secrets.delete(payload.adhoc.secretKey);
      };
      try {
        const result = await runBbbImport(ctx, job.id, payload, signal, progress);
        forget();
        return result;
      } catch (error) {
        const info = error instanceof StudioError ? { code: error.code, message: error.message, details: error.details } : null;
        if (!info || !isRetryableImportError(info) || job.attempts >= 4) forget();
        throw error;
      }
    },
  });
}
