// Runs in Node (main side; pure). The text files FFmpeg reads beside its arguments, written the same
// way by every feature: ffconcat entries and FFMETADATA chapters, with their quoting rules.

/** A path quoted for an ffconcat `file` line: single quotes, an inner quote closed, escaped, reopened. */
export function quoteConcatPath(file: string): string {
  return `'${file.replace(/'/g, "'\\''")}'`;
}

/** FFMETADATA escapes `=`, `;`, `#`, `\` and newlines with a backslash. */
export function escapeFfmetadata(text: string): string {
  return text.replace(/[\\=;#\n]/g, (c) => `\\${c}`);
}

export interface MetadataChapter {
  startMs: number;
  endMs: number;
  title: string;
}

/** An FFMETADATA file: the title, then one chapter per entry in a millisecond time base. */
export function buildFfmetadata(title: string, chapters: readonly MetadataChapter[]): string {
  const lines = [';FFMETADATA1', `title=${escapeFfmetadata(title)}`];
  for (const chapter of chapters) {
    lines.push('', '[CHAPTER]', 'TIMEBASE=1/1000', `START=${Math.round(chapter.startMs)}`, `END=${Math.round(chapter.endMs)}`, `title=${escapeFfmetadata(chapter.title)}`);
  }
  return `${lines.join('\n')}\n`;
}
