// Runs in Node (main side), pure. The H.264 encoders the montage can use and their arguments.
// Every segment of a capsule is encoded with exactly these arguments, so they join with -c copy.

export type VideoEncoderName = 'libx264' | 'h264_vaapi' | 'h264_nvenc' | 'h264_qsv' | 'h264_videotoolbox';

export interface VideoEncoderChoice {
  name: VideoEncoderName;
  /** Render device for VAAPI. */
  device?: string;
}

export const SOFTWARE_ENCODER: VideoEncoderChoice = { name: 'libx264' };

/** Hardware encoders worth trying on a platform, best first; libx264 is always the fallback. */
export function hardwareCandidates(platform: NodeJS.Platform, hasRenderNode: boolean): VideoEncoderChoice[] {
  if (platform === 'darwin') return [{ name: 'h264_videotoolbox' }];
  const list: VideoEncoderChoice[] = [{ name: 'h264_nvenc' }, { name: 'h264_qsv' }];
  if (platform === 'linux' && hasRenderNode) list.push({ name: 'h264_vaapi', device: '/dev/dri/renderD128' });
  return list;
}

/** Arguments placed before the inputs (hardware device set-up). */
export function encoderGlobalArgs(encoder: VideoEncoderChoice): string[] {
  if (encoder.name === 'h264_vaapi') return ['-vaapi_device', encoder.device ?? '/dev/dri/renderD128'];
  return [];
}

/** Filters appended to the video graph to hand frames to the encoder. */
export function encoderUploadFilter(encoder: VideoEncoderChoice): string | null {
  return encoder.name === 'h264_vaapi' ? 'format=nv12,hwupload' : null;
}

/**
 * How x264 picks its quantiser. `crf`: constant rate factor, adapted to each frame's complexity,
 * which needs x264's half-resolution look-ahead frames and (for a region of interest) adaptive
 * quantisation. `cqp`: one quantiser for P frames and a lower one for key frames (`ipRatio`); x264
 * then builds no look-ahead frames and turns adaptive quantisation off, which is a quarter of
 * `ultrafast`'s time on a slide + camera picture (measured: bench/RESULTS.md, "Encoder settings").
 */
export type X264RateControl = { mode: 'crf'; crf: number } | { mode: 'cqp'; qp: number; ipRatio: number };

/** The libx264 settings of every segment (chosen by measurement: bench/encoderSweep.ts, bench/RESULTS.md). */
export interface X264Settings {
  preset: 'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium';
  rate: X264RateControl;
  /** Key-frame interval in frames; long grains are cut into pieces on multiples of it. */
  keyintFrames: number;
  tune: 'stillimage' | null;
  /**
   * Quantiser added inside the camera's rectangle (0: none): the webcam's noise costs bits nobody
   * sees. A region of interest, which x264 reads only in `crf` mode with adaptive quantisation.
   */
  cameraQpOffset: number;
  /** A light temporal denoise of the scaled camera picture (sensor noise is most of its bits). */
  cameraDenoise: boolean;
}

/**
 * Measured on the standard grain (slides + a noisy 720p webcam in the default PiP), with generated
 * and with real lecture slides, against the reference's medium/CRF 15 master and against the
 * graph's lossless frames: see the "Encoder settings" tables in bench/RESULTS.md. A constant
 * quantiser of 25 (key frames at 25 - 6·log2(1.8) ≈ 20, so a slide is sharp from its first key
 * frame on) gave slides and camera at least as good as CRF 23 with the camera +6 QP, in a file of
 * the same size, for 24 % less CPU.
 */
export const X264_SETTINGS: X264Settings = { preset: 'ultrafast', rate: { mode: 'cqp', qp: 25, ipRatio: 1.8 }, keyintFrames: 250, tune: null, cameraQpOffset: 0, cameraDenoise: false };

/** Whether a setting's camera offset really reaches x264 (a region of interest needs `crf`). */
export function usesCameraRoi(x264: X264Settings): boolean {
  return x264.cameraQpOffset !== 0 && x264.rate.mode === 'crf';
}

