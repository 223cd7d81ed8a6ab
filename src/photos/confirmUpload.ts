// The presigned path: the client PUT the photo's raw bytes at uploads/<user id>/<uuid> and now
// confirms it. The raw upload is read, processed like POST /photos (metadata stripped, upright,
// thumbnail), stored under photos/<user id>/ and recorded; then the raw upload is deleted, since
// its bytes still carry the GPS position and the rest. Once read, the raw upload is deleted
// whatever happens next: a file that is no photo (not an image, too large, damaged) can never
// become one, and after a failed database write (say, linkedScanId is not the user's scan) the
// client uploads again. Only problems found before it is read (the key, the other input) leave it
// in place for a corrected confirmation.
import type { PoolClient } from 'pg';
import { deleteObject, getObjectBytes, ObjectMissingError, ObjectTooLargeError } from '../storage/objects';
import type { Storage } from '../storage/s3';
import { firstProblem, photoInput } from './input';
import { PhotoRejected, processPhoto } from './process';
import { photoDay, recordPhoto, type PhotoRow } from './record';
import { withStoredPhoto } from './store';

export interface ConfirmPhotoUploadInput {
  userId: string;
  uploadKey: string;
  photoDate?: string;
  photoType?: string;
  linkedScanId?: string;
  notes?: string;
  maxBytes: number;
}

/** Thrown when uploadKey names no object: the upload never happened, or was confirmed already. */
export class UploadNotFound extends Error {
  readonly field = 'uploadKey';
  constructor() {
    super('uploadKey: no such upload (it was never made, has expired or was confirmed already)');
  }
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The key a presigned photo upload is made at (requestPhotoUpload hands out these). */
export function isUploadKeyOf(userId: string, key: string): boolean {
  return new RegExp(`^uploads/${userId.toLowerCase()}/${UUID}$`).test(key);
}

/**
 * Turns a raw presigned upload into a photo of input.userId. deps.client is already in that
 * user's transaction as vitalis_api; the row is written there, so it commits with the caller.
 * Throws PhotoRejected (field and rule) for a bad input or file, UploadNotFound for a key with
 * no object, and the database's error (e.g. linkedScanId: no such DEXA scan) as it is.
 */
export async function confirmPhotoUpload(deps: { storage: Storage; client: PoolClient }, input: ConfirmPhotoUploadInput): Promise<PhotoRow> {
  const { storage, client } = deps;
  if (!isUploadKeyOf(input.userId, input.uploadKey)) {
    throw new PhotoRejected('uploadKey', `must be a key under uploads/${input.userId}/ returned by requestPhotoUpload`);
  }
  const parsed = photoInput.safeParse({ photoDate: input.photoDate, photoType: input.photoType, linkedScanId: input.linkedScanId, notes: input.notes });
  if (!parsed.success) {
    const problem = firstProblem(parsed.error);
    throw new PhotoRejected(problem.field, problem.message.slice(problem.field.length + 2));
  }

  const dropUpload = () => deleteObject(storage, input.uploadKey);
  let bytes: Buffer;
  try {
    bytes = await getObjectBytes(storage, input.uploadKey, input.maxBytes);
  } catch (error) {
    if (error instanceof ObjectMissingError) throw new UploadNotFound();
    if (!(error instanceof ObjectTooLargeError)) throw error;
    await dropUpload();
    throw new PhotoRejected('file', `is larger than the ${input.maxBytes} bytes this server accepts`, 413);
  }
  let processed;
  try {
    processed = await processPhoto(bytes, { maxBytes: input.maxBytes });
  } catch (error) {
    if (error instanceof PhotoRejected) await dropUpload();
    throw error;
  }
  // The raw upload goes once its photo is stored, before the row is written: if that write fails
  // the stored photo goes too, and the client uploads again. If the raw upload cannot be deleted,
  // nothing is recorded and the confirmation can be repeated.
  return withStoredPhoto(storage, input.userId, processed, async (stored) => {
    await dropUpload();
    return recordPhoto(client, stored, photoDay(parsed.data, processed.takenOn), parsed.data);
  });
}
