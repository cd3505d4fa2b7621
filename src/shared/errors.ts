// Runs everywhere (shared, pure). Errors cross the StudioApi as data, never as stack traces.

/**
 * Every failure a user can meet has a stable code. The renderer translates the code
 * (see src/renderer/i18n) and falls back to `message`, which is plain English.
 */
export interface StudioErrorInfo {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export class StudioError extends Error {
  readonly code: string;
  readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, details?: Record<string, unknown>) {
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

/** Unknown errors become INTERNAL: their message is kept, their stack never leaves the process. */
export function toErrorInfo(error: unknown): StudioErrorInfo {
  if (error instanceof StudioError) {
    return error.details ? { code: error.code, message: error.message, details: error.details } : { code: error.code, message: error.message };
  }
  if (isErrorInfo(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message };
}

export function fromErrorInfo(info: StudioErrorInfo): StudioError {
  return new StudioError(info.code, info.message, info.details);
}

function isErrorInfo(value: unknown): value is StudioErrorInfo {
  return typeof value === 'object' && value !== null && typeof (value as StudioErrorInfo).code === 'string' && typeof (value as StudioErrorInfo).message === 'string';
}

export function cancelledError(): StudioError {
  return new StudioError('CANCELLED', 'The operation was cancelled.');
}
