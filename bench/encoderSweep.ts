// Runs in Node (benchmarks). Chooses the montage's x264 settings by measurement: one grain (3 slides
// + a noisy 720p webcam in the reference's default PiP) encoded by the engine's own argument builder
// with each candidate setting, against the reference pipeline's output (Polymny 2.0's two steps, see
// montage.bench.ts) from the same inputs: size, CPU, and SSIM of the slide area and of the camera.
// `npm run bench "Encoder settings"`; ENCODER_SWEEP_SECONDS sets the grain's length (default 30).
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ffmpegBinaries, runFfmpeg, runFfmpegCapture } from '../src/main/ffmpeg/ffmpeg';
import type { GrainPlan } from '../src/main/montage/montagePlan';
import { X264_SETTINGS, type X264Settings } from '../src/main/montage/videoEncoder';
import { buildVideoSegmentArgs } from '../src/main/montage/videoSegmentArgs';
import { DEFAULT_LAYOUT, mergeLayout } from '../src/shared/domain/layout';
import type { TakeEvent } from '../src/shared/domain/take';
import { computeLayoutGeometry, type Rect } from '../src/shared/logic/layoutGeometry';
import { computeGrainTimeline } from '../src/shared/logic/montageTimeline';

const SECONDS = Number(process.env.ENCODER_SWEEP_SECONDS ?? 30);
const SLIDES = 3;
const FRAME = { width: 1920, height: 1080 };

/** The candidates, the current setting first. */
export const CANDIDATES: X264Settings[] = [
  { preset: 'ultrafast', crf: 23, keyintFrames: 250, tune: null, cameraQpOffset: 0, cameraDenoise: false },
  { preset: 'ultrafast', crf: 26, keyintFrames: 250, tune: null, cameraQpOffset: 0, cameraDenoise: false },
  { preset: 'ultrafast', crf: 23, keyintFrames: 250, tune: null, cameraQpOffset: 0, cameraDenoise: true },
  { preset: 'ultrafast', crf: 23, keyintFrames: 250, tune: null, cameraQpOffset: 6, cameraDenoise: false },
  { preset: 'ultrafast', crf: 23, keyintFrames: 250, tune: null, cameraQpOffset: 6, cameraDenoise: true },
  { preset: 'ultrafast', crf: 25, keyintFrames: 500, tune: null, cameraQpOffset: 6, cameraDenoise: true },
  { preset: 'superfast', crf: 23, keyintFrames: 250, tune: null, cameraQpOffset: 0, cameraDenoise: false },
  { preset: 'superfast', crf: 23, keyintFrames: 250, tune: null, cameraQpOffset: 6, cameraDenoise: true },
  { preset: 'superfast', crf: 23, keyintFrames: 250, tune: 'stillimage', cameraQpOffset: 6, cameraDenoise: true },
  { preset: 'veryfast', crf: 23, keyintFrames: 250, tune: null, cameraQpOffset: 6, cameraDenoise: true },
];

/** CPU seconds used by this process's finished children (Linux /proc/self/stat cutime + cstime). */
export function childCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    // Not Linux: CPU time is reported as unknown.
    return Number.NaN;
  }
}

