// Runs in Node (PDF worker threads and the importer). Turns pdf.js and file-system failures into stable error codes.
import { StudioError, type StudioErrorInfo } from '../../shared/errors';

/** pdf.js's PasswordException codes (PasswordResponses in pdf.js). */
const NEED_PASSWORD = 1;
const INCORRECT_PASSWORD = 2;

/** A failure while opening the document. pdf.js throws named exceptions; anything else means it could not parse. */
export function openFailure(error: unknown): StudioErrorInfo {
  const e = error as { name?: string; code?: number; message?: string };
  if (e?.name === 'PasswordException') {
    if (e.code === INCORRECT_PASSWORD) {
      return { code: 'PDF_BAD_PASSWORD', message: 'The password is wrong for this PDF.', details: { needsPassword: true } };
    }
    if (e.code === NEED_PASSWORD) {
      return { code: 'PDF_ENCRYPTED', message: 'This PDF is protected by a password. Give the password to import it.', details: { needsPassword: true } };
    }
  }
  if (e?.name === 'InvalidPDFException' || e?.name === 'MissingPDFException' || e?.name === 'FormatError') {
    return { code: 'PDF_CORRUPT', message: 'This PDF is damaged or incomplete (it may have been cut short) and cannot be read.' };
  }
  return { code: 'PDF_CORRUPT', message: `This PDF cannot be read: ${e?.message ?? String(error)}` };
}

/** A failure on one page: a write error keeps its meaning (disk full), anything else is a damaged page. */
export function pageFailure(error: unknown, pageNumber: number): StudioErrorInfo {
  if (error instanceof StudioError) return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  const e = error as { code?: string; message?: string };
  if (e?.code === 'ENOSPC' || e?.code === 'EDQUOT') {
    return { code: 'DISK_FULL', message: 'The disk is full: the slides could not be written. Free some space and try again.', details: { pageNumber } };
  }
  if (typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code)) {
    return { code: 'PDF_WRITE_FAILED', message: `Slide ${pageNumber} could not be written (${e.code}).`, details: { pageNumber, errno: e.code } };
  }
  return { code: 'PDF_CORRUPT', message: `Page ${pageNumber} of this PDF is damaged and cannot be rendered: ${e?.message ?? String(error)}`, details: { pageNumber } };
}

/**
 * A failure of the importer itself while creating or filling the output folder: file-system errors get a
 * stable code; anything else (a StudioError already, or a bug) is passed on unchanged.
 */
export function outputFailure(error: unknown, folder: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (error instanceof StudioError || typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return error;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new StudioError('DISK_FULL', 'The disk is full: the slides could not be written. Free some space and try again.', { folder });
  }
  return new StudioError('PDF_WRITE_FAILED', `The slides folder ${folder} cannot be written (${code}).`, { folder, errno: code });
}
