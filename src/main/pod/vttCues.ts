// Runs anywhere (pure). Reads the cues of a WebVTT file (the montage writes chapters as one cue per
// slide), so they can become Pod chapters.

export interface VttCue {
  startMs: number;
  endMs: number;
  text: string;
}

function parseTimestamp(value: string): number | null {
  const match = /^(?:(\d+):)?(\d{2}):(\d{2})[.,](\d{3})$/.exec(value.trim());
  if (!match) return null;
  return ((Number(match[1] ?? 0) * 60 + Number(match[2])) * 60 + Number(match[3])) * 1000 + Number(match[4]);
}

export function parseVttCues(text: string): VttCue[] {
  const cues: VttCue[] = [];
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  for (const block of blocks) {
    const lines = block.split('\n');
    const timingIndex = lines.findIndex((line) => line.includes('-->'));
    if (timingIndex < 0) continue;
    const [from, rest] = lines[timingIndex]!.split('-->') as [string, string];
    const startMs = parseTimestamp(from);
    const endMs = parseTimestamp(rest.trim().split(/\s+/)[0] ?? '');
    if (startMs === null || endMs === null) continue;
    cues.push({ startMs, endMs, text: lines.slice(timingIndex + 1).join('\n').trim() });
  }
  return cues;
}

/** True when the text starts like a WebVTT file (the only caption format Pod tracks accept). */
export function looksLikeWebVtt(text: string): boolean {
  return /^\uFEFF?WEBVTT(?:[ \t].*)?(?:\r?\n|$)/.test(text);
}
