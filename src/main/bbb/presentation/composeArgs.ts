// Runs in Node (main side; pure). FFmpeg arguments of the one final encode (https://trac.ffmpeg.org/wiki/Slideshow): the state images
// joined by the concat demuxer with exact durations (VFR), brought to constant rate once, the webcams
// and the deskshare segments overlaid with explicit timestamps, the meeting audio, chapters.
import { buildFfmetadata, quoteConcatPath } from '../../ffmpeg/ffmpegText';
import type { FrameLayout } from './frameLayout';
import type { Chapter } from './stateTimeline';

export interface ConcatEntry {
  file: string;
  durationSec: number;
}

/** An ffconcat list. The concat demuxer ignores the last entry's duration, so the last file is repeated (https://trac.ffmpeg.org/wiki/Slideshow). */
export function buildConcatList(entries: readonly ConcatEntry[]): string {
  const lines = ['ffconcat version 1.0'];
  for (const entry of entries) {
    lines.push(`file ${quoteConcatPath(entry.file)}`, `duration ${entry.durationSec.toFixed(3)}`);
  }
  const last = entries[entries.length - 1];
  if (last) lines.push(`file ${quoteConcatPath(last.file)}`);
  return `${lines.join('\n')}\n`;
}

/** FFmpeg's ffmetadata chapters: each ends where the next starts, the last at the recording's end. */
export function buildChaptersMetadata(chapters: readonly Chapter[], durationSec: number, title: string): string {
  return buildFfmetadata(
    title,
    chapters.map((chapter, index) => {
      const end = index + 1 < chapters.length ? chapters[index + 1]!.startSec : durationSec;
      const startMs = Math.round(chapter.startSec * 1000);
      return { startMs, endMs: Math.max(startMs + 1, Math.round(end * 1000)), title: chapter.title };
    }),
  );
}

const ISO_639_2: Record<string, string> = {
  fr: 'fre', en: 'eng', de: 'ger', es: 'spa', it: 'ita', pt: 'por', nl: 'dut', ca: 'cat', eu: 'baq', br: 'bre', oc: 'oci', co: 'cos',
  ar: 'ara', zh: 'chi', ja: 'jpn', ko: 'kor', ru: 'rus', pl: 'pol', uk: 'ukr', ro: 'rum', el: 'gre', tr: 'tur', sv: 'swe', da: 'dan',
  fi: 'fin', no: 'nor', nb: 'nob', cs: 'cze', hu: 'hun', he: 'heb', hi: 'hin', vi: 'vie', id: 'ind', fa: 'per',
};

/** A BCP-47 locale (`fr-FR`) as the ISO 639-2 code MP4 language tags use (`fre`); `und` when unknown. */
export function iso6392(locale: string): string {
  return ISO_639_2[locale.toLowerCase().split(/[-_]/)[0] ?? ''] ?? 'und';
}

/**
 * The meeting audio on its way to the AAC encoder, at 48 kHz and through 16-bit samples. BBB's Opus
 * decodes its silences into denormal floats (millions per hour: pauses, muted microphones), and x86
 * processors compute on denormals many times slower (Intel's microcode assists); FFmpeg's AAC encoder,
 * which runs on the same thread as the filters, took 5.4 s of CPU for 180 s of such audio against 0.45 s
 * for the same samples as 16-bit, which have no denormals (values under 2^-15 become 0, below what
 * BBB's 16-bit capture holds). See https://en.wikipedia.org/wiki/Subnormal_number#Performance_issues.
 */
export const MEETING_AUDIO_CHAIN = 'aresample=48000,aformat=sample_fmts=s16';

export interface ComposeSpec {
  concatFile: string;
  durationSec: number;
  fps: number;
  layout: FrameLayout;
  /** webcams.webm (video + audio) or audio.webm/ogg, on the recording's timeline. */
  media: { file: string; hasVideo: boolean; hasAudio: boolean; audioChannels?: number } | null;
  deskshare: { file: string; intervals: readonly { start: number; end: number }[] } | null;
  chaptersFile: string | null;
  /** WebVTT caption tracks, muxed as mov_text with their ISO 639-2 language. */
  captions?: readonly { file: string; language: string }[];
  output: string;
  preset?: string;
  crf?: number;
}

