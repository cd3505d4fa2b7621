// Runs in Node (main side), pure. FFmpeg arguments of one grain's AUDIO segment: the take's voice
// (trimmed, denoised, always stereo 48 kHz), or the extra videos' sound when there is no take,
// background music looped and ducked under the voice, and two-pass EBU R128 loudness normalisation.
// Mixing uses amix with normalize=0 (no -6 dB) and never amerge (which gives 4 channels).
import { LOUDNESS_TARGET } from '../../shared/domain/montage';
import { StudioError } from '../../shared/errors';
import type { GrainPlan } from './montagePlan';
import { seconds } from './videoSegmentArgs';

export interface LoudnessMeasurement {
  inputI: number;
  inputTp: number;
  inputLra: number;
  inputThresh: number;
  targetOffset: number;
}

const STEREO_48K = 'aresample=48000,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo';

/** The grain's audio before loudness normalisation, ending in [mix]; null when the grain is silent. */
export function audioGraph(grain: GrainPlan): { inputs: string[]; filters: string[]; silent: boolean } {
  const duration = seconds(grain.timeline.durationMs);
  const inputs: string[] = [];
  const filters: string[] = [];
  let index = 0;
  let voice: string | null = null;

  if (grain.take) {
    if (!grain.take.hasAudio) throw new StudioError('TAKE_NO_AUDIO', `The take of ${grain.label} has no sound: record it again or check the microphone.`, { grainId: grain.grainId });
    inputs.push('-ss', seconds(grain.timeline.takeOffsetMs), '-t', seconds(grain.timeline.durationMs + 200), '-i', grain.take.path);
    // Light FFT denoise: laptop fans and room hiss, without the underwater sound of stronger settings.
    // Before the upmix to stereo: a microphone recorded in mono is denoised once, not twice.
    const chain = grain.denoise ? ['aresample=48000', 'afftdn=nr=12:nf=-50:tn=1', STEREO_48K] : [STEREO_48K];
    chain.push('apad', `atrim=end=${duration}`, 'asetpts=PTS-STARTPTS');
    filters.push(`[${index}:a]${chain.join(',')}[voice]`);
    index += 1;
    voice = 'voice';
  } else if (grain.slides.some((slide) => slide.extraVideoPath && slide.extraHasAudio)) {
    // No take: each extra video speaks for itself, images are silent.
    const pieces: string[] = [];
    grain.timeline.spans.forEach((span, j) => {
      const slide = grain.slides[span.slideIndex]!;
      const length = seconds(span.endMs - span.startMs);
      if (slide.extraVideoPath && slide.extraHasAudio) {
        inputs.push('-i', slide.extraVideoPath);
        filters.push(`[${index}:a]${STEREO_48K},apad,atrim=end=${length},asetpts=PTS-STARTPTS[x${j}]`);
        index += 1;
      } else {
        filters.push(`anullsrc=r=48000:cl=stereo,atrim=end=${length},aformat=sample_fmts=fltp[x${j}]`);
      }
      pieces.push(`[x${j}]`);
    });
    filters.push(pieces.length === 1 ? `${pieces[0]}anull[voice]` : `${pieces.join('')}concat=n=${pieces.length}:v=0:a=1[voice]`);
    voice = 'voice';
  }

  if (grain.music) {
    const music = grain.music;
    const offset = grain.startMs % music.durationMs;
    inputs.push('-stream_loop', '-1', '-ss', seconds(offset), '-i', music.path);
    const chain = [STEREO_48K, `atrim=end=${duration}`, 'asetpts=PTS-STARTPTS', `volume=${music.volume.toFixed(3)}`];
    if (grain.isFirst) chain.push('afade=t=in:st=0:d=1');
    if (grain.isLast) chain.push(`afade=t=out:st=${seconds(Math.max(0, grain.timeline.durationMs - 1500))}:d=1.5`);
    filters.push(`[${index}:a]${chain.join(',')}[music]`);
    index += 1;
    if (voice) {
      if (music.duck) {
        filters.push(`[${voice}]asplit=2[vmix][vkey]`, '[music][vkey]sidechaincompress=threshold=0.02:ratio=8:attack=20:release=400:makeup=1[ducked]');
        filters.push('[vmix][ducked]amix=inputs=2:duration=first:normalize=0[mix]');
      } else {
        filters.push(`[${voice}][music]amix=inputs=2:duration=first:normalize=0[mix]`);
      }
    } else {
      filters.push('[music]anull[mix]');
    }
    return { inputs, filters, silent: false };
  }
  if (voice) {
    filters.push(`[${voice}]anull[mix]`);
    return { inputs, filters, silent: false };
  }
  filters.push(`anullsrc=r=48000:cl=stereo,atrim=end=${duration},aformat=sample_fmts=fltp[mix]`);
  return { inputs, filters, silent: true };
}

