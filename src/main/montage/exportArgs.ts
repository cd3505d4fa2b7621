// Runs in Node (main side), pure. The final export: segments joined by the concat demuxer with
// -c copy (no re-encode), chapters muxed from an FFMETADATA file, +faststart; then a poster and a
// thumbnail strip grabbed at key frames.
import { quoteConcatPath } from '../ffmpeg/ffmpegText';
import { seconds } from './videoSegmentArgs';

/** An ffconcat list. Paths are quoted; a quote inside a path is written as '\''. */
export function buildConcatList(files: readonly string[]): string {
  const lines = ['ffconcat version 1.0'];
  for (const file of files) lines.push(`file ${quoteConcatPath(file)}`);
  return `${lines.join('\n')}\n`;
}

export function buildJoinArgs(videoList: string, audioList: string, metadataFile: string, outFile: string): string[] {
  return [
    '-nostdin',
    '-y',
    '-f',
    'concat',
    '-safe',
    '0',
    '-i',
    videoList,
    '-f',
    'concat',
    '-safe',
    '0',
    '-i',
    audioList,
    '-f',
    'ffmetadata',
    '-i',
    metadataFile,
    '-map',
    '0:v:0',
    '-map',
    '1:a:0',
    '-map_metadata',
    '2',
    '-map_chapters',
    '2',
    '-c',
    'copy',
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    outFile,
  ];
}

/**
 * Joins the pieces of one grain's video (segmentPieces.ts) into its segment without re-encoding. The
 * pieces have the same encoder settings and each starts on an IDR frame, so the result is one stream.
 */
export function buildPieceJoinArgs(pieceList: string, outFile: string): string[] {
  return ['-nostdin', '-y', '-f', 'concat', '-safe', '0', '-i', pieceList, '-map', '0:v:0', '-c', 'copy', '-video_track_timescale', '12800', '-f', 'mp4', outFile];
}

export const POSTER_WIDTH = 1280;
export const STRIP_FRAMES = 10;
export const STRIP_THUMB_WIDTH = 192;

/** Poster: the key frame at or before a third of the video (past the title slide): no decoding up to it. */
export function buildPosterArgs(video: string, durationMs: number, outFile: string): string[] {
  return ['-nostdin', '-y', '-threads', '1', '-noaccurate_seek', '-ss', seconds(durationMs / 3), '-i', video, '-frames:v', '1', '-vf', `scale=${POSTER_WIDTH}:-2`, '-q:v', '3', '-f', 'image2', outFile];
}

/** Thumbnail strip: STRIP_FRAMES frames spread over the video, side by side in one JPEG. */
export function buildStripArgs(video: string, durationMs: number, outFile: string, count = STRIP_FRAMES): string[] {
  const inputs: string[] = [];
  const filters: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const at = (durationMs * (i + 0.5)) / count;
    // Fast seek to the nearest key frame: a strip does not need frame accuracy. One decoder thread
    // each: ten frame-threaded 1080p decoders would hold ~250 MB for ten frames.
    inputs.push('-threads', '1', '-noaccurate_seek', '-ss', seconds(at), '-i', video);
    filters.push(`[${i}:v]trim=end_frame=1,setpts=0,scale=${STRIP_THUMB_WIDTH}:-2,setsar=1[t${i}]`);
  }
  const stack = count > 1 ? `${Array.from({ length: count }, (_, i) => `[t${i}]`).join('')}hstack=inputs=${count}[strip]` : '[t0]null[strip]';
  return ['-nostdin', '-y', ...inputs, '-filter_complex', [...filters, stack].join(';'), '-map', '[strip]', '-frames:v', '1', '-q:v', '4', '-f', 'image2', outFile];
}