function rateArgs(x264: X264Settings): string[] {
  if (x264.rate.mode === 'cqp') return ['-qp', String(x264.rate.qp), '-x264-params', `ipratio=${x264.rate.ipRatio}`];
  return [
    '-crf',
    String(x264.rate.crf),
    // The camera's quantiser offset is a region of interest, which x264 reads only with adaptive
    // quantisation: `ultrafast` turns it off, so it is turned back on.
    ...(usesCameraRoi(x264) && x264.preset === 'ultrafast' ? ['-aq-mode', '1'] : []),
  ];
}

/** Key-frame interval of an encoder's segments (hardware encoders use the same grid). */
export function keyintFrames(x264: X264Settings = X264_SETTINGS): number {
  return x264.keyintFrames;
}

/**
 * Output arguments. Every segment starts on an IDR frame; the key-frame interval is fixed so that
 * a grain cut into pieces (segmentPieces.ts) has its cuts where key frames would be anyway.
 */
export function encoderOutputArgs(encoder: VideoEncoderChoice, height: number, x264: X264Settings = X264_SETTINGS): string[] {
  const gop = ['-g', String(keyintFrames(x264))];
  switch (encoder.name) {
    case 'h264_vaapi':
      return ['-c:v', 'h264_vaapi', '-qp', '23', ...gop];
    case 'h264_nvenc':
      // NVENC ignores -crf: constant quality goes through -cq with VBR.
      return ['-c:v', 'h264_nvenc', '-preset', 'p4', '-rc', 'vbr', '-cq', '23', '-b:v', '0', '-pix_fmt', 'yuv420p', ...gop];
    case 'h264_qsv':
      return ['-c:v', 'h264_qsv', '-global_quality', '23', '-pix_fmt', 'nv12', ...gop];
    case 'h264_videotoolbox':
      return ['-c:v', 'h264_videotoolbox', '-b:v', height >= 1080 ? '6M' : '3500k', '-pix_fmt', 'yuv420p', ...gop];
    case 'libx264':
    default:
      return [
        '-c:v',
        'libx264',
        '-preset',
        x264.preset,
        ...(x264.tune ? ['-tune', x264.tune] : []),
        ...rateArgs(x264),
        '-profile:v',
        'high',
        '-pix_fmt',
        'yuv420p',
        ...gop,
      ];
  }
}

/**
 * The filter that raises the quantiser inside the camera's rectangle (x264 reads it as a region of
 * interest: https://ffmpeg.org/ffmpeg-filters.html#addroi), or null.
 */
export function cameraRoiFilter(encoder: VideoEncoderChoice, rect: { x: number; y: number; width: number; height: number }, x264: X264Settings = X264_SETTINGS): string | null {
  if (encoder.name !== 'libx264' || !usesCameraRoi(x264)) return null;
  // qoffset is a fraction of x264's quantiser range (0..51 at 8 bits).
  return `addroi=x=${rect.x}:y=${rect.y}:w=${rect.width}:h=${rect.height}:qoffset=${(x264.cameraQpOffset / 51).toFixed(4)}`;
}

/** A tiny encode that proves an encoder really works here (listed is not enough: no GPU, no driver). */
export function encoderProbeArgs(encoder: VideoEncoderChoice): string[] {
  const upload = encoderUploadFilter(encoder);
  return [
    ...encoderGlobalArgs(encoder),
    '-f',
    'lavfi',
    '-i',
    'color=c=gray:s=256x144:r=25:d=0.2',
    ...(upload ? ['-vf', upload] : []),
    ...encoderOutputArgs(encoder, 144),
    '-f',
    'null',
    '-',
  ];
}

/** Parses `ffmpeg -encoders` output into encoder names. */
export function parseEncoderList(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const match = /^\s*[VAS][.A-Z]{5}\s+(\S+)/.exec(line);
    if (match) names.add(match[1]!);
  }
  return names;
}
