// Runs in Node (main side). What a renderer sees of main-side paths: nothing but a file name. Results
// and events leave through both renderer bindings via this filter, so a capsule's folder, a slide's
// image path, a take's file or a render's outputs never reach a page (media go by opaque reference).

/** Fields of the domain types that hold main-side paths (Slide, CapsuleDetail, Take, RenderOutput, BbbImportResult, PublishDraft.source, MontageSettings.music, AppInfo, settings). */
const PATH_FIELDS: ReadonlySet<string> = new Set(['imagePath', 'extraVideoPath', 'directory', 'file', 'chaptersVtt', 'captionsVtt', 'poster', 'thumbnailStrip', 'outFile', 'pdfPath', 'filePath', 'captionsPath', 'libraryDir', 'ffmpegPath']);

/** An absolute path of this machine (POSIX or Windows), not a URL path such as Pod's `/rest/types/1/`. */
function looksLikeFilePath(value: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\') || (value.startsWith('/') && !value.startsWith('/rest/'));
}

function fileName(value: string): string {
  const parts = value.split(/[\\/]/);
  return parts[parts.length - 1] ?? '';
}

/**
 * A copy of `value` where every main-side path is reduced to its file name. `path` fields count only
 * in objects that are not Pod relations (which pair a URL `path` with a `title`).
 */
export function hideMainPaths<T>(value: T, depth = 0): T {
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return (value as unknown[]).map((item) => hideMainPaths(item, depth + 1)) as T;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const isRelation = 'title' in record && typeof record.path === 'string' && !looksLikeFilePath(record.path);
  for (const [key, item] of Object.entries(record)) {
    const pathLike = PATH_FIELDS.has(key) || (key === 'path' && !isRelation);
    out[key] = pathLike && typeof item === 'string' && looksLikeFilePath(item) ? fileName(item) : hideMainPaths(item, depth + 1);
  }
  return out as T;
}
