// Runs in Node (main side), pure. FFmpeg arguments of a live push: one encode (H.264 + AAC), sent in FLV
// to one or more RTMP targets through the tee muxer, each behind FFmpeg's `fifo` muxer so that a target
// dropped by its server reconnects by itself, plus an optional local recording of the same program.
import { StudioError } from '../../shared/errors';
import type { LiveEncoding, LiveResolution } from '../../shared/domain/live';

export type LiveInput =
  /** The renderer's MediaRecorder program stream (WebM, VP8/VP9/H.264 + Opus) written to stdin. */
  | { kind: 'pipe'; mime: string }
  /** A media file, played at real time (`-re`), looped when asked. */
  | { kind: 'file'; path: string; loop: boolean }
  /** FFmpeg's test pattern with a running clock and a 440 Hz tone: unattended tests and checks. */
  | { kind: 'testsrc' }
  /** Raw frames on stdin (gray8/yuv420p) at a fixed size and rate, for instruments such as the latency bench. */
  | { kind: 'rawvideo'; pixelFormat: string; width: number; height: number; fps: number };

export interface ReconnectSettings {
  /** Seconds between two reconnection attempts. */
  waitSec: number;
  /** Packets kept while a target is down; older ones are dropped so the encoder never blocks. */
  queueSize: number;
}

export const DEFAULT_RECONNECT: ReconnectSettings = { waitSec: 1, queueSize: 250 };

export interface LivePushPlan {
  input: LiveInput;
  rtmpUrls: readonly string[];
  /** The tcUrl to announce for each target (same order), when FFmpeg connects through a relay. */
  tcUrls?: readonly (string | null)[];
  encoding: LiveEncoding;
  /** Absolute path of a local Matroska recording of the program, or null. */
  recordPath: string | null;
  reconnect?: ReconnectSettings;
  /** File FFmpeg writes per-frame video statistics to (the health's bitrate source), or null. */
  vstatsPath: string | null;
  /** Stop after this many seconds of output, or null to run until stopped. */
  durationSec: number | null;
  /** x264 preset; `veryfast` keeps a 720p program within one core. */
  preset?: 'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium';
}

export function resolutionSize(resolution: LiveResolution): { width: number; height: number } {
  const [width, height] = resolution.split('x').map(Number) as [number, number];
  return { width, height };
}

const RTMP_URL = /^rtmps?:\/\/[^/\s]+(\/[^\s]*)?$/i;

/** Checks an RTMP target: scheme, host, application and stream name; `|` would break the tee muxer. */
export function validateRtmpUrl(url: string): string {
  const trimmed = url.trim();
  if (!RTMP_URL.test(trimmed)) {
    throw new StudioError('LIVE_BAD_URL', 'An RTMP target must look like rtmp://server/application/stream-key.', { url: trimmed.replace(/\/[^/]*$/, '/••••') });
  }
  const parts = new URL(trimmed.replace(/^rtmps?:/i, 'http:')).pathname.split('/').filter(Boolean);
  if (parts.length < 2) {
    throw new StudioError('LIVE_BAD_URL', 'The RTMP URL needs an application and a stream name: rtmp://server/application/stream-key.');
  }
  if (/[|[\]]/.test(trimmed)) {
    throw new StudioError('LIVE_BAD_URL', 'The RTMP URL contains characters FFmpeg cannot pass on (| [ ]).');
  }
  return trimmed;
}

/** Joins a server URL (`rtmp://host/app`) and a stream key. */
export function joinRtmpUrl(serverUrl: string, streamKey: string): string {
  return `${serverUrl.replace(/\/+$/, '')}/${streamKey.replace(/^\/+/, '')}`;
}

