// Runs everywhere (shared, pure). Errors cross the StudioApi as data, never as stack traces, paths or errno.

/**
 * Every code the studio raises. Stable: the renderer translates them (src/renderer/i18n, or a feature's
 * messages.ts) and falls back to `message`, which is plain English. Add a code here before raising it.
 */
export const STUDIO_ERROR_CODES = [
  // Contract and bindings
  'BAD_ARGS',
  'BAD_METHOD',
  'BAD_FRAME',
  'FORBIDDEN',
  'BRIDGE_DISCONNECTED',
  'DESKTOP_ONLY',
  'OPEN_EXTERNAL_UNAVAILABLE',
  'NOT_FOUND',
  'AMBIGUOUS',
  'CANCELLED',
  'INTERNAL',
  // Files and the system (also what unexpected Node errors become, see toErrorInfo)
  'FILE_NOT_FOUND',
  'FILE_ACCESS_DENIED',
  'FILE_EXISTS',
  'FILE_BUSY',
  'DISK_FULL',
  'TOO_MANY_OPEN_FILES',
  'NETWORK_ERROR',
  'LIBRARY_ERROR',
  // Grants (paths chosen on the main side, passed back by the renderer)
  'GRANT_INVALID',
  'FILE_CHANGED',
  'UPLOAD_TOO_LARGE',
  'UPLOAD_INCOMPLETE',
  // Library and jobs
  'LIBRARY_BUSY',
  'LIBRARY_TOO_NEW',
  'LIBRARY_UNREADABLE',
  'JOB_EXISTS',
  'JOB_NOT_RETRYABLE',
  'SECRET_LOCKED',
  'SECRET_UNREADABLE',
  'SECRET_GONE',
  'DEMO_MISSING',
  'CAPSULE_EMPTY',
  // PDF import
  'PDF_BAD_PASSWORD',
  'PDF_CORRUPT',
  'PDF_EMPTY',
  'PDF_ENCRYPTED',
  'PDF_NOT_FOUND',
  'PDF_NOT_PDF',
  'PDF_TOO_LARGE',
  'PDF_TOO_MANY_PAGES',
  'PDF_UNREADABLE',
  'PDF_WRITE_FAILED',
  'PDF_TIMEOUT',
  'PDF_XFA_FORM',
  'PDF_TABLES_LEFT_OUT',
  // Recording and takes
  'BAD_MEDIA',
  'CHUNK_OUT_OF_ORDER',
  'DEVICE_LOST',
  'NO_TAKE',
  'RECORDING_UNSUPPORTED',
  'RECORDER_NOT_STARTED',
  'UNSUPPORTED_RECORDING_FORMAT',
  'TAKE_CORRUPT',
  'TAKE_EMPTY',
  'TAKE_FINALIZE_FAILED',
  'TAKE_INTERRUPTED',
  'TAKE_MISSING',
  'TAKE_NOT_READY',
  'TAKE_NOT_RECORDING',
  'TAKE_NOT_RECOVERED',
  'TAKE_NO_AUDIO',
  'TAKE_WRITE_FAILED',
  // The pen (issue 15)
  'INK_FILE_DAMAGED',
  // Screen grains (issue #15)
  'SCREEN_GRAIN_HAS_NO_SLIDES',
  'SCREEN_TRACK_NOT_OPEN',
  'SCREEN_TAKE_MISSING',
  'SCREEN_CAPTURE_DENIED',
  'BACKGROUND_MODEL_UNAVAILABLE',
  'PROCESSED_TRACK_NOT_OPEN',
  // FFmpeg and the montage
  'FFMPEG_NOT_FOUND',
  'FFMPEG_BROKEN',
  'FFMPEG_FAILED',
  'FFPROBE_FAILED',
  'FFPROBE_NOT_FOUND',
  'LOUDNESS_MEASURE_FAILED',
  'MEDIA_MISSING',
  'MEDIA_UNREADABLE',
  'MUSIC_CORRUPT',
  'MUSIC_MISSING',
  'EXTRA_VIDEO_CORRUPT',
  'EXTRA_VIDEO_MISSING',
  'SLIDE_IMAGE_MISSING',
  'TRIM_INVALID',
  'CAPTIONS_INVALID',
  'GRAINS_UNRECORDED',
  'SAVE_FAILED',
  // Capsule bundles (.capsule) and Polymny exports
  'BUNDLE_CORRUPT',
  'BUNDLE_UNSAFE_PATH',
  'BUNDLE_LINK',
  'BUNDLE_TOO_LARGE',
  'BUNDLE_TOO_MANY_ENTRIES',
  'BUNDLE_VERSION_NEWER',
  'BUNDLE_NOT_CAPSULE',
  'BUNDLE_MANIFEST_INVALID',
  'BUNDLE_MEDIA_INVALID',
  'POLYMNY_STRUCTURE_INVALID',
  'POLYMNY_POINTER_LEFT_OUT',
  'POLYMNY_WEBCAM_SETTINGS_LEFT_OUT',
  'POLYMNY_EVENTS_LEFT_OUT',
  'POLYMNY_SOUND_TRACK_LEFT_OUT',
  'POLYMNY_RECORD_MISSING',
  // Esup-Pod
  'POD_ALREADY_PUBLISHED',
  'POD_ANSWER_TOO_LARGE',
  'POD_ANSWER_TOO_SLOW',
  'POD_BAD_RESPONSE',
  'POD_BAD_TOKEN',
  'POD_BAD_URL',
  'POD_BLOCKED',
  'POD_CONNECTION_LOST',
  'POD_DNS',
  'POD_ENCODING_FAILED',
  'POD_ENCODING_STUCK',
  'POD_FILE_CHANGED',
  'POD_INVALID_METADATA',
  'POD_NOTHING_TO_REPLACE',
  'POD_NOT_FOUND',
  'POD_NOT_POD',
  'POD_NOT_STAFF',
  'POD_NO_PROFILE',
  'POD_NO_SOURCE',
  'POD_NO_TOKEN',
  'POD_NO_USERNAME',
  'POD_PROFILE_EXISTS',
  'POD_PUBLICATION_RUNNING',
  'POD_PROVISIONING_INVALID',
  'POD_REDIRECT',
  'POD_SERVER_ERROR',
  'POD_TIMEOUT',
  'POD_TLS',
  'POD_TOO_LARGE',
  'POD_UNKNOWN_USER',
  'POD_UNREACHABLE',
  'POD_UPLOAD_UNCERTAIN',
  'POD_URL_REFUSED',
  'POD_VALIDATION',
  // BigBlueButton (servers' own message keys become BBB_<KEY>, see BbbServerCode)
  'BBB_BAD_ANSWER',
  'BBB_BAD_FILTER',
  'BBB_BAD_RECORDING',
  'BBB_BAD_URL',
  'BBB_BAD_VIDEO',
  'BBB_BAD_XML',
  'BBB_CHECKSUM_ERROR',
  'BBB_DOWNLOAD_FAILED',
  'BBB_FAILED',
  'BBB_FILE_MISSING',
  'BBB_FILE_TOO_LARGE',
  'BBB_HTTP_ERROR',
  'BBB_NO_PLAYBACK',
  'BBB_NO_SECRET',
  'BBB_PROFILE_EXISTS',
  'BBB_PROFILE_NOT_FOUND',
  'BBB_PROTECTED_LINK',
  'BBB_RECORDING_NOT_FOUND',
  'BBB_TIMEOUT',
  'BBB_UNREACHABLE',
  // Live
  'LIVE_BACKLOG',
  'LIVE_BAD_KEY',
  'LIVE_KEY_ON_COMMAND_LINE',
  'LIVE_BAD_SETTINGS',
  'LIVE_BAD_URL',
  'LIVE_CHUNK_ORDER',
  'LIVE_EVENT_DATES',
  'LIVE_EVENT_TITLE',
  'LIVE_FFMPEG_FAILED',
  'LIVE_NOT_RUNNING',
  'LIVE_NO_PIPE',
  'LIVE_NO_RECORDING',
  'LIVE_NO_TARGET',
  'LIVE_PROFILE_NAME',
  'LIVE_PROFILE_NOT_FOUND',
  // Migration (capsule migrate bbb-to-pod)
  'MIGRATE_POD_PROFILE_NOT_FOUND',
  'MIGRATE_OWNER_MISSING',
  'MIGRATE_OWNER_UNKNOWN',
] as const;

