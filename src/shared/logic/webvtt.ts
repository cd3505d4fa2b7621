// Runs everywhere (shared, pure). The one WebVTT reader and writer: captions and chapters are written
// escaped, and read back (by checks and by the Pod publisher's chapters) as the plain text they stand for.
// Syntax: https://www.w3.org/TR/webvtt1/ (timestamps §4.2, cue text and character references §4.2.2).

export interface VttCue {
  startMs: number;
  endMs: number;
  /** The cue's text as a person reads it: character references decoded, markup tags removed. */
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

// The references the WebVTT spec names for cue text, plus numeric ones; anything else stays as written.
const NAMED_REFERENCES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  nbsp: '\u00A0',
  lrm: '\u200E',
  rlm: '\u200F',
};

/** Decodes character references (`&amp;`, `&#38;`, `&#x26;`…) in cue text. */
export function unescapeVttText(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      // As in HTML: zero, surrogates and out-of-range code points become U+FFFD.
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
      return String.fromCodePoint(code);
    }
    return NAMED_REFERENCES[ref] ?? whole;
  });
}

/** Cue text as plain text: tags such as `<b>`, `<v Speaker>`, `<00:01.000>` removed, then references decoded. */
export function vttCueTextToPlain(text: string): string {
  return unescapeVttText(text.replace(/<[^>]*>/g, ''));
}

export function buildWebVtt(cues: readonly VttCue[], options: { idPrefix?: string; note?: string } = {}): string {
  const lines = ['WEBVTT', ''];
  // A NOTE block says where the cues come from (players ignore it; people and tools can read it).
  if (options.note) lines.push(`NOTE ${options.note.replace(/-->/g, '→').replace(/\r?\n\s*\r?\n/g, '\n').trim()}`, '');
  cues.forEach((cue, index) => {
    if (cue.endMs <= cue.startMs) return;
    if (options.idPrefix !== undefined) lines.push(`${options.idPrefix}${index + 1}`);
    lines.push(`${formatVttTime(cue.startMs)} --> ${formatVttTime(cue.endMs)}`, escapeVttText(cue.text), '');
  });
  return lines.join('\n');
}

/** Milliseconds of a WebVTT timestamp (`[hh:]mm:ss.ttt`), or null when it is not one. */
export function parseVttTimeOrNull(text: string): number | null {
  const match = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1] ?? 0) * 3_600_000 + Number(match[2]) * 60_000 + Number(match[3]) * 1000 + Number(match[4]);
}

export function parseVttTime(text: string): number {
  const ms = parseVttTimeOrNull(text);
  if (ms === null) throw new Error(`not a WebVTT time: ${text}`);
  return ms;
}

/** True when the text starts like a WebVTT file (the only caption format Pod tracks accept). */
export function looksLikeWebVtt(text: string): boolean {
  return /^\uFEFF?WEBVTT(?:[ \t].*)?(?:\r?\n|$)/.test(text);
}

/**
 * The cues of a WebVTT file, in order. As the spec says, a cue whose timing line cannot be read is
 * dropped, and header, NOTE, STYLE and REGION blocks are not cues.
 */
export function parseWebVtt(text: string): VttCue[] {
  const blocks = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split(/\n{2,}/);
  const cues: VttCue[] = [];
  for (const [index, block] of blocks.entries()) {
    if (index === 0 && block.startsWith('WEBVTT')) continue;
    if (/^(NOTE|STYLE|REGION)(?:[ \t\n]|$)/.test(block)) continue;
    const lines = block.split('\n');
    const timingIndex = lines.findIndex((line) => line.includes('-->'));
    if (timingIndex < 0) continue;
    const [start, rest] = lines[timingIndex]!.split('-->') as [string, string | undefined];
    const startMs = parseVttTimeOrNull(start);
    const endMs = parseVttTimeOrNull((rest ?? '').trim().split(/[ \t]+/)[0] ?? '');
    if (startMs === null || endMs === null) continue;
    const body: string[] = [];
    for (const line of lines.slice(timingIndex + 1)) {
      if (line.includes('-->')) break;
      body.push(line);
    }
    cues.push({ startMs, endMs, text: vttCueTextToPlain(body.join('\n')).trim() });
  }
  return cues;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
