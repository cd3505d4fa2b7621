// Runs in Node (main side), pure. Reads what FFmpeg 5.1 says at `-loglevel info` about a live push:
// the fifo muxer's recovery lines (libavformat/fifo.c) and the per-frame `-vstats_file` lines.

/**
 * What one stderr line means for the health of the push.
 * - `open_failed`: `[fifo @ 0x…] Error opening rtmp://…: <reason>` (a connection attempt failed);
 * - `recovery_failed`: `[fifo @ 0x…] Recovery failed: <reason>` (still down, FFmpeg will retry);
 * - `recovered`: `[fifo @ 0x…] Recovery successful` (the target receives again: one reconnect);
 * - `queue_full`: `[fifo @ 0x…] FIFO queue full` (packets dropped: the target stopped taking the stream);
 * - `queue_flushed`: `[fifo @ 0x…] FIFO queue flushed` (the writer thread moved again and dropped the backlog);
 * - `fatal`: an error that ends FFmpeg (the input stopped making sense, the disk is full…).
 */
export type LiveLogEvent =
  | { type: 'open_failed'; fifo: string; url: string; reason: string }
  | { type: 'recovery_failed'; fifo: string; reason: string }
  | { type: 'recovered'; fifo: string }
  | { type: 'queue_full'; fifo: string }
  | { type: 'queue_flushed'; fifo: string }
  | { type: 'fatal'; reason: string };

const FIFO_LINE = /^\[fifo @ (0x[0-9a-f]+)\] (.*)$/i;

export function parseLiveLogLine(rawLine: string): LiveLogEvent | null {
  const line = rawLine.trim();
  const fifo = FIFO_LINE.exec(line);
  if (fifo) {
    const [, address, text] = fifo as unknown as [string, string, string];
    const opening = /^Error opening (\S+): (.*)$/.exec(text);
    if (opening) return { type: 'open_failed', fifo: address, url: opening[1]!, reason: opening[2]! };
    const failed = /^Recovery failed: (.*)$/.exec(text);
    if (failed) return { type: 'recovery_failed', fifo: address, reason: failed[1]! };
    if (/^Recovery successful/.test(text)) return { type: 'recovered', fifo: address };
    if (/^FIFO queue full/.test(text)) return { type: 'queue_full', fifo: address };
    if (/^FIFO queue flushed/.test(text)) return { type: 'queue_flushed', fifo: address };
    return null;
  }
  if (/No space left on device/i.test(line)) return { type: 'fatal', reason: line };
  if (/^Error while (decoding|filtering|opening|processing)|Invalid data found when processing input|Conversion failed!/i.test(line)) return { type: 'fatal', reason: line };
  return null;
}

/**
 * A failed connection is either the network (nothing answers: the red "network" state) or the server
 * answering and refusing the stream (wrong application, publishing denied, stream key in use).
 * FFmpeg 5.1's RTMP client reports a refusal by nginx-rtmp as "Input/output error", and a server
 * message as "Server error: …".
 */
export function isRefusal(reason: string): boolean {
  return /Input\/output error|Server error|Permission denied|Unauthorized|Forbidden|NetStream\.Publish\.(BadName|Rejected)|Operation not permitted/i.test(reason);
}

/** One line of FFmpeg's `-vstats_file` (format version 2 in FFmpeg 5.1). */
export interface VstatsFrame {
  frame: number;
  /** Encoded size of this frame, bytes. */
  bytes: number;
  /** Presentation time of the frame, seconds. */
  timeSec: number;
  /** `I`, `P` or `B`. */
  type: string;
}

const VSTATS_LINE = /frame=\s*(\d+)\s+q=\s*[-\d.]+\s+f_size=\s*(\d+)\s+s_size=\s*\S+\s+time=\s*([-\d.]+).*type=\s*([A-Z?])/;

export function parseVstatsLine(line: string): VstatsFrame | null {
  const match = VSTATS_LINE.exec(line);
  if (!match) return null;
  return { frame: Number(match[1]), bytes: Number(match[2]), timeSec: Number(match[3]), type: match[4]! };
}

/** Feeds text as it grows (a tailed file, a pipe) and hands back complete lines. */
export class LineSplitter {
  private rest = '';

  push(text: string): string[] {
    this.rest += text;
    const lines = this.rest.split(/\r?\n|\r/);
    this.rest = lines.pop() ?? '';
    return lines.filter((line) => line.length > 0);
  }
}
