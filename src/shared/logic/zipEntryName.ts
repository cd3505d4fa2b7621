// Runs everywhere (shared, pure). Whether a name and a mode read from a ZIP's central directory are
// safe to extract: the name stays inside the destination folder (no zip-slip) and the entry is a
// plain file or folder (no symbolic link, device or FIFO), whatever the tool that wrote the ZIP.

/** Why an entry is refused, or null when it is safe. */
export type ZipEntryProblem = 'unsafe-path' | 'link' | null;

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

/**
 * A safe entry name: relative, `/`-separated, no `..` or `.` segment, no empty segment (except a
 * folder's trailing slash), no backslash, drive letter, NUL or control character, at most 512 characters.
 */
export function isSafeEntryName(name: string): boolean {
  if (name.length === 0 || name.length > 512) return false;
  if (/[\u0000-\u001f\\]/.test(name)) return false;
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return false;
  const segments = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  return segments.every((segment) => segment !== '' && segment !== '.' && segment !== '..' && !/^[A-Za-z]:$/.test(segment));
}

/**
 * The Unix file type in a central directory entry's external attributes (high 16 bits, written by
 * Info-ZIP and most Unix tools; zero from tools that store none). Only plain files and folders pass.
 * See APPNOTE.TXT 4.4.15 (https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT).
 */
export function isPlainEntryMode(externalFileAttributes: number): boolean {
  const type = (externalFileAttributes >>> 16) & S_IFMT;
  return type === 0 || type === S_IFREG || type === S_IFDIR;
}

export function zipEntryProblem(name: string, externalFileAttributes: number): ZipEntryProblem {
  if (!isSafeEntryName(name)) return 'unsafe-path';
  if (!isPlainEntryMode(externalFileAttributes)) return 'link';
  return null;
}
