// Runs in Node (benchmarks). Chooses the montage's x264 settings by measurement: one grain (3 slides
// + a noisy 720p webcam in the reference's default PiP) encoded by the engine's own argument builder
// with each candidate setting, against the reference pipeline's output (Polymny 2.0's two steps, see
// montage.bench.ts) from the same inputs: size, CPU, and SSIM of the slide area and of the camera.
// `npm run bench "Encoder settings"`; ENCODER_SWEEP_SECONDS sets the grain's length (default 30).
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ffmpegBinaries, runFfmpeg, runFfmpegCapture } from '../src/main/ffmpeg/ffmpeg';
import type { GrainPlan } from '../src/main/montage/montagePlan';
import { X264_SETTINGS, type X264Settings } from '../src/main/montage/videoEncoder';
import { buildVideoSegmentArgs } from '../src/main/montage/videoSegmentArgs';
import { DEFAULT_LAYOUT, mergeLayout } from '../src/shared/domain/layout';
import type { TakeEvent } from '../src/shared/domain/take';
import type { Rect } from '../src/shared/logic/layoutGeometry';
import { computeGrainTimeline } from '../src/shared/logic/montageTimeline';
import { grainPlanOf, plannedSlides } from '../tests/support/grainPlans';

const execFileAsync = promisify(execFile);
const SECONDS = Number(process.env.ENCODER_SWEEP_SECONDS ?? 30);
const SLIDES = 3;
const FRAME = { width: 1920, height: 1080 };

const UF = { preset: 'ultrafast', keyintFrames: 250, tune: null, cameraDenoise: false } as const;

