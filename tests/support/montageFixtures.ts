// Runs in Node (tests and bench). Generates small real media for montage tests — solid-colour
// slides, talking-head-like takes with a voice-like signal, extra videos — and a capsule in a real
// library with takes attached, plus ffprobe/FFmpeg readers for checking the output.
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { TakeEvent } from '../../src/shared/domain/take';
import type { LayoutSettings } from '../../src/shared/domain/layout';
import { runFfmpeg, runFfmpegCapture, runFfprobe } from '../../src/main/ffmpeg/ffmpeg';
import type { StudioContext } from '../../src/main/context';

/** A solid slide with a line of text, `color` as FFmpeg names it (e.g. `0x3366cc`). */
export async function makeSlide(file: string, color: string, text: string, width = 1920, height = 1080): Promise<string> {
  mkdirSync(path.dirname(file), { recursive: true });
  const safe = text.replace(/[':\\]/g, ' ');
  await runFfmpeg(['-nostdin', '-y', '-f', 'lavfi', '-i', `color=c=${color}:s=${width}x${height},drawtext=text='${safe}':fontsize=${Math.round(height / 12)}:fontcolor=black:x=${Math.round(width / 20)}:y=${Math.round(height / 10)}`, '-frames:v', '1', file]);
  return file;
}

export interface TakeSpec {
  durationSec: number;
  width?: number;
  height?: number;
  /** Camera background colour (FFmpeg colour); a moving head-like disc is drawn on it. */
  color?: string;
  /** Draw a red square in the middle (for chroma key checks). */
  redSquare?: boolean;
  audio?: 'voice' | 'none';
  /** Linear amplitude of the voice-like signal (0.05 ≈ −30 LUFS, well below the target). */
  level?: number;
  /** Seconds of silence at the head and tail of the voice. */
  silenceHeadSec?: number;
  silenceTailSec?: number;
  fps?: number;
}

/**
 * A MediaRecorder-like WebM (VP8 + Opus): a coloured background with a bouncing disc (the "head"),
 * and a voice-like signal: a 140 Hz buzz with harmonics, modulated at syllable rate (~4 Hz).
 */
export async function makeTake(file: string, spec: TakeSpec): Promise<string> {
  mkdirSync(path.dirname(file), { recursive: true });
  const w = spec.width ?? 640;
  const h = spec.height ?? 360;
  const fps = spec.fps ?? 30;
  const color = spec.color ?? '0x2050a0';
  const d = spec.durationSec;
  const r = Math.round(h / 5);
  // A skin-toned "head" swaying left and right (drawbox is cheap; geq per pixel would be slow).
  let video = `color=c=${color}:s=${w}x${h}:r=${fps}:d=${d},drawbox=x='iw/2-${r}+iw/8*sin(2*PI*t/3)':y=${Math.round(h / 2 - r)}:w=${2 * r}:h=${2 * r}:c=0xe0b090:t=fill`;
  if (spec.redSquare) video += `,drawbox=x=${Math.round(w / 2 - h / 8)}:y=${Math.round(h / 2 - h / 8)}:w=${Math.round(h / 4)}:h=${Math.round(h / 4)}:c=red:t=fill`;
  const args = ['-nostdin', '-y', '-f', 'lavfi', '-i', video];
  if (spec.audio !== 'none') {
    const level = spec.level ?? 0.05;
    const head = spec.silenceHeadSec ?? 0;
    const tail = spec.silenceTailSec ?? 0;
    const gate = head || tail ? `*between(t,${head},${d - tail})` : '';
    const voice = `${level}*(sin(2*PI*140*t)+0.5*sin(2*PI*280*t)+0.3*sin(2*PI*420*t)+0.15*sin(2*PI*1200*t))*(0.55+0.45*sin(2*PI*4*t))${gate}`;
    args.push('-f', 'lavfi', '-i', `aevalsrc='${voice}|${voice}':s=48000:d=${d}`);
  }
  args.push('-t', String(d), '-c:v', 'libvpx', '-b:v', '800k', '-deadline', 'realtime', '-cpu-used', '8');
  if (spec.audio !== 'none') args.push('-c:a', 'libopus', '-b:a', '96k');
  args.push('-f', 'webm', file);
  await runFfmpeg(args);
  return file;
}

/** An extra video: yellow, with its last `lastSec` seconds magenta so a frozen last frame is visible. */
export async function makeExtraVideo(file: string, durationSec: number, lastSec = 0.2, withAudio = true): Promise<string> {
  mkdirSync(path.dirname(file), { recursive: true });
  const args = ['-nostdin', '-y', '-f', 'lavfi', '-i', `color=c=yellow:s=640x360:r=25:d=${durationSec},drawbox=x=0:y=0:w=iw:h=ih:c=magenta:t=fill:enable='gte(t,${durationSec - lastSec})'`];
  if (withAudio) args.push('-f', 'lavfi', '-i', `sine=f=440:sample_rate=48000:d=${durationSec}`);
  args.push('-t', String(durationSec), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p');
  if (withAudio) args.push('-c:a', 'aac', '-ac', '2');
  args.push(file);
  await runFfmpeg(args);
  return file;
}

export interface FixtureSlide {
  image: string;
  prompt: string;
  group: number;
  width?: number;
  height?: number;
}

/** Creates a capsule in the real library: slides grouped into grains by `group`. */
export function createCapsule(ctx: StudioContext, title: string, slides: FixtureSlide[], layout?: Partial<LayoutSettings>) {
  const staging = path.join(ctx.libraryDir, 'staging-test', randomUUID());
  mkdirSync(path.join(staging, 'slides'), { recursive: true });
  const newSlides = slides.map((slide, index) => {
    const imageFile = path.join(staging, 'slides', `${index + 1}.png`);
    copyFileSync(slide.image, imageFile);
    return { imageFile, thumbFile: imageFile, width: slide.width ?? 1920, height: slide.height ?? 1080, pageNumber: index + 1, pageLabel: null, prompt: slide.prompt, group: slide.group };
  });
  return ctx.library.create({ title, stagingDir: staging, slides: newSlides, layout });
}

/** Copies an extra video into the capsule and sets it on a slide. */
export function setExtraVideo(ctx: StudioContext, capsuleId: string, slideId: string, file: string): void {
  const dir = path.join(ctx.library.capsuleDir(capsuleId), 'media');
  mkdirSync(dir, { recursive: true });
  const name = `extra-${randomUUID()}${path.extname(file)}`;
  copyFileSync(file, path.join(dir, name));
  ctx.library.setSlideExtraVideo(slideId, path.join('media', name));
}

/** Attaches a take file to a grain as its active take (the row the recorder would write). */
export function attachTake(ctx: StudioContext, capsuleId: string, grainId: string, file: string, events: TakeEvent[], facts: { width?: number | null; height?: number | null; durationMs?: number | null; hasAudio?: boolean } = {}): string {
  const id = randomUUID();
  const dir = path.join(ctx.library.capsuleDir(capsuleId), 'takes');
  mkdirSync(dir, { recursive: true });
  const target = path.join(dir, `${id}${path.extname(file)}`);
  copyFileSync(file, target);
  ctx.stores.takes.insertReadyTake({
    id,
    capsuleId,
    grainId,
    mime: 'video/webm',
    relativeFile: path.relative(ctx.library.capsuleDir(capsuleId), target),
    bytes: statSync(target).size,
    durationMs: facts.durationMs ?? null,
    recordedMs: null,
    videoCodec: null,
    audioCodec: null,
    width: facts.width ?? null,
    height: facts.height ?? null,
    hasAudio: facts.hasAudio !== false,
    hasVideo: true,
    events,
  });
  ctx.library.setActiveTake(grainId, id);
  return id;
}

export function ev(type: TakeEvent['type'], atMs: number, slideIndex: number, sentenceIndex = 0): TakeEvent {
  return { type, atMs, slideIndex, sentenceIndex };
}

// ---------------------------------------------------------------- readers

/** RGB of one pixel of the frame at `atSec`. */
export async function pixelAt(file: string, atSec: number, x: number, y: number): Promise<[number, number, number]> {
  const { stdout } = await runFfmpegCapture(['-loglevel', 'error', '-ss', atSec.toFixed(3), '-i', file, '-frames:v', '1', '-vf', `format=rgb24,crop=1:1:${x}:${y}`, '-f', 'rawvideo', '-']);
  return [stdout[0]!, stdout[1]!, stdout[2]!];
}

export function near(actual: readonly number[], expected: readonly number[], tolerance = 40): boolean {
  return actual.every((value, index) => Math.abs(value - expected[index]!) <= tolerance);
}

/** Integrated loudness (LUFS) and true peak (dBTP) of a file's audio, measured by ebur128. */
export async function measureLoudness(file: string): Promise<{ integrated: number; truePeak: number }> {
  const { stderr } = await runFfmpegCapture(['-loglevel', 'info', '-i', file, '-map', '0:a:0', '-af', 'ebur128=peak=true', '-f', 'null', '-']);
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const integrated = Number.parseFloat(/I:\s*(-?[\d.]+|-inf)\s*LUFS/.exec(summary)?.[1] ?? 'NaN');
  const truePeak = Number.parseFloat(/Peak:\s*(-?[\d.]+|-inf)\s*dBFS/.exec(summary)?.[1] ?? 'NaN');
  return { integrated, truePeak };
}

/** Whether the `moov` atom comes before `mdat` (+faststart). */
export async function moovFirst(file: string): Promise<boolean> {
  const { readFile } = await import('node:fs/promises');
  const head = (await readFile(file)).subarray(0, 1 << 20);
  const moov = head.indexOf('moov');
  const mdat = head.indexOf('mdat');
  return moov >= 0 && (mdat < 0 || moov < mdat);
}

/** Packet timestamps (in the stream's time base) and key-frame flags of the first video stream, in decoding order. */
export async function videoPackets(file: string): Promise<{ pts: number; key: boolean }[]> {
  const csv = await runFfprobe(['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts,flags', '-of', 'csv=p=0', file]);
  return csv
    .trim()
    .split('\n')
    .map((line) => {
      const [pts, flags] = line.split(',');
      return { pts: Number(pts), key: (flags ?? '').includes('K') };
    });
}

/** The PSNR of each frame of `file` against the same frame of `reference` (an identical frame counts as 100 dB). */
export async function perFramePsnr(file: string, reference: string, statsFile: string): Promise<number[]> {
  await runFfmpegCapture(['-i', file, '-i', reference, '-lavfi', `[0:v][1:v]psnr=stats_file=${statsFile}`, '-f', 'null', '-']);
  return readFileSync(statsFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => Number(/psnr_avg:([\d.]+|inf)/.exec(line)?.[1]?.replace('inf', '100')));
}
