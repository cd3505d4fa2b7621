// Runs anywhere (pure). Capsule chapters (one per slide) as Pod chapters (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/chapter/rest_views.py): integer
// seconds rounded down, titles of at most 100 characters, no two alike, all inside the video.
import type { PodChapterInput } from '../../shared/domain/pod';

export interface PodChapter {
  title: string;
  timeStart: number;
}

export const MAX_CHAPTER_TITLE = 100;

export function planChapters(chapters: readonly PodChapterInput[], durationSeconds: number | null): PodChapter[] {
  const out: PodChapter[] = [];
  const seen = new Set<string>();
  const sorted = [...chapters].sort((a, b) => a.startMs - b.startMs);
  for (const [index, chapter] of sorted.entries()) {
    const timeStart = Math.max(0, Math.floor(chapter.startMs / 1000));
    if (durationSeconds !== null && durationSeconds > 0 && timeStart >= durationSeconds) continue;
    let title = chapter.title.replace(/\s+/g, ' ').trim() || `Slide ${index + 1}`;
    if (title.length > MAX_CHAPTER_TITLE) title = `${title.slice(0, MAX_CHAPTER_TITLE - 1)}…`;
    const key = `${timeStart}\u0000${title}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ title, timeStart });
  }
  return out;
}
