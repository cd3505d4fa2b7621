// Runs anywhere (pure logic; used by the main side). How a take's file is remuxed (`-c copy`: no
// re-encoding, only a proper duration and cues) and what its probe says about it.
import type { ProbeResult } from '../ffmpeg/ffmpeg';

const WEBM_VIDEO = new Set(['vp8', 'vp9', 'av1']);
const WEBM_AUDIO = new Set(['opus', 'vorbis']);

export interface MediaFacts {
  durationMs: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
  width: number | null;
  height: number | null;
  hasAudio: boolean;
  hasVideo: boolean;
}

export function mediaFacts(probe: ProbeResult): MediaFacts {
  const video = probe.streams.find((stream) => stream.codec_type === 'video');
  const audio = probe.streams.find((stream) => stream.codec_type === 'audio');
  const seconds = probe.format.duration !== undefined ? Number(probe.format.duration) : NaN;
  return {
    durationMs: Number.isFinite(seconds) ? Math.round(seconds * 1000) : null,
    videoCodec: video?.codec_name ?? null,
    audioCodec: audio?.codec_name ?? null,
    width: video?.width ?? null,
    height: video?.height ?? null,
    hasAudio: Boolean(audio),
    hasVideo: Boolean(video),
  };
}

/** WebM when every stream is a WebM codec (VP8/VP9/AV1, Opus/Vorbis), Matroska otherwise (H.264, AAC). */
export function containerFor(facts: Pick<MediaFacts, 'videoCodec' | 'audioCodec'>): { format: 'webm' | 'matroska'; extension: 'webm' | 'mkv' } {
  const videoOk = facts.videoCodec === null || WEBM_VIDEO.has(facts.videoCodec);
  const audioOk = facts.audioCodec === null || WEBM_AUDIO.has(facts.audioCodec);
  return videoOk && audioOk ? { format: 'webm', extension: 'webm' } : { format: 'matroska', extension: 'mkv' };
}

/**
 * Copies every audio and video stream into a fresh container with duration and cues. `untilMs`: only
 * the first part of a take still being recorded, timed exactly as the whole take will be once remuxed
 * (FFmpeg moves the streams by the file's start time, which an Opus track's codec delay makes
 * negative: the picture ends up 6.5 ms later than in the recorder's file, identically in both).
 */
export function buildRemuxArgs(input: string, output: string, format: 'webm' | 'matroska', untilMs?: number): string[] {
  const limit = untilMs === undefined ? [] : ['-t', (Math.max(0, Math.round(untilMs)) / 1000).toFixed(3)];
  return ['-y', ...limit, '-i', input, '-map', '0:v?', '-map', '0:a?', '-c', 'copy', '-f', format, output];
}
