// Runs in Node (main side). Measures what a slide picture holds (ink grid, plain side bars) by
// decoding a small greyscale copy with FFmpeg, for the camera placement of cameraPlacement.ts.
// Results are kept by the picture's content hash, in memory and in the montage cache folder.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ANALYSIS_SIZE, analyseSlidePixels, mergeSlideContents, type SlideContent } from '../../shared/logic/cameraPlacement';
import type { Slide } from '../../shared/domain/capsule';
import { StudioError } from '../../shared/errors';
import { runFfmpegCapture } from '../ffmpeg/ffmpeg';

/** Bump when the analysis changes, so cached results are measured again. */
const CONTENT_FORMAT_VERSION = 1;
const REMEMBERED = 2000;

/** FFmpeg arguments: the picture's first frame, area-averaged to the analysis size, one grey byte a pixel. */
export function slideContentArgs(imagePath: string): string[] {
  return ['-loglevel', 'error', '-i', imagePath, '-frames:v', '1', '-vf', `scale=${ANALYSIS_SIZE.width}:${ANALYSIS_SIZE.height}:flags=area,format=gray`, '-f', 'rawvideo', '-'];
}

export class SlideContentCache {
  private readonly byIdentity = new Map<string, SlideContent>();

  constructor(private readonly dir: string) {}

  /** What one slide picture holds. */
  async measure(imagePath: string, signal?: AbortSignal): Promise<SlideContent> {
    let stat;
    try {
      stat = statSync(imagePath);
    } catch {
      throw new StudioError('SLIDE_IMAGE_MISSING', `A slide image is missing: ${imagePath}`, { file: imagePath });
    }
    const identity = `${imagePath}:${stat.size}:${Math.round(stat.mtimeMs)}`;
    const known = this.byIdentity.get(identity);
    if (known) return known;
    const hash = createHash('sha256').update(`v${CONTENT_FORMAT_VERSION}:`).update(readFileSync(imagePath)).digest('hex').slice(0, 32);
    const file = path.join(this.dir, `${hash}.content.json`);
    let content: SlideContent;
    if (existsSync(file)) {
      content = JSON.parse(readFileSync(file, 'utf8')) as SlideContent;
    } else {
      const { stdout } = await runFfmpegCapture(slideContentArgs(imagePath), { signal, label: 'a slide image' });
      content = analyseSlidePixels(new Uint8Array(stdout.buffer, stdout.byteOffset, stdout.byteLength), ANALYSIS_SIZE.width, ANALYSIS_SIZE.height);
      mkdirSync(this.dir, { recursive: true });
      const tmp = `${file}.${process.pid}.part`;
      try {
        writeFileSync(tmp, JSON.stringify(content));
        renameSync(tmp, file);
      } catch (error) {
        // The cache is an optimisation: a full disk only means measuring again next time.
        rmSync(tmp, { force: true });
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
    if (this.byIdentity.size >= REMEMBERED) this.byIdentity.delete(this.byIdentity.keys().next().value!);
    this.byIdentity.set(identity, content);
    return content;
  }

  /** What a grain's slide pictures hold together (slides replaced by an extra video do not count); null without pictures. */
  async measureGrain(slides: readonly Pick<Slide, 'imagePath' | 'extraVideoPath'>[], signal?: AbortSignal): Promise<SlideContent | null> {
    const contents: SlideContent[] = [];
    for (const slide of slides) if (!slide.extraVideoPath) contents.push(await this.measure(slide.imagePath, signal));
    return mergeSlideContents(contents);
  }
}
