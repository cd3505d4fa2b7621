// Runs in Node (main side). Probes the screen recorded with a screen grain's take (issue #15): its
// picture size (screen captures come in any size) and its length, for the montage plan.
import { statSync } from 'node:fs';
import path from 'node:path';
import { StudioError, isStudioError } from '../../shared/errors';
import { probeMedia } from '../ffmpeg/ffmpeg';
import type { ScreenFacts } from './montagePlan';
import type { TakeRow } from './montageStore';

export async function probeScreenTrack(row: Pick<TakeRow, 'id' | 'grain_id' | 'screen_file'>, capsuleDir: string, label: string, signal?: AbortSignal): Promise<ScreenFacts | null> {
  if (!row.screen_file) return null;
  const file = path.isAbsolute(row.screen_file) ? row.screen_file : path.join(capsuleDir, row.screen_file);
  const details = { grainId: row.grain_id, takeId: row.id };
  try {
    statSync(file);
  } catch {
    throw new StudioError('SCREEN_TAKE_MISSING', `The screen recording of ${label} is missing: ${file}`, details);
  }
  let probe;
  try {
    probe = await probeMedia(file, { signal });
  } catch (error) {
    if (isStudioError(error) && error.code === 'MEDIA_UNREADABLE') throw new StudioError('TAKE_CORRUPT', `The screen recording of ${label} cannot be read: ${error.message}`, { ...details, file });
    throw error;
  }
  const video = probe.streams.find((stream) => stream.codec_type === 'video' && (stream.width ?? 0) > 0);
  if (!video) throw new StudioError('TAKE_CORRUPT', `The screen recording of ${label} holds no picture.`, details);
  const seconds = Number.parseFloat(probe.format.duration ?? 'NaN');
  return { path: file, size: { width: video.width!, height: video.height! }, durationMs: Number.isFinite(seconds) ? Math.round(seconds * 1000) : 0 };
}
