// Runs in the renderer. Hands a file the user picked or dropped to the main side as an upload, in parts
// small enough for both bindings, and returns the grant to pass back: the page never names a path.
import { UPLOAD_PART_BYTES, type FileChoice, type READ_PURPOSES } from '../../shared/api/files';
import type { StudioApi } from '../../shared/api/studioApi';

type UploadCalls = Pick<StudioApi, 'beginUpload' | 'appendUpload' | 'finishUpload' | 'abortUpload'>;

export async function uploadBytes(studio: UploadCalls, bytes: Uint8Array, name: string, purpose: (typeof READ_PURPOSES)[number]): Promise<FileChoice> {
  const { uploadId } = await studio.beginUpload({ purpose, name, size: bytes.byteLength });
  try {
    for (let offset = 0, seq = 0; offset < bytes.byteLength; offset += UPLOAD_PART_BYTES, seq += 1) {
      await studio.appendUpload(uploadId, seq, bytes.subarray(offset, Math.min(bytes.byteLength, offset + UPLOAD_PART_BYTES)));
    }
    return await studio.finishUpload(uploadId);
  } catch (error) {
    // The part file goes; the error (disk full, too large…) is the caller's to show.
    await studio.abortUpload(uploadId).catch(() => undefined);
    throw error;
  }
}