/** The tee muxer reads its slave list with av_get_token: backslashes, quotes and `|` in a file name need escaping. */
export function teeEscape(value: string): string {
  return value.replace(/[\\'|]/g, (char) => `\\${char}`);
}

/**
 * One tee slave per RTMP target: a `fifo` whose consumer thread writes FLV and, when the write or the
 * reconnection fails, tries again every `waitSec` (recover_any_error: a reset connection is not one of
 * the errors fifo recovers from by default). `drop_pkts_on_overflow` keeps the encoder running while a
 * target is down, `restart_with_keyframe` makes the server's first frame after a reconnect decodable.
 * `onfail=ignore` keeps the other targets and the recording going if one target gives up.
 */
export function rtmpTeeSlave(url: string, reconnect: ReconnectSettings, tcUrl: string | null = null): string {
  // Options reach the RTMP protocol through fifo's format_opts: one more level of `key=value:` parsing.
  const formatOpts = `flvflags=no_duration_filesize${tcUrl ? `:rtmp_tcurl=${dictEscape(tcUrl)}` : ''}`;
  const options = [
    'f=fifo',
    'fifo_format=flv',
    `format_opts=${dictEscape(formatOpts)}`,
    'attempt_recovery=1',
    'recover_any_error=1',
    `recovery_wait_time=${reconnect.waitSec}`,
    'restart_with_keyframe=1',
    'drop_pkts_on_overflow=1',
    `queue_size=${reconnect.queueSize}`,
    'onfail=ignore',
  ];
  return teeEscape(`[${options.join(':')}]${url}`);
}

/** Escapes a value for FFmpeg's `key=value:key=value` option lists (av_dict_parse_string). */
export function dictEscape(value: string): string {
  return value.replace(/[\\:]/g, (char) => `\\${char}`);
}

function recordingTeeSlave(recordPath: string): string {
  // Matroska survives an interrupted write (the process killed mid-stream still leaves a readable file).
  return `[f=matroska:onfail=ignore]${teeEscape(recordPath)}`;
}

function inputArgs(input: LiveInput, encoding: LiveEncoding): string[] {
  switch (input.kind) {
    case 'pipe':
      // FFmpeg's default probing: the WebM header carries the stream parameters, so it stops early anyway;
      // lowering -probesize/-analyzeduration measured ~0.3 s MORE latency in the live bench.
      return ['-thread_queue_size', '1024', '-f', 'matroska', '-i', 'pipe:0'];
    case 'file':
      return ['-re', ...(input.loop ? ['-stream_loop', '-1'] : []), '-i', input.path];
    case 'testsrc': {
      const { width, height } = resolutionSize(encoding.resolution);
      return [
        '-re',
        '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${encoding.fps}`,
        '-re',
        '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=${encoding.audioSampleRate}`,
      ];
    }
    case 'rawvideo':
      return [
        '-thread_queue_size', '1024',
        '-f', 'rawvideo', '-pixel_format', input.pixelFormat, '-video_size', `${input.width}x${input.height}`, '-framerate', String(input.fps), '-i', 'pipe:0',
        '-re',
        '-f', 'lavfi', '-i', `anullsrc=channel_layout=stereo:sample_rate=${encoding.audioSampleRate}`,
      ];
  }
}

function mapArgs(input: LiveInput): string[] {
  if (input.kind === 'testsrc' || input.kind === 'rawvideo') return ['-map', '0:v:0', '-map', '1:a:0'];
  // A program without a microphone still streams (FLV accepts video alone); the `?` keeps FFmpeg from
  // failing when the input has no audio track.
  return ['-map', '0:v:0', '-map', '0:a:0?'];
}

/** The video filter: fit into the program size (letterboxed), square pixels, the program frame rate. */
export function liveVideoFilter(encoding: LiveEncoding): string {
  const { width, height } = resolutionSize(encoding.resolution);
  return [
    `scale=${width}:${height}:force_original_aspect_ratio=decrease`,
    `pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:color=black`,
    'setsar=1',
    `fps=${encoding.fps}`,
    'format=yuv420p',
  ].join(',');
}

export function validateEncoding(encoding: LiveEncoding): LiveEncoding {
  if (encoding.resolution !== '1280x720' && encoding.resolution !== '1920x1080') {
    throw new StudioError('LIVE_BAD_SETTINGS', 'The program must be 1280x720 or 1920x1080.');
  }
  if (!Number.isInteger(encoding.fps) || encoding.fps < 10 || encoding.fps > 60) throw new StudioError('LIVE_BAD_SETTINGS', 'The frame rate must be a whole number from 10 to 60.');
  if (encoding.videoKbps < 300 || encoding.videoKbps > 20_000) throw new StudioError('LIVE_BAD_SETTINGS', 'The video bitrate must be between 300 and 20000 kbit/s.');
  if (encoding.audioKbps < 32 || encoding.audioKbps > 320) throw new StudioError('LIVE_BAD_SETTINGS', 'The audio bitrate must be between 32 and 320 kbit/s.');
  if (encoding.audioSampleRate !== 44100 && encoding.audioSampleRate !== 48000) throw new StudioError('LIVE_BAD_SETTINGS', 'The audio sample rate must be 44100 or 48000 Hz.');
  if (encoding.keyframeSec <= 0 || encoding.keyframeSec > 10) throw new StudioError('LIVE_BAD_SETTINGS', 'The keyframe interval must be between 0 and 10 seconds.');
  return encoding;
}

/** The full argument list (after startFfmpeg's own `-hide_banner -nostats -loglevel … -progress pipe:1`). */
export function buildLivePushArgs(plan: LivePushPlan): string[] {
  const encoding = validateEncoding(plan.encoding);
  if (plan.rtmpUrls.length === 0 && !plan.recordPath) throw new StudioError('LIVE_NO_TARGET', 'Choose at least one RTMP target or a local recording.');
  const urls = plan.rtmpUrls.map(validateRtmpUrl);
  const reconnect = plan.reconnect ?? DEFAULT_RECONNECT;
  const gop = Math.round(encoding.fps * encoding.keyframeSec);
  const slaves = [...urls.map((url, index) => rtmpTeeSlave(url, reconnect, plan.tcUrls?.[index] ?? null)), ...(plan.recordPath ? [recordingTeeSlave(plan.recordPath)] : [])];
  return [
    ...(plan.vstatsPath ? ['-vstats_file', plan.vstatsPath] : []),
    ...inputArgs(plan.input, encoding),
    ...mapArgs(plan.input),
    '-vf', liveVideoFilter(encoding),
    '-c:v', 'libx264',
    '-preset', plan.preset ?? 'veryfast',
    '-tune', 'zerolatency',
    '-profile:v', 'high',
    '-b:v', `${encoding.videoKbps}k`,
    '-maxrate', `${encoding.videoKbps}k`,
    '-bufsize', `${encoding.videoKbps * 2}k`,
    // A keyframe every keyframeSec, exactly: fixed GOP, no scene-cut keyframes in between.
    '-g', String(gop),
    '-keyint_min', String(gop),
    '-sc_threshold', '0',
    '-force_key_frames', `expr:gte(t,n_forced*${encoding.keyframeSec})`,
    '-c:a', 'aac',
    '-b:a', `${encoding.audioKbps}k`,
    '-ar', String(encoding.audioSampleRate),
    '-ac', '2',
    ...(plan.durationSec !== null ? ['-t', String(plan.durationSec)] : []),
    // FLV inside fifo needs the codec headers out of band, or the server gets no AVC sequence header.
    '-flags', '+global_header',
    '-max_muxing_queue_size', '1024',
    '-f', 'tee',
    slaves.join('|'),
  ];
}
