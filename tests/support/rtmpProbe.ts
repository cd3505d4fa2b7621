// Runs in Node (test tooling). Reads a stream back from an RTMP server (or a recorded FLV) with ffprobe:
// its streams, and the times of its video keyframes, to check what a live push really delivered.
import { runFfprobe } from '../../src/main/ffmpeg/ffmpeg';

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  sample_rate?: string;
}

export interface StreamReadback {
  streams: ProbedStream[];
  video: ProbedStream | undefined;
  audio: ProbedStream | undefined;
  /** Presentation times (s) of the video keyframes read. */
  keyframeTimes: number[];
  videoPackets: number;
}

/** Reads `seconds` of a live URL or file: the streams and every video packet's flags. */
export async function readBack(source: string, seconds: number): Promise<StreamReadback> {
  const out = await runFfprobe([
    '-v', 'error',
    '-rw_timeout', '15000000',
    '-read_intervals', `%+${seconds}`,
    '-show_entries', 'stream=codec_type,codec_name,width,height,sample_rate:packet=stream_index,pts_time,flags',
    '-of', 'json',
    source,
  ]);
  const parsed = JSON.parse(out) as { streams?: (ProbedStream & { index?: number })[]; packets?: { stream_index: number; pts_time?: string; flags?: string }[] };
  const streams = parsed.streams ?? [];
  const videoIndex = streams.findIndex((stream) => stream.codec_type === 'video');
  const videoPackets = (parsed.packets ?? []).filter((packet) => packet.stream_index === videoIndex);
  return {
    streams,
    video: streams[videoIndex],
    audio: streams.find((stream) => stream.codec_type === 'audio'),
    keyframeTimes: videoPackets.filter((packet) => packet.flags?.startsWith('K') && packet.pts_time !== undefined).map((packet) => Number(packet.pts_time)),
    videoPackets: videoPackets.length,
  };
}

/** Gaps between consecutive keyframes, seconds. */
export function keyframeIntervals(times: readonly number[]): number[] {
  return times.slice(1).map((time, index) => Math.round((time - times[index]!) * 1000) / 1000);
}