/** The candidates, the current setting first. */
export const CANDIDATES: X264Settings[] = [
  X264_SETTINGS,
  { ...UF, rate: { mode: 'crf', crf: 23 }, cameraQpOffset: 6 },
  { ...UF, rate: { mode: 'crf', crf: 23 }, cameraQpOffset: 0 },
  { ...UF, rate: { mode: 'crf', crf: 23 }, cameraQpOffset: 0, cameraDenoise: true },
  { ...UF, rate: { mode: 'cqp', qp: 24, ipRatio: 1.4 }, cameraQpOffset: 0 },
  { ...UF, rate: { mode: 'cqp', qp: 26, ipRatio: 1.4 }, cameraQpOffset: 0 },
  { ...UF, rate: { mode: 'cqp', qp: 26, ipRatio: 1.8 }, cameraQpOffset: 0 },
  { ...UF, rate: { mode: 'cqp', qp: 26, ipRatio: 2.0 }, cameraQpOffset: 0 },
  { ...UF, rate: { mode: 'cqp', qp: 28, ipRatio: 2.0 }, cameraQpOffset: 0 },
  { ...UF, rate: { mode: 'cqp', qp: 26, ipRatio: 1.8 }, cameraQpOffset: 0, cameraDenoise: true },
  { ...UF, preset: 'superfast', rate: { mode: 'cqp', qp: 26, ipRatio: 1.8 }, cameraQpOffset: 0 },
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
  return grainPlanOf({
    grainId: 'sweep',
    slides: plannedSlides(slides.map((_, i) => `s${i}`)).map((slide, i) => ({ ...slide, imagePath: slides[i]!, title: `Slide ${i + 1}` })),
    take: { takeId: 't', path: take, durationMs, video: { width: 1280, height: 720 }, hasAudio: true, events },
    timeline,
    layout,
    frame: FRAME,
  });
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

export function describeX264(settings: X264Settings): string {
  const rate = settings.rate.mode === 'crf' ? `CRF ${settings.rate.crf}` : `constant QP ${settings.rate.qp} (key frames ÷ ${settings.rate.ipRatio})`;
  return `${settings.preset}, ${rate}, keyint ${settings.keyintFrames}${settings.tune ? `, tune ${settings.tune}` : ''}${settings.cameraQpOffset ? `, camera +${settings.cameraQpOffset} QP` : ''}${settings.cameraDenoise ? ', camera denoised' : ''}`;
}

/** PSNR (dB) of the slide area (above and beside the camera), from the mean squared error of both parts. */
async function slideAreaPsnr(a: string, b: string, camera: Rect): Promise<number> {
  const even = (n: number) => n - (n % 2);
  const besideX = even(camera.x + camera.width + 2);
  const parts: Rect[] = [
    { x: 0, y: 0, width: FRAME.width, height: even(camera.y) },
    { x: besideX, y: even(camera.y), width: FRAME.width - besideX, height: FRAME.height - even(camera.y) },
  ];
  let weightedMse = 0;
  let area = 0;
  for (const rect of parts) {
    const crop = `crop=${even(rect.width)}:${even(rect.height)}:${rect.x}:${rect.y}`;
    const { stderr } = await runFfmpegCapture(['-i', a, '-i', b, '-lavfi', `[0:v]${crop}[a];[1:v]${crop}[b];[a][b]psnr`, '-f', 'null', '-']);
    // The summary gives the mean PSNR of the planes (average:), turned back into a squared error to weight the parts.
    const db = /average:([\d.]+|inf)/.exec(stderr.slice(stderr.lastIndexOf('PSNR')))?.[1];
    if (db === undefined) throw new Error(`no PSNR summary for ${a}`);
    const mse = db === 'inf' ? 0 : (255 * 255) / 10 ** (Number(db) / 10);
    weightedMse += mse * rect.width * rect.height;
    area += rect.width * rect.height;
  }
  const mse = weightedMse / area;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

/** Lecture slides from the repository's fixtures, rendered at 1080p and centred on white (16:9). */
async function lectureSlides(dir: string): Promise<string[]> {
  const pdfs = path.join(import.meta.dirname, '..', 'tests', 'fixtures', 'pdf');
  const pages = [
    { pdf: 'beamer-16x9-de_klingtnet-presentation169.pdf', page: 12 },
    { pdf: 'impress-export-fr_notion-objet.pdf', page: 8 },
    { pdf: 'impress-export-fr_notion-objet.pdf', page: 12 },
  ];
  const files: string[] = [];
  for (const [i, { pdf, page }] of pages.entries()) {
    const file = path.join(dir, `lecture-${i + 1}.png`);
    if (!existsSync(file)) {
      const prefix = path.join(dir, `lecture-${i + 1}-raw`);
      await execFileAsync('pdftoppm', ['-png', '-singlefile', '-f', String(page), '-l', String(page), '-scale-to-x', '-1', '-scale-to-y', '1080', path.join(pdfs, pdf), prefix]);
      await runFfmpeg(['-nostdin', '-y', '-i', `${prefix}.png`, '-vf', 'scale=1920:1080:force_original_aspect_ratio=decrease,pad=1920:1080:(ow-iw)/2:(oh-ih)/2:color=white', '-frames:v', '1', file]);
    }
    files.push(file);
  }
  return files;
}

interface SlideSet {
  name: string;
  slides: string[];
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
    const generated: string[] = [];
    for (let i = 0; i < SLIDES; i += 1) {
      const file = path.join(dir, `slide-${i + 1}.png`);
      await generateSlide(file, i);
      generated.push(file);
    }
    const sets: SlideSet[] = [
      { name: 'generated text slides', slides: generated },
      { name: 'lecture pages (fixtures: a Beamer table, a line drawing, code with pictures)', slides: await lectureSlides(dir) },
    ];
    // Slide changes off the key-frame grid (at 13 s and 21 s of 30), so a new slide is first coded in a P frame.
    const boundaries = [0, Math.round(durationMs * 0.43), Math.round(durationMs * 0.7), durationMs];
    const events: TakeEvent[] = [{ type: 'start', atMs: 0, slideIndex: 0, sentenceIndex: 0 }];
    for (let s = 1; s < SLIDES; s += 1) events.push({ type: 'next_slide', atMs: boundaries[s]!, slideIndex: s, sentenceIndex: 0 });
    events.push({ type: 'end', atMs: durationMs, slideIndex: SLIDES - 1, sentenceIndex: 0 });

    const tables: string[] = [];
    for (const set of sets) {
      const grain = grainPlan(set.slides, take, events, durationMs);
      const camera = grain.geometry.camera!;
      process.stderr.write(`encoder sweep (${set.name}): reference grain…\n`);
      let cpu = childCpuSeconds();
      const reference = await polymnyReferenceGrain(set.slides, boundaries, take, durationMs, work, 'reference');
      const referenceCpu = childCpuSeconds() - cpu;
      // The reference's video alone (its audio is AAC 128k; ours is encoded separately).
      const referenceVideo = path.join(work, 'reference-video.mp4');
      await runFfmpeg(['-nostdin', '-y', '-i', reference, '-map', '0:v', '-c', 'copy', referenceVideo]);
      const refBytes = await videoBytes(referenceVideo);
      const source = path.join(work, 'source.mkv');
      // The graph's own frames, kept losslessly (FFV1), to measure each candidate against its source.
      const graph = buildVideoSegmentArgs(grain, { ...FRAME, fps: 25 }, { name: 'libx264' }, source, { threads: 1 }).args;
      await runFfmpeg([...graph.slice(0, graph.indexOf('-c:v')), '-c:v', 'ffv1', '-f', 'matroska', source], { label: 'the encoder sweep' });

      const rows: string[] = [];
      for (const settings of CANDIDATES) {
        process.stderr.write(`encoder sweep (${set.name}): ${describeX264(settings)}…\n`);
        const out = path.join(work, 'candidate.mp4');
        const { args } = buildVideoSegmentArgs(grain, { ...FRAME, fps: 25 }, { name: 'libx264' }, out, { threads: 1, x264: settings });
        cpu = childCpuSeconds();
        await runFfmpeg(args, { label: 'the encoder sweep' });
        const encodeCpu = childCpuSeconds() - cpu;
        const bytes = await videoBytes(out);
        const slideSsim = await slideAreaSsim(out, reference, camera, work);
        const slidePsnr = await slideAreaPsnr(out, source, camera);
        const cameraSsim = await ssimOf(out, reference, { x: camera.x, y: camera.y, width: camera.width, height: camera.height }, work);
        const current = settings === X264_SETTINGS ? ' (the studio’s setting)' : '';
        rows.push(`| ${describeX264(settings)}${current} | ${(bytes / 1e6).toFixed(2)} MB | ${(bytes / refBytes).toFixed(2)}× | ${slideSsim.toFixed(4)} | ${slidePsnr.toFixed(1)} dB | ${cameraSsim.toFixed(4)} | ${encodeCpu.toFixed(1)} s | ${(encodeCpu / SECONDS).toFixed(3)} |`);
        process.stderr.write(`${rows[rows.length - 1]}\n`);
        rmSync(out, { force: true });
      }
      const referencePsnr = await slideAreaPsnr(referenceVideo, source, camera);
      tables.push(
        [
          `**${set.name[0]!.toUpperCase()}${set.name.slice(1)}.** Reference: ${(refBytes / 1e6).toFixed(2)} MB of video, ${referenceCpu.toFixed(1)} s CPU, slide area ${referencePsnr.toFixed(1)} dB against the source.`,
          '',
          '| x264 setting | video size | size / reference video | SSIM slide area vs reference | PSNR slide area vs source | SSIM camera vs reference | encode CPU | CPU s per media s |',
          '|---|---:|---:|---:|---:|---:|---:|---:|',
          ...rows,
        ].join('\n'),
      );
      rmSync(source, { force: true });
    }
    return [
      `Grain: ${SLIDES} slides over ${SECONDS} s (changes at 13 s and 21 s, off the key-frame grid) with the reference generator's noisy 1280×720 30 fps VP8 take in the reference's default PiP (533×300 at 4 px from the bottom-left corner), 1920×1080 25 fps; two slide sets. Each candidate is the engine's own video segment command (\`buildVideoSegmentArgs\`, one thread, the same filter graph) with the setting changed; the reference is Polymny 2.0's two steps on the same files (x264 medium CRF 23 slides, then medium CRF 15 overlay). "Source" is the same graph encoded losslessly (FFV1): the frames before any loss. FFmpeg ${version}; load average ${loadStart.toFixed(1)} at the start (CPU seconds are the comparable part; wall time is not shown).`,
      '',
      tables.join('\n\n'),
    ].join('\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