/**
 * Pass 1: measure the grain's loudness (EBU R128: integrated, its gate threshold, range, true peak)
 * with the ebur128 filter: the same figures as loudnorm's analysis at ~40 % of its CPU and half its
 * memory (loudnorm works at 192 kHz). The summary is printed on stderr at the `info` level.
 */
export function buildLoudnessMeasureArgs(grain: GrainPlan, preparedFile?: string): string[] | null {
  const graph = audioGraph(grain);
  if (graph.silent) return null;
  if (!preparedFile) return ['-nostdin', ...graph.inputs, '-filter_complex', [...graph.filters, '[mix]ebur128=peak=true:framelog=verbose[out]'].join(';'), '-map', '[out]', '-f', 'null', '-'];
  // The mix is also written as it was measured (16-bit PCM), so pass 2 neither decodes nor denoises it
  // again; 16 bits also end the denormal floats the denoiser leaves, which slow the AAC encoder
  // (as in BBB meetings: MEETING_AUDIO_CHAIN in bbb/presentation/composeArgs.ts).
  return [
    '-nostdin',
    '-y',
    ...graph.inputs,
    '-filter_complex',
    [...graph.filters, '[mix]asplit=2[measure][keep]', '[measure]ebur128=peak=true:framelog=verbose[out]'].join(';'),
    '-map',
    '[out]',
    '-f',
    'null',
    '-',
    '-map',
    '[keep]',
    '-c:a',
    'pcm_s16le',
    '-f',
    'wav',
    preparedFile,
  ];
}

/** Parses ebur128's final summary (Integrated loudness, Loudness range, True peak). */
export function parseEbur128Summary(stderr: string): LoudnessMeasurement {
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const integrated = /Integrated loudness:\s*I:\s*(-?[\d.]+|-inf)\s*LUFS\s*Threshold:\s*(-?[\d.]+|-inf)\s*LUFS/.exec(summary);
  const range = /Loudness range:\s*LRA:\s*(-?[\d.]+)\s*LU/.exec(summary);
  const peak = /True peak:\s*Peak:\s*(-?[\d.]+|-inf)\s*dBFS/.exec(summary);
  if (!integrated || !range || !peak) throw new StudioError('LOUDNESS_MEASURE_FAILED', 'FFmpeg did not report the loudness measurement.');
  const num = (text: string) => (text === '-inf' ? -Infinity : Number.parseFloat(text));
  return { inputI: num(integrated[1]!), inputThresh: num(integrated[2]!), inputLra: num(range[1]!), inputTp: num(peak[1]!), targetOffset: 0 };
}

/** Parses the JSON block loudnorm prints (kept for measurements made by loudnorm elsewhere). */
export function parseLoudnormJson(stderr: string): LoudnessMeasurement {
  const start = stderr.lastIndexOf('{');
  const end = stderr.lastIndexOf('}');
  if (start < 0 || end < start) throw new StudioError('LOUDNESS_MEASURE_FAILED', 'FFmpeg did not report the loudness measurement.');
  const data = JSON.parse(stderr.slice(start, end + 1)) as Record<string, string>;
  const num = (key: string) => Number.parseFloat(data[key] ?? 'NaN');
  return { inputI: num('input_i'), inputTp: num('input_tp'), inputLra: num('input_lra'), inputThresh: num('input_thresh'), targetOffset: num('target_offset') };
}