export function buildComposeArgs(spec: ComposeSpec): string[] {
  const fps = spec.fps;
  const args: string[] = ['-y', '-f', 'concat', '-safe', '0', '-i', spec.concatFile];
  let nextInput = 1;
  const filters: string[] = [];
  // Convert each distinct image once, then duplicate frames: the conversion is not paid per output frame.
  filters.push(`[0:v]format=yuv420p,fps=${fps}:round=near[v0]`);
  let videoLabel = 'v0';
  let step = 1;

  let audioInput: number | null = null;
  if (spec.media) {
    args.push('-i', spec.media.file);
    const index = nextInput++;
    if (spec.media.hasAudio) audioInput = index;
    const cam = spec.layout.webcamArea;
    if (spec.media.hasVideo && cam) {
      // Webcams change every frame: the cheapest good scaler keeps this per-frame cost low.
      filters.push(
        `[${index}:v]scale=${cam.width}:${cam.height}:force_original_aspect_ratio=decrease:force_divisible_by=2:flags=fast_bilinear,pad=${cam.width}:${cam.height}:(ow-iw)/2:(oh-ih)/2:color=black,fps=${fps},format=yuv420p[cam]`,
      );
      filters.push(`[${videoLabel}][cam]overlay=${cam.x}:${cam.y}:eof_action=pass:format=yuv420[v${step}]`);
      videoLabel = `v${step++}`;
    }
  }

  if (spec.deskshare) {
    const area = spec.layout.slideArea;
    for (const interval of spec.deskshare.intervals) {
      const length = Math.max(0.001, interval.end - interval.start);
      // Seek in the input (fast), then put the segment back at its place on the timeline.
      args.push('-ss', interval.start.toFixed(3), '-t', length.toFixed(3), '-i', spec.deskshare.file);
      const index = nextInput++;
      const a = interval.start.toFixed(3);
      const b = interval.end.toFixed(3);
      // Scaled at the shared screen's own rate (5 fps in BBB), before its frames are repeated to the output rate.
      filters.push(
        `[${index}:v]setpts=PTS-STARTPTS+${a}/TB,scale=${area.width}:${area.height}:force_original_aspect_ratio=decrease:force_divisible_by=2,pad=${area.width}:${area.height}:(ow-iw)/2:(oh-ih)/2:color=black,format=yuv420p,fps=${fps}[ds${index}]`,
      );
      filters.push(`[${videoLabel}][ds${index}]overlay=${area.x}:${area.y}:eof_action=pass:format=yuv420:enable='between(t,${a},${b})'[v${step}]`);
      videoLabel = `v${step++}`;
    }
  }

  if (audioInput === null) {
    args.push('-f', 'lavfi', '-t', spec.durationSec.toFixed(3), '-i', 'anullsrc=r=48000:cl=stereo');
    audioInput = nextInput++;
  }
  filters.push(`[${audioInput}:a]${MEETING_AUDIO_CHAIN},apad[aout]`);

  let chaptersInput: number | null = null;
  if (spec.chaptersFile) {
    args.push('-f', 'ffmetadata', '-i', spec.chaptersFile);
    chaptersInput = nextInput++;
  }

  const captionInputs: { index: number; language: string }[] = [];
  for (const caption of spec.captions ?? []) {
    args.push('-i', caption.file);
    captionInputs.push({ index: nextInput++, language: caption.language });
  }

  args.push('-filter_complex', filters.join(';'), '-map', `[${videoLabel}]`, '-map', '[aout]');
  captionInputs.forEach((caption, n) => args.push('-map', `${caption.index}:s`, `-metadata:s:s:${n}`, `language=${caption.language}`));
  if (captionInputs.length > 0) args.push('-c:s', 'mov_text');
  if (chaptersInput !== null) args.push('-map_metadata', String(chaptersInput), '-map_chapters', String(chaptersInput));
  args.push(
    '-c:v', 'libx264',
    '-preset', spec.preset ?? 'ultrafast',
    '-tune', 'stillimage',
    '-crf', String(spec.crf ?? 26),
    '-pix_fmt', 'yuv420p',
    '-r', String(fps),
    '-g', String(Math.round(fps * 10)),
    // BBB's meeting audio is mono: encoding it as stereo doubled the AAC encoder's work (FFmpeg runs it on
    // the same thread as the filters) for the same sound. Stereo sources stay stereo.
    '-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', String(spec.media?.hasAudio && spec.media.audioChannels === 1 ? 1 : 2),
    '-t', spec.durationSec.toFixed(3),
    '-movflags', '+faststart',
    spec.output,
  );
  return args;
}
