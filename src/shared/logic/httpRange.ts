// Runs everywhere (shared, pure). HTTP Range parsing for media served to <video> and <img>:
// without correct 206 answers, seeking in takes fails.

export type RangeResult = { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

/** Parses a single `bytes=` range against a file size. Multiple ranges are answered in full. */
export function parseRange(header: string | null | undefined, size: number): RangeResult {
  if (!header) return { kind: 'full' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return { kind: 'full' };
  const [, startText, endText] = match;
  if (!startText && !endText) return { kind: 'full' };
  let start: number;
  let end: number;
  if (!startText) {
    const suffix = Number(endText);
    if (suffix === 0) return { kind: 'unsatisfiable' };
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(startText);
    end = endText ? Math.min(Number(endText), size - 1) : size - 1;
  }
  if (start >= size || start > end) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.mp4': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.wav': 'audio/wav',
  '.vtt': 'text/vtt; charset=utf-8',
  '.pdf': 'application/pdf',
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  // The virtual background's segmentation model (issue #15): WebAssembly streams only with its own type.
  '.wasm': 'application/wasm',
};

export function contentTypeFor(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return (dot >= 0 ? TYPES[fileName.slice(dot).toLowerCase()] : undefined) ?? 'application/octet-stream';
}

/** The app's Content-Security-Policy; `connectExtra` adds the bridge origin in the browser binding, `scriptExtra` the dev page's inline-script hashes. */
export function contentSecurityPolicy(options: { connectExtra?: string; mediaScheme?: string; scriptExtra?: string } = {}): string {
  const media = options.mediaScheme ? ` ${options.mediaScheme}` : '';
  return [
    "default-src 'self'",
    // 'wasm-unsafe-eval' lets the virtual background compile its WebAssembly (MediaPipe selfie
    // segmentation, served from 'self'); it allows no JavaScript eval (https://www.w3.org/TR/CSP3/#wasm-integration).
    `script-src 'self' 'wasm-unsafe-eval'${options.scriptExtra ? ` ${options.scriptExtra}` : ''}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${media}`,
    `media-src 'self' blob:${media}`,
    `connect-src 'self'${options.connectExtra ? ` ${options.connectExtra}` : ''}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
