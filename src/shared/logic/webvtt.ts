// Runs everywhere (shared, pure). WebVTT writing for captions and chapters, and a small parser
// used to check files (and by the publisher to upload them).

export interface VttCue {
  startMs: number;
  endMs: number;
  text: string;
}

export function formatVttTime(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = Math.floor((total % 60_000) / 1000);
  const millis = total % 1000;
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(millis, 3)}`;
}

/** Cue text cannot hold `-->` or raw `<`/`&`, and a blank line would end the cue. */
export function escapeVttText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n\s*\r?\n/g, '\n')
    .trim();
}

export function buildWebVtt(cues: readonly VttCue[], options: { idPrefix?: string; note?: string } = {}): string {
  const lines = ['WEBVTT', ''];
  // A NOTE block says where the cues come from (players ignore it; people and tools can read it).
  if (options.note) lines.push(`NOTE ${options.note.replace(/-->/g, '→').replace(/\r?\n\s*\r?\n/g, '\n').trim()}`, '');
  cues.forEach((cue, index) => {
    if (cue.endMs <= cue.startMs) return;
    if (options.idPrefix) lines.push(`${options.idPrefix}${index + 1}`);
    lines.push(`${formatVttTime(cue.startMs)} --> ${formatVttTime(cue.endMs)}`, escapeVttText(cue.text), '');
  });
  return lines.join('\n');
}

export function parseVttTime(text: string): number {
  const match = /^(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})$/.exec(text.trim());
  if (!match) throw new Error(`not a WebVTT time: ${text}`);
  return Number(match[1] ?? 0) * 3_600_000 + Number(match[2]) * 60_000 + Number(match[3]) * 1000 + Number(match[4]);
}

export function parseWebVtt(text: string): VttCue[] {
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n\n+/);
  const cues: VttCue[] = [];
  for (const block of blocks) {
    const lines = block.split('\n').filter((line) => line !== '');
    const timingIndex = lines.findIndex((line) => line.includes('-->'));
    if (timingIndex < 0) continue;
    const [start, rest] = lines[timingIndex]!.split('-->');
    const end = (rest ?? '').trim().split(/\s+/)[0] ?? '';
    cues.push({ startMs: parseVttTime(start!), endMs: parseVttTime(end), text: lines.slice(timingIndex + 1).join('\n') });
  }
  return cues;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
