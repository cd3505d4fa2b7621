// Runs in Node (main side). Finds a working hardware H.264 encoder once and caches the answer in
// the settings (keyed by the FFmpeg version); libx264 is the fallback everywhere.
import { existsSync } from 'node:fs';
import { ffmpegBinaries, runFfmpeg, runFfmpegCapture } from '../ffmpeg/ffmpeg';
import type { SettingsStore } from '../settings/settingsStore';
import type { Logger } from '../log';
import { SOFTWARE_ENCODER, encoderProbeArgs, hardwareCandidates, parseEncoderList, type VideoEncoderChoice } from './videoEncoder';

export const ENCODER_SETTING = 'montage.videoEncoder';
/** Set to true to always use libx264 (identical output on every machine). */
export const SOFTWARE_ONLY_SETTING = 'montage.softwareEncoderOnly';

interface CachedChoice {
  encoder: VideoEncoderChoice;
  ffmpegVersion: string;
  detectedAt: string;
}

export interface DetectionDeps {
  listEncoders(): Promise<Set<string>>;
  tryEncoder(encoder: VideoEncoderChoice): Promise<boolean>;
  platform: NodeJS.Platform;
  hasRenderNode: boolean;
}

/** The first candidate that is listed and really encodes a few frames, else libx264. */
export async function detectVideoEncoder(deps: DetectionDeps): Promise<VideoEncoderChoice> {
  const listed = await deps.listEncoders();
  for (const candidate of hardwareCandidates(deps.platform, deps.hasRenderNode)) {
    if (!listed.has(candidate.name)) continue;
    if (await deps.tryEncoder(candidate)) return candidate;
  }
  return SOFTWARE_ENCODER;
}

export function realDetectionDeps(): DetectionDeps {
  return {
    platform: process.platform,
    hasRenderNode: existsSync('/dev/dri/renderD128'),
    async listEncoders() {
      const { stdout } = await runFfmpegCapture(['-encoders'], { label: 'encoder list' });
      return parseEncoderList(stdout.toString('utf8'));
    },
    async tryEncoder(encoder) {
      try {
        await runFfmpeg(encoderProbeArgs(encoder), { signal: AbortSignal.timeout(20_000), label: `${encoder.name} test` });
        return true;
      } catch {
        // Expected on machines without the GPU or driver: the encoder is listed but cannot open.
        return false;
      }
    },
  };
}

/** The encoder the montage uses: from the settings cache when FFmpeg has not changed, else detected now. */
export async function chooseVideoEncoder(settings: SettingsStore, log: Logger, deps: DetectionDeps = realDetectionDeps()): Promise<VideoEncoderChoice> {
  if (settings.get<boolean>(SOFTWARE_ONLY_SETTING, false)) return SOFTWARE_ENCODER;
  const { version } = await ffmpegBinaries();
  const cached = settings.get<CachedChoice | null>(ENCODER_SETTING, null);
  if (cached && cached.ffmpegVersion === version) return cached.encoder;
  const encoder = await detectVideoEncoder(deps);
  settings.set(ENCODER_SETTING, { encoder, ffmpegVersion: version, detectedAt: new Date().toISOString() } satisfies CachedChoice);
  log.info('montage encoder chosen', { encoder: encoder.name });
  return encoder;
}
