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

/** Copies every audio and video stream into a fresh container with duration and cues. */
export function buildRemuxArgs(input: string, output: string, format: 'webm' | 'matroska'): string[] {
  return ['-y', '-i', input, '-map', '0:v?', '-map', '0:a?', '-c', 'copy', '-f', format, output];
}
