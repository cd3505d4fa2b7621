// Runs in Node (main side). The local recording of a live program enters the library as a capsule of
// kind `live_recording`: its folder holds the recording, and one slide shows a frame of it (the poster),
// so the library lists it like any capsule and the montage/publisher can reach the file.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CapsuleDetail } from '../../shared/domain/capsule';
import { StudioError } from '../../shared/errors';
import { probeMedia, runFfmpeg } from '../ffmpeg/ffmpeg';
import type { CapsuleLibrary } from '../library/capsuleLibrary';

export const LIVE_RECORDING_FILE = 'live-program.mkv';

export interface LiveRecordingInfo {
  /** The staging folder holding `LIVE_RECORDING_FILE`; it becomes the capsule's folder. */
  stagingDir: string;
  title: string;
  sessionId: string;
  startedAt: string;
  /** Target URLs with their stream keys masked. */
  targets: string[];
}

/** Poster and thumbnail of a recording: one frame a second in (or the first), as PNG. */
export function posterArgs(recording: string, atSec: number, output: string, width: number): string[] {
  return ['-y', '-ss', String(atSec), '-i', recording, '-frames:v', '1', '-vf', `scale=${width}:-2`, output];
}

export async function registerLiveRecording(library: CapsuleLibrary, info: LiveRecordingInfo): Promise<CapsuleDetail> {
  const file = path.join(info.stagingDir, LIVE_RECORDING_FILE);
  if (!existsSync(file) || statSync(file).size === 0) {
    throw new StudioError('LIVE_NO_RECORDING', 'The local recording of the live stream is empty: nothing was added to the library.');
  }
  const probe = await probeMedia(file);
  const video = probe.streams.find((stream) => stream.codec_type === 'video');
  if (!video?.width || !video.height) throw new StudioError('LIVE_NO_RECORDING', 'The local recording of the live stream holds no picture.');
  const durationSec = Number(probe.format.duration ?? 0);
  const at = durationSec > 2 ? 1 : 0;
  const poster = path.join(info.stagingDir, 'poster.png');
  const thumb = path.join(info.stagingDir, 'poster-thumb.png');
  await runFfmpeg(posterArgs(file, at, poster, video.width), { label: 'live recording poster' });
  await runFfmpeg(posterArgs(file, at, thumb, 320), { label: 'live recording thumbnail' });
  return library.create({
    title: info.title,
    kind: 'live_recording',
    sourceName: LIVE_RECORDING_FILE,
    stagingDir: info.stagingDir,
    metadata: {
      liveRecording: {
        file: LIVE_RECORDING_FILE,
        sessionId: info.sessionId,
        startedAt: info.startedAt,
        durationSec,
        width: video.width,
        height: video.height,
        videoCodec: video.codec_name ?? null,
        audioCodec: probe.streams.find((stream) => stream.codec_type === 'audio')?.codec_name ?? null,
        targets: info.targets,
      },
    },
    layout: { mode: 'camera_only' },
    slides: [{ imageFile: poster, thumbFile: thumb, width: video.width, height: video.height, pageNumber: null, pageLabel: null, prompt: '' }],
  });
}
