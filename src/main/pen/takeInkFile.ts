// Runs in Node (main side). A take's strokes file: pen events as JSON lines beside the take's media,
// appended and flushed to the disk as they are drawn (a crash keeps every stroke already sent, like
// the take's own chunks); reading skips a last line a crash cut short, and nothing else.
import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, rmSync, truncateSync, writeSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import type { InkEvent } from '../../shared/logic/strokes/inkEvents';
import { inkEventValidator } from '../../shared/logic/strokes/inkValidation';

/** The strokes file of a take whose media is `mediaPath` (same folder, named by the take's id). */
export function inkFilePath(mediaPath: string, takeId: string): string {
  return path.join(path.dirname(mediaPath), `${takeId}.ink.jsonl`);
}

export function appendInkEvents(file: string, events: readonly InkEvent[]): void {
  if (events.length === 0) return;
  dropTornLine(file);
  const fd = openSync(file, 'a');
  try {
    writeSync(fd, events.map((event) => `${JSON.stringify(event)}\n`).join(''));
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A crash mid-write leaves half a line at the end: cut it off, so the next line starts clean. */
function dropTornLine(file: string): void {
  if (!existsSync(file)) return;
  const text = readFileSync(file);
  if (text.length === 0 || text[text.length - 1] === 0x0a) return;
  truncateSync(file, text.lastIndexOf(0x0a) + 1);
}

/** The events of a strokes file (none when there is no file). A damaged line other than the last is an error. */
export function readInkEvents(file: string): InkEvent[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  const events: InkEvent[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      events.push(inkEventValidator(JSON.parse(line), `line ${index + 1}`));
    } catch (error) {
      // Only the last line can be torn by a crash mid-write: it is dropped, the rest is kept.
      const isLast = lines.slice(index + 1).every((rest) => rest.trim() === '');
      if (isLast && error instanceof SyntaxError) return;
      throw new StudioError('INK_FILE_DAMAGED', `The strokes of this take cannot be read (line ${index + 1} is damaged).`, { file, line: index + 1 });
    }
  });
  return events;
}

export function removeInkFile(file: string): void {
  rmSync(file, { force: true });
}
