// Runs everywhere (shared, pure). Finds the labels of a diagram among a page's lines: short texts placed
// around a drawing, which a slide's content stream gives in drawing order, side by side or jumping up and
// down the page.

export interface LabelLine {
  text: string;
  x: number;
  y: number;
  size: number;
  listItem?: boolean;
}

/** A label has at most this many words and does not end a sentence. */
const MAX_LABEL_WORDS = 4;
const MIN_RUN = 3;

/** A run of labels ends at a line this much larger or smaller: a heading above a diagram is not a label. */
const SIZE_STEP = 1.35;

/**
 * Indexes of the lines that are diagram labels: runs of three or more consecutive short lines of similar
 * size in which labels stand side by side on one baseline twice or more (boxes of a diagram), or at least two
 * steps, and at least half of them, go back up the page. Text, even a list of short items, is written top
 * to bottom, one item a line; a second column goes up once.
 */
export function findDiagramLabels(lines: readonly LabelLine[]): number[] {
  const found: number[] = [];
  let run: number[] = [];
  const close = (): void => {
    if (run.length >= MIN_RUN) {
      let ups = 0;
      let sideBySide = 0;
      for (let i = 1; i < run.length; i++) {
        const previous = lines[run[i - 1]!]!;
        const line = lines[run[i]!]!;
        const size = Math.max(line.size, previous.size);
        if (line.y > previous.y + 0.5 * size) ups += 1;
        else if (Math.abs(line.y - previous.y) <= 0.3 * size && Math.abs(line.x - previous.x) > size) sideBySide += 1;
      }
      if (sideBySide >= 2 || (ups >= 2 && ups * 2 >= run.length - 1)) found.push(...run);
    }
    run = [];
  };
  lines.forEach((line, index) => {
    const words = line.text.split(/\s+/u).filter((w) => w !== '').length;
    const label = !line.listItem && words <= MAX_LABEL_WORDS && !/[.!?…:;]["'»”’)]*$/u.test(line.text);
    const previous = run.length > 0 ? lines[run[run.length - 1]!]! : null;
    if (previous && label && Math.max(line.size, previous.size) > SIZE_STEP * Math.min(line.size, previous.size)) close();
    if (label) run.push(index);
    else close();
  });
  close();
  return found;
}
