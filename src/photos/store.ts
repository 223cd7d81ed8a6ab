// Where a processed photo lives: photos/<user id>/<uuid>.jpg and its .thumb.jpg beside it, the
// keys vitalis_private.record_photo accepts for that user. Either both objects are stored or
// neither, and deleteStoredPhoto takes them away again when the database write fails.
import { randomUUID } from 'node:crypto';
import { deleteObject, putObjectBytes } from '../storage/objects';
import type { Storage } from '../storage/s3';

export interface StoredPhoto {
  key: string;
  thumbnailKey: string;
  /** Bytes of the stored image (file_size_bytes). */
  bytes: number;
}

export function photoKeys(userId: string, id: string = randomUUID()): { key: string; thumbnailKey: string } {
  return { key: `photos/${userId}/${id}.jpg`, thumbnailKey: `photos/${userId}/${id}.thumb.jpg` };
}

export async function storePhoto(storage: Storage, userId: string, photo: { image: Buffer; thumbnail: Buffer }): Promise<StoredPhoto> {
  const keys = photoKeys(userId);
  const stored = { ...keys, bytes: photo.image.length };
  try {
    await putObjectBytes(storage, keys.key, photo.image, 'image/jpeg');
    await putObjectBytes(storage, keys.thumbnailKey, photo.thumbnail, 'image/jpeg');
  } catch (error) {
    await deleteStoredPhoto(storage, stored).catch(() => {});
    throw error;
  }
  return stored;
}

/** Removes both objects (a key that is not there is no error). */
export async function deleteStoredPhoto(storage: Storage, stored: { key: string; thumbnailKey: string }): Promise<void> {
  await Promise.all([stored.key, stored.thumbnailKey].map((key) => deleteObject(storage, key)));
}

/**
 * Stores the photo, then runs write (the database row); if write fails, the stored objects are
 * deleted before its error is passed on, so no object is left that no row points to.
 */
export async function withStoredPhoto<T>(storage: Storage, userId: string, photo: { image: Buffer; thumbnail: Buffer }, write: (stored: StoredPhoto) => Promise<T>): Promise<T> {
  const stored = await storePhoto(storage, userId, photo);
  try {
    return await write(stored);
  } catch (error) {
    await deleteStoredPhoto(storage, stored).catch(() => {});
    throw error;
  }
}
