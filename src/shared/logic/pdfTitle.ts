// Runs everywhere (shared, pure). A capsule's default title: the PDF's own title when it is a real one,
// else the first slide's title, else the file name.
import type { TextLine } from './pdfTextLines';

/**
 * Titles that tools write without the author choosing them: a paper size ("A4", LibreOffice), an office
 * suite's placeholder, a source or export file name ("cours.tex", "Microsoft PowerPoint - cours.pptx").
 */
const PLACEHOLDER_TITLE =
  /^(?:a[0-6]|letter|legal|untitled|sans titre|ohne titel|titre|title|slide \d+|diapo(?:sitive)? \d+|folie \d+|pr[ée]sentation(?: powerpoint)?|powerpoint presentation|microsoft (?:powerpoint|word) - .*|.*\.(?:tex|dvi|pptx?|odp|key|docx?|pdf))$/iu;

export function isPlaceholderTitle(title: string): boolean {
  return PLACEHOLDER_TITLE.test(title.trim());
}

/**
 * The first slide's title: its largest text, with the lines of that size right below it (a title set on
 * two lines). Footers and counters are smaller and never win.
 */
export function firstSlideTitle(lines: readonly TextLine[]): string | null {
  const letters = lines.filter((line) => /\p{L}/u.test(line.text));
  if (letters.length === 0) return null;
  const largest = Math.max(...letters.map((line) => line.size));
  const start = letters.findIndex((line) => line.size >= 0.95 * largest);
  const parts = [letters[start]!];
  for (const line of letters.slice(start + 1)) {
    const previous = parts[parts.length - 1]!;
    if (line.size < 0.95 * largest || previous.y - line.y > 1.8 * largest || previous.y <= line.y) break;
    parts.push(line);
  }
  const title = parts.map((line) => line.text.trim()).join(' ').replace(/\s+/gu, ' ');
  return title.length >= 2 && title.length <= 200 ? title : null;
}

/** The PDF's Info/XMP title unless it is a placeholder, then the first slide's title, then the file name. */
export function capsuleTitle(pdfTitle: string | null, slideTitle: string | null, fileName: string): string {
  const own = pdfTitle?.trim();
  if (own && !isPlaceholderTitle(own)) return own;
  if (slideTitle?.trim()) return slideTitle.trim();
  return fileName.replace(/\.pdf$/iu, '').trim() || 'Capsule';
}
