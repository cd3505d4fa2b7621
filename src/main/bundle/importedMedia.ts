// Runs in Node (main side). Every media file an import brings (slides, thumbnails, extra videos,
// music, takes) is opened by ffprobe before it enters the library: a file that is not what its
// place says (a text file named .png, a truncated WebM) refuses the whole import with its name.
import { statSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { probeMedia, runFfmpeg } from '../ffmpeg/ffmpeg';
import { mediaFacts, type MediaFacts } from '../recording/remuxPlan';

export type ImportedMediaKind = 'image' | 'video' | 'audio' | 'take';

const IMAGE_CODECS = new Set(['png', 'mjpeg', 'webp', 'bmp', 'tiff']);

function invalid(name: string, what: string): StudioError {
  return new StudioError('BUNDLE_MEDIA_INVALID', `${name} is not ${what}: the import was stopped and nothing was added.`, { file: name });
}

/** Probes `file` (shown to the teacher as `name`) and checks it holds what its place needs. */
export async function checkImportedMedia(file: string, name: string, kind: ImportedMediaKind, signal?: AbortSignal): Promise<MediaFacts & { bytes: number }> {
  let facts: MediaFacts;
  let imageCodec: string | null = null;
  try {
    const probe = await probeMedia(file, { signal });
    facts = mediaFacts(probe);
    imageCodec = probe.streams.find((stream) => stream.codec_type === 'video')?.codec_name ?? null;
  } catch (error) {
    if (error instanceof StudioError && (error.code === 'FFPROBE_NOT_FOUND' || error.code === 'CANCELLED')) throw error;
    if ((error as Error).name === 'AbortError') throw error;
    throw invalid(name, kind === 'image' ? 'a picture' : kind === 'audio' ? 'a sound file' : 'a video');
  }
  const bytes = statSync(file).size;
  if (kind === 'image' && !(facts.hasVideo && imageCodec !== null && IMAGE_CODECS.has(imageCodec) && facts.width && facts.height)) throw invalid(name, 'a picture');
  if (kind === 'video' && !facts.hasVideo) throw invalid(name, 'a video');
  if (kind === 'audio' && !facts.hasAudio) throw invalid(name, 'a sound file');
  if (kind === 'take' && !facts.hasAudio && !facts.hasVideo) throw invalid(name, 'a recording');
  if (kind === 'take' && !(facts.durationMs && facts.durationMs > 0)) throw invalid(name, 'a complete recording');
  return { ...facts, bytes };
}

/** A 320-pixel-wide thumbnail of a slide picture (Polymny exports carry none). */
export async function makeThumbnail(image: string, target: string, signal?: AbortSignal): Promise<string> {
  await runFfmpeg(['-y', '-i', image, '-vf', 'scale=320:-2', '-frames:v', '1', target], { signal, label: `thumbnail of ${path.basename(image)}` });
  return target;
}