/** The reference's step 1 + step 2 for one grain (capsule-montage §9: concat demuxer slides, then the PiP at CRF 15). */
export async function polymnyReferenceGrain(slides: readonly string[], boundariesMs: readonly number[], take: string, durationMs: number, work: string, name: string): Promise<string> {
  const lines = ['ffconcat version 1.0'];
  slides.forEach((slide, i) => lines.push(`file ${slide}`, `duration ${boundariesMs[i + 1]! - 1 - boundariesMs[i]!}ms`));
  if (slides.length === 1) lines.push(`file ${slides[0]}`);
  const list = path.join(work, `${name}-slides.txt`);
  writeFileSync(list, `${lines.join('\n')}\n`);
  const slidesMp4 = path.join(work, `${name}-slides.mp4`);
  await runFfmpeg(['-nostdin', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-movflags', '+faststart', '-fps_mode', 'cfr', '-pix_fmt', 'yuv420p', '-s', 'hd1080', '-r', '25', slidesMp4]);
  const out = path.join(work, `${name}.mp4`);
  await runFfmpeg([
    '-nostdin',
    '-y',
    '-fflags',
    '+genpts',
    '-i',
    slidesMp4,
    '-i',
    take,
    '-filter_complex',
    '[0]scale=1920:1080[slide];[1]null,scale=533:-1,format=argb,colorchannelmixer=aa=1[record];[slide][record]overlay=4:H-h-4,null,fps=fps=25[vout]',
    '-map',
    '[vout]',
    '-map',
    '1:a',
    '-t',
    `${durationMs}ms`,
    '-movflags',
    '+faststart',
    '-fps_mode',
    'cfr',
    '-pix_fmt',
    'yuv420p',
    '-c:v',
    'libx264',
    '-crf',
    '15',
    '-c:a',
    'aac',
    '-ar',
    '48000',
    '-ac',
    '2',
    '-b:a',
    '128k',
    '-s',
    'hd1080',
    out,
  ]);
  return out;
}

/** The reference generator's take (capsule-montage §9.1): testsrc2 720p30 with temporal noise, VP8 ≈ 3 Mb/s, Opus. */
export async function generateTake(file: string, seconds: number): Promise<void> {
  if (existsSync(file)) return;
  await runFfmpeg([
    '-nostdin',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=1280x720:rate=30',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=220:sample_rate=48000',
    '-t',
    String(seconds),
    '-vf',
    'noise=alls=12:allf=t',
    '-c:v',
    'libvpx',
    '-b:v',
    '3M',
    '-deadline',
    'realtime',
    '-cpu-used',
    '8',
    '-c:a',
    'libopus',
    '-b:a',
    '128k',
    '-ac',
    '2',
    '-f',
    'webm',
    `${file}.part`,
  ]);
  renameSync(`${file}.part`, file);
}

/** A text slide like a lecture's: white page, coloured title band, two lines of text. */
export async function generateSlide(file: string, index: number): Promise<void> {
  if (existsSync(file)) return;
  await runFfmpeg([
    '-nostdin',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `color=c=white:s=1920x1080,drawbox=x=0:y=0:w=iw:h=140:c=0x${(0x204060 + index * 0x050301).toString(16)}:t=fill,drawtext=text='Slide ${index + 1}':fontsize=80:x=80:y=30:fontcolor=white,drawtext=text='Une onde transporte de l energie sans transporter de matiere.':fontsize=44:x=80:y=260,drawtext=text='A wave carries energy without carrying matter.':fontsize=44:x=80:y=340:fontcolor=0x555555`,
    '-frames:v',
    '1',
    file,
  ]);
}

/** The reference's default PiP (533 px wide, 4 px from the bottom-left corner) in the studio's layout terms. */
export const REFERENCE_PIP = { ...DEFAULT_LAYOUT.pip, corner: 'bottom_left' as const, size: 'custom' as const, customWidth: 533 / 1920, offset: 4 / 1920, placement: 'manual' as const };

function grainPlan(slides: readonly string[], take: string, events: TakeEvent[], durationMs: number): GrainPlan {
  const layout = mergeLayout(DEFAULT_LAYOUT, { mode: 'pip', pip: REFERENCE_PIP });
  const timeline = computeGrainTimeline({ slides: slides.map(() => ({ prompt: '', extraDurationMs: null })), take: { durationMs, events } });
  const size = { width: 1920, height: 1080 };
  return {
    grainId: 'sweep',
    index: 0,
    label: 'grain 1',
    undecided: false,
    slides: slides.map((imagePath, i) => ({ slideId: `s${i}`, imagePath, extraVideoPath: null, size, extraHasAudio: false, title: `Slide ${i + 1}` })),
    take: { takeId: 't', path: take, durationMs, video: { width: 1280, height: 720 }, hasAudio: true, events },
    timeline,
    layout,
    geometry: computeLayoutGeometry(layout, FRAME, { width: 1280, height: 720 }, size),
    startMs: 0,
    isFirst: true,
    isLast: true,
    fadeInMs: 0,
    fadeOutMs: 0,
    denoise: false,
    music: null,
    capsuleDurationMs: durationMs,
  };
}

/** A stretch of the videos to compare (seconds), or all of them. */
export interface Window {
  atSec: number;
  seconds: number;
}

/** Mean SSIM of one rectangle of two videos (the frames are cropped alike, even sizes for 4:2:0). */
async function ssimOf(a: string, b: string, rect: Rect, work: string, window?: Window): Promise<number> {
  const even = (n: number) => n - (n % 2);
  const crop = `crop=${even(rect.width)}:${even(rect.height)}:${even(rect.x)}:${even(rect.y)}`;
  const stats = path.join(work, `ssim-${Math.random().toString(36).slice(2)}.log`);
  const cut = window ? ['-ss', String(window.atSec), '-t', String(window.seconds)] : [];
  await runFfmpegCapture([...cut, '-i', a, ...cut, '-i', b, '-lavfi', `[0:v]${crop}[a];[1:v]${crop}[b];[a][b]ssim=stats_file=${stats}`, '-f', 'null', '-']);
  const values = readFileSync(stats, 'utf8')
    .split('\n')
    .map((line) => Number(/All:([\d.]+)/.exec(line)?.[1]))
    .filter((v) => Number.isFinite(v));
  rmSync(stats, { force: true });
  return values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
}

/** SSIM of everything but the camera: the slide above it and beside it, weighted by area. */
export async function slideAreaSsim(a: string, b: string, camera: Rect, work: string, window?: Window): Promise<number> {
  const above: Rect = { x: 0, y: 0, width: FRAME.width, height: camera.y };
  const besideX = camera.x + camera.width + 2;
  const beside: Rect = { x: besideX, y: camera.y, width: FRAME.width - besideX, height: FRAME.height - camera.y };
  const [top, right] = [await ssimOf(a, b, above, work, window), await ssimOf(a, b, beside, work, window)];
  const wa = above.width * above.height;
  const wb = beside.width * beside.height;
  return (top * wa + right * wb) / (wa + wb);
}

async function videoBytes(file: string): Promise<number> {
  return statSync(file).size;
}

function describe(settings: X264Settings): string {
  return `${settings.preset}, CRF ${settings.crf}, keyint ${settings.keyintFrames}${settings.tune ? `, tune ${settings.tune}` : ''}${settings.cameraQpOffset ? `, camera +${settings.cameraQpOffset} QP` : ''}${settings.cameraDenoise ? ', camera denoised' : ''}`;
}

export async function runEncoderSweep(): Promise<string> {
  const { version } = await ffmpegBinaries();
  const loadStart = os.loadavg()[0]!;
  const dir = path.join(os.tmpdir(), `capsule-bench-encoder-sweep-${SECONDS}s`);
  const work = path.join(dir, `run-${Date.now()}`);
  mkdirSync(work, { recursive: true });
  try {
    const durationMs = SECONDS * 1000;
    const take = path.join(dir, 'take.webm');
    await generateTake(take, SECONDS);
    const slides: string[] = [];
    for (let i = 0; i < SLIDES; i += 1) {
      const file = path.join(dir, `slide-${i + 1}.png`);
      await generateSlide(file, i);
      slides.push(file);
    }
    const boundaries = Array.from({ length: SLIDES + 1 }, (_, i) => Math.round((durationMs * i) / SLIDES));
    const events: TakeEvent[] = [{ type: 'start', atMs: 0, slideIndex: 0, sentenceIndex: 0 }];
    for (let s = 1; s < SLIDES; s += 1) events.push({ type: 'next_slide', atMs: boundaries[s]!, slideIndex: s, sentenceIndex: 0 });
    events.push({ type: 'end', atMs: durationMs, slideIndex: SLIDES - 1, sentenceIndex: 0 });
    const grain = grainPlan(slides, take, events, durationMs);
    const camera = grain.geometry.camera!;

    process.stderr.write('encoder sweep: reference grain…\n');
    let cpu = childCpuSeconds();
    const reference = await polymnyReferenceGrain(slides, boundaries, take, durationMs, work, 'reference');
    const referenceCpu = childCpuSeconds() - cpu;
    // The reference's video alone (its audio is AAC 128k; ours is encoded separately).
    const referenceVideo = path.join(work, 'reference-video.mp4');
    await runFfmpeg(['-nostdin', '-y', '-i', reference, '-map', '0:v', '-c', 'copy', referenceVideo]);
    const refBytes = await videoBytes(referenceVideo);

    const rows: string[] = [];
    for (const settings of CANDIDATES) {
      process.stderr.write(`encoder sweep: ${describe(settings)}…\n`);
      const out = path.join(work, 'candidate.mp4');
      const { args } = buildVideoSegmentArgs(grain, { ...FRAME, fps: 25 }, { name: 'libx264' }, out, { threads: 1, x264: settings });
      cpu = childCpuSeconds();
      await runFfmpeg(args, { label: 'the encoder sweep' });
      const encodeCpu = childCpuSeconds() - cpu;
      const bytes = await videoBytes(out);
      const slideSsim = await slideAreaSsim(out, reference, camera, work);
      const cameraSsim = await ssimOf(out, reference, { x: camera.x, y: camera.y, width: camera.width, height: camera.height }, work);
      const current = JSON.stringify(settings) === JSON.stringify(X264_SETTINGS) ? ' (the studio’s setting)' : '';
      rows.push(`| ${describe(settings)}${current} | ${(bytes / 1e6).toFixed(2)} MB | ${(bytes / refBytes).toFixed(2)}× | ${slideSsim.toFixed(4)} | ${cameraSsim.toFixed(4)} | ${encodeCpu.toFixed(1)} s | ${(encodeCpu / SECONDS).toFixed(3)} |`);
      process.stderr.write(`${rows[rows.length - 1]}\n`);
      rmSync(out, { force: true });
    }
    return [
      `Grain: ${SLIDES} generated text slides over ${SECONDS} s with the reference generator's noisy 1280×720 30 fps VP8 take in the reference's default PiP (533×300 at 4 px from the bottom-left corner), 1920×1080 25 fps. Each candidate is the engine's own video segment command (\`buildVideoSegmentArgs\`, one thread, the same filter graph) with the setting changed; the reference is Polymny 2.0's two steps on the same files (x264 medium CRF 23 slides, then medium CRF 15 overlay: ${(refBytes / 1e6).toFixed(2)} MB of video, ${referenceCpu.toFixed(1)} s CPU). FFmpeg ${version}; load average ${loadStart.toFixed(1)} at the start (CPU seconds are the comparable part; wall time is not shown).`,
      '',
      '| x264 setting | video size | size / reference video | SSIM slide area vs reference | SSIM camera vs reference | encode CPU | CPU s per media s |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...rows,
    ].join('\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
