// Runs in Node (main side). What a capsule publishes: its latest montage render (MP4), the render's
// chapters (one per slide) and its captions from the prompter. A file given directly is published as is.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import type { PodChapterInput } from '../../shared/domain/pod';
import { POD_ERROR } from './podErrors';
import { looksLikeWebVtt, parseWebVtt } from '../../shared/logic/webvtt';

export interface PublishSource {
  filePath: string;
  bytes: number;
  chapters: PodChapterInput[];
  captionsPath: string | null;
  /** The captions are the render's, made from the prompter's script (not a transcript). */
  captionsFromScript: boolean;
  /** The render's poster image, sent as the video's thumbnail. */
  posterPath: string | null;
}

interface RenderOutputLike {
  file?: string;
  chaptersVtt?: string;
  captionsVtt?: string;
  poster?: string;
  /** Renders since issue 11 say whether captions are on and how many cues the file holds. */
  captions?: { enabled: boolean; cueCount: number };
}

/** A capsule's renders, newest first: the montage's store (renders belong to the montage). */
export interface CapsuleRenders {
  renders(capsuleId: string): readonly RenderOutputLike[];
}

/** The newest render of a capsule whose MP4 is still on disk, or null. */
export function latestRender(montage: CapsuleRenders, capsuleId: string): RenderOutputLike | null {
  for (const output of montage.renders(capsuleId)) {
    if (output.file && existsSync(output.file)) return output;
  }
  return null;
}

export function checkVideoFile(filePath: string): number {
  const absolute = path.resolve(filePath);
  if (!existsSync(absolute)) throw new StudioError(POD_ERROR.noSource, `The video file ${absolute} does not exist.`, { path: absolute });
  const stat = statSync(absolute);
  if (!stat.isFile()) throw new StudioError(POD_ERROR.noSource, `${absolute} is not a file.`, { path: absolute });
  if (stat.size === 0) throw new StudioError(POD_ERROR.noSource, `The video file ${absolute} is empty.`, { path: absolute });
  if (!/\.(mp4|m4v|mov|mkv|webm)$/i.test(absolute)) throw new StudioError(POD_ERROR.noSource, `Pod expects an MP4 video; ${path.basename(absolute)} is not one.`, { path: absolute });
  return stat.size;
}

export function chaptersFromVtt(file: string | undefined): PodChapterInput[] {
  if (!file || !existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  if (!looksLikeWebVtt(text)) return [];
  return parseWebVtt(text).map((cue) => ({ title: cue.text.split('\n')[0] ?? '', startMs: cue.startMs }));
}

export function resolvePublishSource(
  montage: CapsuleRenders,
  request: { capsuleId?: string | null; filePath?: string | null; chapters?: PodChapterInput[]; captionsPath?: string | null; withCaptions?: boolean },
): PublishSource {
  const withCaptions = request.withCaptions !== false;
  const givenCaptions = withCaptions && request.captionsPath ? path.resolve(request.captionsPath) : null;
  if (givenCaptions && !existsSync(givenCaptions)) throw new StudioError(POD_ERROR.noSource, `The captions file ${givenCaptions} does not exist.`, { path: givenCaptions });
  const render = request.capsuleId ? latestRender(montage, request.capsuleId) : null;
  const poster = render?.poster && existsSync(render.poster) ? render.poster : null;
  if (request.filePath) {
    const filePath = path.resolve(request.filePath);
    // A capsule's own render keeps its poster; any other file has none.
    const posterPath = render?.file && path.resolve(render.file) === filePath ? poster : null;
    return { filePath, bytes: checkVideoFile(filePath), chapters: request.chapters ?? [], captionsPath: givenCaptions, captionsFromScript: false, posterPath };
  }
  if (!request.capsuleId) throw new StudioError(POD_ERROR.noSource, 'Choose a capsule or a video file to publish.');
  if (!render?.file) {
    throw new StudioError(POD_ERROR.noSource, 'This capsule has no rendered video yet. Render the montage first, then publish.', { capsuleId: request.capsuleId });
  }
  // Captions the teacher turned off (or a render without any cue) are not published as an empty track.
  const captionsOn = render.captions === undefined || (render.captions.enabled && render.captions.cueCount > 0);
  const renderCaptions = withCaptions && captionsOn && !givenCaptions && render.captionsVtt && existsSync(render.captionsVtt) ? render.captionsVtt : null;
  return {
    filePath: render.file,
    bytes: checkVideoFile(render.file),
    chapters: request.chapters ?? chaptersFromVtt(render.chaptersVtt),
    captionsPath: givenCaptions ?? renderCaptions,
    // The montage writes its captions from the prompter's script (what was planned, not a transcript).
    captionsFromScript: renderCaptions !== null,
    posterPath: poster,
  };
}
