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
 * Output arguments. x264 `ultrafast` at CRF 23: on slides with a small camera it measured SSIM
 * 0.995 against Polymny's medium/CRF 15 master (the same as `veryfast`) for ~45 % less CPU than
 * veryfast and ~4x less than the reference, at about twice veryfast's size — Pod re-encodes it
 * anyway. 250-frame GOPs; every segment starts on an IDR frame.
 */
export function encoderOutputArgs(encoder: VideoEncoderChoice, height: number): string[] {
  const gop = ['-g', '250'];
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
      return ['-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '23', '-profile:v', 'high', '-pix_fmt', 'yuv420p', ...gop];
  }
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
