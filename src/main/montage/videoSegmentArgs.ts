// Runs in Node (main side), pure. FFmpeg arguments of one grain's VIDEO segment: the slides (each
// image decoded once, then its frame cloned), extra videos (last frame frozen), the camera placed
// by the shared layout maths (PiP, mask, opacity, side by side, camera only, chroma key), fades.
import { placeSlide, type LayoutGeometry, type Rect } from '../../shared/logic/layoutGeometry';
import { FRAME_MS } from '../../shared/logic/montageTimeline';
import type { GrainPlan, OutputFormat } from './montagePlan';
import { buildScreenBackground } from './screenSegmentArgs';
import type { FrameRange } from './segmentPieces';
import { cameraRoiFilter, encoderGlobalArgs, encoderOutputArgs, encoderUploadFilter, X264_SETTINGS, type VideoEncoderChoice, type X264Settings } from './videoEncoder';

export function frameCount(ms: number): number {
  return Math.round(ms / FRAME_MS);
}

export function seconds(ms: number): string {
  return (Math.round(ms) / 1000).toFixed(3);
}

/** `#rrggbb` → FFmpeg's `0xrrggbb`. */
export function ffColor(color: string): string {
  const value = color.trim().replace(/^#/, '');
  return /^[0-9a-f]{6}$/i.test(value) ? `0x${value.toLowerCase()}` : '0xffffff';
}

/** Whether the segment shows the camera picture at all. */
export function showsCamera(grain: GrainPlan): boolean {
  return grain.geometry.camera !== null && grain.take?.video != null;
}

/**
 * Scales a picture into its rectangle and pads it to the frame with the background colour. A slide
 * moved aside for the camera (see marginPlacement) may reach past the frame: its plain bar is cropped.
 */
export function placeOnFrame(rect: Rect, output: OutputFormat, background: string): string {
  const left = Math.max(0, rect.x);
  const top = Math.max(0, rect.y);
  const right = Math.min(output.width, rect.x + rect.width);
  const bottom = Math.min(output.height, rect.y + rect.height);
  const crop = left !== rect.x || top !== rect.y || right !== rect.x + rect.width || bottom !== rect.y + rect.height ? `,crop=${right - left}:${bottom - top}:${left - rect.x}:${top - rect.y}` : '';
  return `scale=${rect.width}:${rect.height}:flags=bicubic,setsar=1${crop},pad=${output.width}:${output.height}:${left}:${top}:color=${ffColor(background)},format=yuv420p`;
}

/** How much of a recording before a segment's first frame is read (see seekWithPreroll). */
export const CAMERA_PREROLL_MS = 200;

/**
 * Where to seek a recording for a segment that starts `fromMs` into it, and the filters that bring it
 * to 25 fps from there. FFmpeg's seek drops every frame before the seek point, but the frame shown at
 * the segment's first tick may be one a few milliseconds before it (rounded to the nearest tick), as
 * it is when the whole grain is encoded: so a little before is read, the times are moved back, and
 * the frames before the first tick are dropped. A grain cut into pieces (segmentPieces.ts) then shows
 * the same frame at each join as one encode of the whole grain.
 */
export function seekWithPreroll(fromMs: number, prerollMs = CAMERA_PREROLL_MS): { seekMs: number; prerollMs: number; filters: string[] } {
  const seekMs = Math.max(0, Math.round(fromMs) - prerollMs);
  const back = Math.round(fromMs) - seekMs;
  return { seekMs, prerollMs: back, filters: [`setpts=PTS-${(back / 1000).toFixed(3)}/TB`, 'fps=25:start_time=0'] };
}

/** The camera chain: crop, scale, then key or mask or opacity, ending in a label to overlay. */
export function cameraChain(geometry: LayoutGeometry, input: string, maskLabel: string | null, denoise = false, timing: readonly string[] = ['fps=25']): { filters: string[]; label: string } {
  const camera = geometry.camera!;
  const crop = geometry.cameraCrop;
  const parts = [...timing];
  if (crop) parts.push(`crop=${crop.width}:${crop.height}:${crop.x}:${crop.y}`);
  parts.push(`scale=${camera.width}:${camera.height}:flags=bilinear`, 'setsar=1');
  // After scaling: denoising the small picture costs little (https://ffmpeg.org/ffmpeg-filters.html#hqdn3d).
  if (denoise) parts.push('hqdn3d');
  const filters: string[] = [];
  if (geometry.chromaKey) {
    const key = geometry.chromaKey;
    parts.push('format=rgba', `colorkey=${ffColor(key.color)}:${key.similarity}:${key.blend}`);
    if (key.despill) parts.push(`despill=type=${key.spill}`);
    parts.push('format=yuva420p');
    filters.push(`[${input}]${parts.join(',')}[cam]`);
    return { filters, label: 'cam' };
  }
  const needsAlpha = geometry.cameraMask !== 'none' || geometry.cameraOpacity < 1;
  if (!needsAlpha) {
    parts.push('format=yuv420p');
    filters.push(`[${input}]${parts.join(',')}[cam]`);
    return { filters, label: 'cam' };
  }
  parts.push('format=yuva420p');
  let label = 'camraw';
  filters.push(`[${input}]${parts.join(',')}[${label}]`);
  if (geometry.cameraMask !== 'none' && maskLabel) {
    // The mask is computed once (one frame); alphamerge repeats it for every camera frame.
    filters.push(`${maskSource(geometry)}[${maskLabel}]`, `[${label}][${maskLabel}]alphamerge[cammask]`);
    label = 'cammask';
  }
  if (geometry.cameraOpacity < 1) {
    filters.push(`[${label}]lut=a=val*${geometry.cameraOpacity.toFixed(3)}[camop]`);
    label = 'camop';
  }
  return { filters, label };
}

/** One grey frame whose white part is the visible camera: a circle or a rounded rectangle. */
export function maskSource(geometry: LayoutGeometry): string {
  const { width: w, height: h } = geometry.camera!;
  const inside =
    geometry.cameraMask === 'circle'
      ? `lte(hypot(X-${(w - 1) / 2},Y-${(h - 1) / 2}),${Math.min(w, h) / 2})`
      : roundedExpression(w, h, Math.max(1, geometry.cameraCornerRadius));
  return `color=c=black:s=${w}x${h}:r=25:d=0.04,format=gray,geq=lum='if(${inside},255,0)'`;
}

function roundedExpression(w: number, h: number, r: number): string {
  // Distance from the rectangle shrunk by r must be within r.
  const dx = `max(max(${r}-X,X-${w - 1 - r}),0)`;
  const dy = `max(max(${r}-Y,Y-${h - 1 - r}),0)`;
  return `lte(hypot(${dx},${dy}),${r})`;
}

export interface VideoSegmentArgs {
  args: string[];
  frames: number;
  durationSec: number;
}

export interface VideoSegmentOptions {
  /** Caps the filter graph's and the encoder's threads when encodes share the cores (null: FFmpeg decides). */
  threads?: number | null;
  /** Pen strokes (issue 15, src/main/pen/inkOverlay.ts): transparent pictures timed by a concat list on the grain's clock. */
  ink?: { listFile: string } | null;
  /** Only these frames of the grain (a piece, see segmentPieces.ts); the whole grain by default. */
  range?: FrameRange;
  x264?: X264Settings;
}

/**
 * The whole FFmpeg command line (without the common flags added by ffmpeg.ts) for a grain's video,
 * or for one piece of it. Threads and pieces do not change the picture, so they are not part of the
 * segment's cache key: a piece's frames are the same frames, numbered from the piece's start.
 */
export function buildVideoSegmentArgs(grain: GrainPlan, output: OutputFormat, encoder: VideoEncoderChoice, outFile: string, options: VideoSegmentOptions = {}): VideoSegmentArgs {
  const threads = options.threads ?? null;
  const x264 = options.x264 ?? X264_SETTINGS;
  const totalFrames = frameCount(grain.timeline.durationMs);
  const range = options.range ?? { startFrame: 0, endFrame: totalFrames };
  const frames = range.endFrame - range.startFrame;
  // Each span's frames within the range (spans outside it are left out of the graph).
  const spanFrames = grain.timeline.spans.map((span) => {
    const first = frameCount(span.startMs);
    const from = Math.max(first, range.startFrame);
    const to = Math.min(frameCount(span.endMs), range.endFrame);
    return { span, count: Math.max(0, to - from), skip: from - first };
  });
  const inputs: string[] = [...(threads ? ['-filter_complex_threads', String(threads)] : []), ...encoderGlobalArgs(encoder)];
  const filters: string[] = [];
  let inputIndex = 0;
  const frame = { width: output.width, height: output.height };

  let background: string;
  if (grain.geometry.slide === null && showsCamera(grain)) {
    // Camera only: a plain background under the camera.
    filters.push(`color=c=${ffColor(grain.geometry.background)}:s=${output.width}x${output.height}:r=25,format=yuv420p,trim=end_frame=${frames}[bg]`);
    background = 'bg';
  } else if (grain.screen !== undefined) {
    // A screen grain (issue #15): its recorded screen where the slides would be (screenSegmentArgs.ts).
    const screen = buildScreenBackground(grain, output, grain.screen ? inputIndex++ : inputIndex, 'bg', range);
    inputs.push(...screen.inputs);
    filters.push(...screen.filters);
    background = 'bg';
  } else {
    const inRange = spanFrames.filter((s) => s.count > 0);
    const uses = new Map<number, number>();
    for (const { span } of inRange) uses.set(span.slideIndex, (uses.get(span.slideIndex) ?? 0) + 1);
    const branches = new Map<number, string[]>();
    for (const [slideIndex, count] of [...uses.entries()].sort((a, b) => a[0] - b[0])) {
      const slide = grain.slides[slideIndex]!;
      const index = inputIndex++;
      const box = slideRect(grain, slide.size, frame);
      const labels = Array.from({ length: count }, (_, k) => `s${slideIndex}_${k}`);
      if (slide.extraVideoPath) {
        inputs.push('-i', slide.extraVideoPath);
        const chain = `[${index}:v]fps=25,${placeOnFrame(box, output, grain.geometry.background)}`;
        filters.push(count > 1 ? `${chain},split=${count}${labels.map((l) => `[${l}]`).join('')}` : `${chain}[${labels[0]}]`);
      } else {
        // One input frame: decoded and scaled once, then cloned (never `-loop 1`, which decodes every frame).
        inputs.push('-i', slide.imagePath);
        const chain = `[${index}:v]${placeOnFrame(box, output, grain.geometry.background)}`;
        filters.push(count > 1 ? `${chain},split=${count}${labels.map((l) => `[${l}]`).join('')}` : `${chain}[${labels[0]}]`);
      }
      branches.set(slideIndex, labels);
    }
    const pieces: string[] = [];
    inRange.forEach(({ span, count: n, skip }, j) => {
      const label = branches.get(span.slideIndex)!.shift()!;
      const slide = grain.slides[span.slideIndex]!;
      // Extra videos: played from their start, cut at the slide's end, last frame frozen if shorter
      // (a piece starting inside the slide skips the frames before it).
      const timing = slide.extraVideoPath
        ? `tpad=stop=-1:stop_mode=clone,trim=${skip > 0 ? `start_frame=${skip}:` : ''}end_frame=${skip + n},setpts=PTS-STARTPTS`
        : `tpad=stop=${Math.max(0, n - 1)}:stop_mode=clone,setpts=N/(25*TB)`;
      filters.push(`[${label}]${timing}[p${j}]`);
      pieces.push(`[p${j}]`);
    });
    if (pieces.length === 1) {
      filters.push(`${pieces[0]}null[bg]`);
    } else {
      filters.push(`${pieces.join('')}concat=n=${pieces.length}:v=1:a=0[bg]`);
    }
    background = 'bg';
  }

  let last = background;
  if (showsCamera(grain)) {
    const take = grain.take!;
    const takeIndex = inputIndex++;
    const seek = seekWithPreroll(grain.timeline.takeOffsetMs + range.startFrame * FRAME_MS);
    // take.videoPath: the camera with its virtual background, when the take has one applied (issue #15).
    // The decoder shares the encode's threads too: VP8 frame threads on a core already taken cost
    // 11 % more CPU for the same frames (2.81 s against 3.13 s for 60 s of a 720p take, measured here).
    // A take being recorded is sought at absolute times (-seek_timestamp), timed as its finished file will be.
    const position = take.recordingSeekBaseMs === undefined ? ['-ss', seconds(seek.seekMs)] : ['-seek_timestamp', '1', '-ss', seconds(seek.seekMs + take.recordingSeekBaseMs)];
    inputs.push(...(threads ? ['-threads', String(threads)] : []), ...position, '-t', seconds(seek.prerollMs + frames * FRAME_MS + 200), '-i', take.videoPath ?? take.path);
    const camera = cameraChain(grain.geometry, `${takeIndex}:v`, 'mask', x264.cameraDenoise && encoder.name === 'libx264', seek.filters);
    filters.push(...camera.filters);
    const rect = grain.geometry.camera!;
    // eof_action=repeat: if the camera stops before the audio, its last frame stays.
    filters.push(`[${last}][${camera.label}]overlay=x=${rect.x}:y=${rect.y}:eof_action=repeat:format=yuv420[ov]`);
    last = 'ov';
  }

  // Pen strokes (issue 15, src/main/pen/inkOverlay.ts): transparent pictures timed by a concat list, over slides and camera.
  const ink = options.ink ?? null;
  if (ink) {
    const inkIndex = inputIndex++;
    inputs.push('-f', 'concat', '-safe', '0', '-i', ink.listFile);
    // The strokes are timed on the grain's clock: a grain with ink is encoded whole (montageEngine.ts), never in pieces.
    if (range.startFrame > 0) throw new Error('pen strokes are drawn on whole grains only, not on pieces');
    filters.push(`[${last}][${inkIndex}:v]overlay=x=0:y=0:eof_action=repeat:format=yuv420[ink]`);
    last = 'ink';
  }

  const tail: string[] = [];
  const fades: string[] = [];
  if (grain.fadeInMs > 0) fades.push(`fade=t=in:st=0:d=${seconds(grain.fadeInMs)}`);
  if (grain.fadeOutMs > 0) fades.push(`fade=t=out:st=${seconds(grain.timeline.durationMs - grain.fadeOutMs)}:d=${seconds(grain.fadeOutMs)}`);
  if (fades.length > 0 && range.startFrame > 0) {
    // The fades are timed on the grain's clock: the piece's frames are moved there and back.
    tail.push(`setpts=PTS+${range.startFrame}/(25*TB)`, ...fades, 'setpts=PTS-STARTPTS');
  } else {
    tail.push(...fades);
  }
  tail.push(`trim=end_frame=${frames}`, 'format=yuv420p');
  const roi = showsCamera(grain) ? cameraRoiFilter(encoder, grain.geometry.camera!, x264) : null;
  if (roi) tail.push(roi);
  const upload = encoderUploadFilter(encoder);
  if (upload) tail.push(upload);
  filters.push(`[${last}]${tail.join(',')}[vout]`);

  const args = [
    '-nostdin',
    '-y',
    ...inputs,
    '-filter_complex',
    filters.join(';'),
    '-map',
    '[vout]',
    '-an',
    '-frames:v',
    String(frames),
    '-r',
    '25',
    '-fps_mode',
    'cfr',
    ...encoderOutputArgs(encoder, output.height, x264),
    ...(threads ? ['-threads', String(threads)] : []),
    '-video_track_timescale',
    '12800',
    '-f',
    'mp4',
    outFile,
  ];
  return { args, frames, durationSec: frames / 25 };
}

/** Where a slide of this size goes: the layout's slide box, letterboxed for its own aspect, moved as the grain's slides are. */
function slideRect(grain: GrainPlan, size: { width: number; height: number }, frame: { width: number; height: number }): Rect {
  return placeSlide(grain.geometry, size) ?? { x: 0, y: 0, width: frame.width, height: frame.height };
}