/** A BigBlueButton server's own `messageKey` (e.g. notFound → BBB_NOT_FOUND): open-ended by nature. */
export type BbbServerCode = `BBB_${Uppercase<string>}`;

export type StudioErrorCode = (typeof STUDIO_ERROR_CODES)[number] | BbbServerCode;

const KNOWN_CODES: ReadonlySet<string> = new Set(STUDIO_ERROR_CODES);

export function isStudioErrorCode(code: unknown): code is StudioErrorCode {
  return typeof code === 'string' && (KNOWN_CODES.has(code) || /^BBB_[A-Z0-9_]{1,80}$/.test(code));
}

export interface StudioErrorInfo {
  code: StudioErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export class StudioError extends Error {
  readonly code: StudioErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: StudioErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'StudioError';
    this.code = code;
    if (details) this.details = details;
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: StudioErrorInfo };

export function isStudioError(error: unknown): error is StudioError {
  return error instanceof StudioError;
}

/**
 * What an error that is not a StudioError becomes: Node's errno codes (ENOENT, EACCES, ENOSPC…),
 * SQLite's, network failures. The message is ours and stable: no path, no errno, no stack.
 */
const SYSTEM_ERRORS: Record<string, { code: StudioErrorCode; message: string }> = {};
function mapSystem(codes: string[], code: StudioErrorCode, message: string): void {
  for (const system of codes) SYSTEM_ERRORS[system] = { code, message };
}
mapSystem(['ENOENT', 'ENOTDIR'], 'FILE_NOT_FOUND', 'A file the studio needs is missing.');
mapSystem(['EACCES', 'EPERM', 'EROFS'], 'FILE_ACCESS_DENIED', 'The studio is not allowed to read or write a file it needs.');
mapSystem(['EEXIST'], 'FILE_EXISTS', 'A file the studio was about to create already exists.');
mapSystem(['EBUSY', 'ETXTBSY'], 'FILE_BUSY', 'A file the studio needs is in use by another program.');
mapSystem(['EISDIR'], 'FILE_NOT_FOUND', 'The studio expected a file and found a folder.');
mapSystem(['ENOSPC', 'EDQUOT', 'SQLITE_FULL'], 'DISK_FULL', 'The disk is full. Free some space and try again; nothing was lost.');
mapSystem(['EMFILE', 'ENFILE'], 'TOO_MANY_OPEN_FILES', 'Too many files are open at once; try again in a moment.');
mapSystem(
  ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EPIPE', 'EADDRNOTAVAIL'],
  'NETWORK_ERROR',
  'A network connection failed.',
);
mapSystem(['SQLITE_BUSY', 'SQLITE_LOCKED'], 'LIBRARY_BUSY', 'The library is busy; try again in a moment.');
mapSystem(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_READONLY'], 'LIBRARY_ERROR', 'The library database cannot be read or written.');
mapSystem(['ABORT_ERR'], 'CANCELLED', 'The operation was cancelled.');

const UNEXPECTED = { code: 'INTERNAL', message: 'An unexpected error happened in the studio.' } as const;

/** Told of every error toErrorInfo had to wrap (the main side logs it with its stack). */
type UnexpectedErrorListener = (error: unknown, wrapped: StudioErrorInfo) => void;
const unexpectedListeners = new Set<UnexpectedErrorListener>();

/** The main side subscribes its logger here: a wrapped error keeps its stack in the log, never in the answer. */
export function onUnexpectedError(listener: UnexpectedErrorListener): () => void {
  unexpectedListeners.add(listener);
  return () => unexpectedListeners.delete(listener);
}

/**
 * The only form an error takes when it crosses the contract or is stored (jobs table): a StudioError
 * as it is; anything else wrapped into a stable code and message, and reported to the listeners.
 */
export function toErrorInfo(error: unknown): StudioErrorInfo {
  if (error instanceof StudioError) {
    return error.details ? { code: error.code, message: error.message, details: error.details } : { code: error.code, message: error.message };
  }
  // Error data that already crossed a boundary (a worker's answer, a stored job): kept if its code is ours.
  if (isErrorInfo(error)) return error.details ? { code: error.code, message: error.message, details: error.details } : { code: error.code, message: error.message };
  const systemCode = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const isAbort = error instanceof Error && error.name === 'AbortError';
  const mapped = isAbort ? SYSTEM_ERRORS.ABORT_ERR! : ((typeof systemCode === 'string' ? SYSTEM_ERRORS[systemCode] : undefined) ?? UNEXPECTED);
  const wrapped: StudioErrorInfo = { code: mapped.code, message: mapped.message };
  for (const listener of unexpectedListeners) {
    try {
      listener(error, wrapped);
    } catch {
      // A failing logger must not turn one error into another.
    }
  }
  return wrapped;
}

export function fromErrorInfo(info: StudioErrorInfo): StudioError {
  return new StudioError(info.code, info.message, info.details);
}

function isErrorInfo(value: unknown): value is StudioErrorInfo {
  if (typeof value !== 'object' || value === null || value instanceof Error) return false;
  const candidate = value as { code?: unknown; message?: unknown; details?: unknown };
  return isStudioErrorCode(candidate.code) && typeof candidate.message === 'string' && (candidate.details === undefined || (typeof candidate.details === 'object' && candidate.details !== null));
}

export function cancelledError(): StudioError {
  return new StudioError('CANCELLED', 'The operation was cancelled.');
}