/** A measurement below the absolute gate is silence: normalising it would only raise noise. */
export function isMeasurable(m: LoudnessMeasurement | null): m is LoudnessMeasurement {
  return m !== null && Number.isFinite(m.inputI) && m.inputI > -70 && Number.isFinite(m.inputTp) && Number.isFinite(m.inputThresh) && Number.isFinite(m.inputLra);
}

/**
 * Pass 2's filter. When one constant gain reaches the target without pushing the true peak over the
 * ceiling, that gain is all loudnorm's linear mode would apply: a plain `volume` does it for a
 * fraction of the CPU (loudnorm resamples to 192 kHz). Otherwise loudnorm limits dynamically.
 */
export function normalisationFilter(m: LoudnessMeasurement): string {
  const t = LOUDNESS_TARGET;
  const gain = t.integratedLufs - m.inputI;
  // 0.5 dB of margin: AAC encoding can raise inter-sample peaks slightly.
  if (m.inputTp + gain <= t.truePeakDbtp - 0.5) return `volume=${gain.toFixed(2)}dB`;
  return `loudnorm=I=${t.integratedLufs}:TP=${t.truePeakDbtp}:LRA=${t.lra}:measured_I=${m.inputI}:measured_TP=${m.inputTp}:measured_LRA=${m.inputLra}:measured_thresh=${m.inputThresh}:offset=${m.targetOffset || 0}:linear=true`;
}

/** Pass 2: apply the measured normalisation (linear when possible), fades, encode AAC stereo 48 kHz. */
export function buildAudioSegmentArgs(grain: GrainPlan, measurement: LoudnessMeasurement | null, outFile: string, preparedFile?: string | null): { args: string[]; durationSec: number } {
  // From pass 1's mix when there is one (see buildLoudnessMeasureArgs), else the grain's sources again.
  const graph = preparedFile ? { inputs: ['-i', preparedFile], filters: ['[0:a]anull[mix]'] } : audioGraph(grain);
  const chain: string[] = [];
  if (isMeasurable(measurement)) chain.push(normalisationFilter(measurement));
  // loudnorm works at 192 kHz: come back to 48 kHz stereo, then cut exactly at the grain's end.
  chain.push(STEREO_48K);
  if (grain.fadeInMs > 0) chain.push(`afade=t=in:st=0:d=${seconds(grain.fadeInMs)}`);
  if (grain.fadeOutMs > 0) chain.push(`afade=t=out:st=${seconds(grain.timeline.durationMs - grain.fadeOutMs)}:d=${seconds(grain.fadeOutMs)}`);
  chain.push('apad', `atrim=end=${seconds(grain.timeline.durationMs)}`);
  const args = [
    '-nostdin',
    '-y',
    ...graph.inputs,
    '-filter_complex',
    [...graph.filters, `[mix]${chain.join(',')}[aout]`].join(';'),
    '-map',
    '[aout]',
    '-vn',
    '-c:a',
    'aac',
    // FFmpeg's fast AAC coder (https://ffmpeg.org/ffmpeg-codecs.html#aac): 40 % less CPU than the default
    // two-loop search on 150 s of a take's sound (1.35 s against 2.28 s), a file no bigger, and no less
    // faithful (signal-to-distortion 117 dB against 97 dB on a tone, 91 against 57 on a synthesised voice).
    '-aac_coder',
    'fast',
    // A voice: 128 kb/s stereo AAC, the reference's rate (the file is uploaded, often from home).
    '-b:a',
    '128k',
    '-ar',
    '48000',
    '-ac',
    '2',
    '-f',
    'mp4',
    outFile,
  ];
  return { args, durationSec: grain.timeline.durationMs / 1000 };
}
