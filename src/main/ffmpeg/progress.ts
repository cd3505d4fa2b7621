// Runs anywhere (pure). Parses FFmpeg's `-progress pipe:1` key=value blocks.

export interface FfmpegProgress {
  /** Media time written so far, in seconds. */
  outTimeSec: number;
  frame: number | null;
  fps: number | null;
  /** Bitrate in kbit/s, when FFmpeg knows it. */
  bitrateKbps: number | null;
  /** Encoding speed as a multiple of real time. */
  speed: number | null;
  dropFrames: number | null;
  dupFrames: number | null;
  totalSize: number | null;
  ended: boolean;
}

function num(value: string | undefined): number | null {
  if (value === undefined) return null;
  const parsed = Number.parseFloat(value);
  return Number.isFinite(parsed) ? parsed : null;
}

export function parseProgressBlock(fields: Map<string, string>): FfmpegProgress {
  const outTimeUs = num(fields.get('out_time_us')) ?? num(fields.get('out_time_ms'));
  return {
    outTimeSec: outTimeUs !== null && outTimeUs > 0 ? outTimeUs / 1_000_000 : 0,
    frame: num(fields.get('frame')),
    fps: num(fields.get('fps')),
    bitrateKbps: num(fields.get('bitrate')?.replace('kbits/s', '')),
    speed: num(fields.get('speed')?.replace('x', '')),
    dropFrames: num(fields.get('drop_frames')),
    dupFrames: num(fields.get('dup_frames')),
    totalSize: num(fields.get('total_size')),
    ended: fields.get('progress') === 'end',
  };
}

/** Feeds text as it arrives; calls back once per complete block (FFmpeg ends each block with `progress=`). */
export class ProgressParser {
  private buffer = '';
  private fields = new Map<string, string>();

  constructor(private readonly onBlock: (progress: FfmpegProgress) => void) {}

  push(text: string): void {
    this.buffer += text;
    let newline = this.buffer.indexOf('\n');
    while (newline >= 0) {
      const line = this.buffer.slice(0, newline).trim();
      this.buffer = this.buffer.slice(newline + 1);
      const eq = line.indexOf('=');
      if (eq > 0) {
        const key = line.slice(0, eq);
        this.fields.set(key, line.slice(eq + 1));
        if (key === 'progress') {
          this.onBlock(parseProgressBlock(this.fields));
          this.fields = new Map();
        }
      }
      newline = this.buffer.indexOf('\n');
    }
  }
}

/** Masks secrets (RTMP stream keys, tokens in URLs) before a command line is logged or shown. */
export function maskSecrets(args: readonly string[]): string[] {
  return args.map((arg) =>
    arg
      .replace(/(rtmps?:\/\/[^/\s]+\/[^/\s]+\/)[^\s|]+/g, '$1••••')
      .replace(/([?&](?:token|key|secret|checksum|password)=)[^&\s]+/gi, '$1••••'),
  );
}
