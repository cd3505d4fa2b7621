// Runs in the renderer. Hands a file the user picked or dropped to the main side as an upload, in parts
// small enough for both bindings, and returns the grant to pass back: the page never names a path.
import { UPLOAD_PART_BYTES, type FileChoice, type READ_PURPOSES } from '../../shared/api/files';
import type { StudioApi } from '../../shared/api/studioApi';

type UploadCalls = Pick<StudioApi, 'beginUpload' | 'appendUpload' | 'finishUpload' | 'abortUpload'>;

export async function uploadBytes(studio: UploadCalls, bytes: Uint8Array, name: string, purpose: (typeof READ_PURPOSES)[number]): Promise<FileChoice> {
  return uploadParts(studio, { name, size: bytes.byteLength, purpose, readPart: async (start, end) => bytes.subarray(start, end) });
}

/** A picked or dropped file, read one part at a time: a bundle can weigh gigabytes, never held whole. */
export async function uploadFile(studio: UploadCalls, file: File, purpose: (typeof READ_PURPOSES)[number]): Promise<FileChoice> {
  return uploadParts(studio, { name: file.name, size: file.size, purpose, readPart: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer()) });
}

async function uploadParts(
  studio: UploadCalls,
  source: { name: string; size: number; purpose: (typeof READ_PURPOSES)[number]; readPart(start: number, end: number): Promise<Uint8Array> },
): Promise<FileChoice> {
  const { uploadId } = await studio.beginUpload({ purpose: source.purpose, name: source.name, size: source.size });
  try {
    for (let offset = 0, seq = 0; offset < source.size; offset += UPLOAD_PART_BYTES, seq += 1) {
      await studio.appendUpload(uploadId, seq, await source.readPart(offset, Math.min(source.size, offset + UPLOAD_PART_BYTES)));
    }
    return await studio.finishUpload(uploadId);
  } catch (error) {
    // The part file goes; the error (disk full, too large…) is the caller's to show.
    await studio.abortUpload(uploadId).catch(() => undefined);
    throw error;
  }
}
