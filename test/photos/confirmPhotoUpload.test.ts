// The presigned path: the raw upload at uploads/<user>/<uuid> becomes a photo (stored without
// its metadata, recorded in the caller's transaction) and the raw bytes, GPS and all, are gone.
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { confirmPhotoUpload, UploadNotFound, type ConfirmPhotoUploadInput } from '../../src/photos/confirmUpload';
import { PhotoRejected } from '../../src/photos/process';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';
import { phoneJpeg, SECRETS } from './images';
import { exists, getObject, keysUnder, openTestStorage, putObject } from './storage';

const db = useTestDatabase();
let storage: Awaited<ReturnType<typeof openTestStorage>>;
let me: string;
let other: string;

beforeAll(async () => {
  storage = await openTestStorage();
  me = await createUser(db.pool);
  other = await createUser(db.pool);
});
afterAll(async () => {
  await storage?.dispose();
});

async function upload(userId: string, body: Buffer): Promise<string> {
  const key = `uploads/${userId}/${randomUUID()}`;
  await putObject(storage, key, body);
  return key;
}

function confirm(input: Omit<ConfirmPhotoUploadInput, 'userId' | 'maxBytes'> & { maxBytes?: number }, userId = me) {
  return asRequest(db.pool, { userId }, (client) => confirmPhotoUpload({ storage, client }, { userId, maxBytes: 1024 * 1024, ...input }), true);
}

async function failure(promise: Promise<unknown>): Promise<any> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

test('the raw upload becomes a metadata-free photo of the user, and is deleted', async () => {
  const key = await upload(me, await phoneJpeg());
  const photo = await confirm({ uploadKey: key, photoType: 'right', notes: 'day 30' });
  expect(photo).toMatchObject({ userId: me, photoDate: '2025-03-14', photoType: 'right', notes: 'day 30' });
  expect(await exists(storage, key)).toBe(false);

  const image = await getObject(storage, photo.s3Key);
  for (const secret of SECRETS) expect(image.includes(secret)).toBe(false);
  expect((await sharp(image).metadata()).exif).toBeUndefined();
  expect(await exists(storage, photo.s3ThumbnailKey!)).toBe(true);
  const row = await db.pool.query(`select user_id, s3_key from vitalis.photos where photo_id = $1`, [photo.photoId]);
  expect(row.rows).toEqual([{ user_id: me, s3_key: photo.s3Key }]);
});

test('another user’s upload key, or one not shaped like an upload, is refused and left alone', async () => {
  const theirs = await upload(other, await phoneJpeg());
  for (const uploadKey of [theirs, `photos/${me}/${randomUUID()}.jpg`, `uploads/${me}/../${other}/x`]) {
    const error = await failure(confirm({ uploadKey }));
    expect(error).toBeInstanceOf(PhotoRejected);
    expect(error.message).toBe(`uploadKey: must be a key under uploads/${me}/ returned by requestPhotoUpload`);
  }
  expect(await exists(storage, theirs)).toBe(true);
});

test('a key with no object is "no such upload"; bad input is refused before the upload is read', async () => {
  const missing = await failure(confirm({ uploadKey: `uploads/${me}/${randomUUID()}` }));
  expect(missing).toBeInstanceOf(UploadNotFound);
  expect(missing.field).toBe('uploadKey');

  const key = await upload(me, await phoneJpeg());
  const badType = await failure(confirm({ uploadKey: key, photoType: 'sideways' }));
  expect([badType.field, badType.message]).toEqual(['photoType', 'photoType: must be one of front, back, left, right, other']);
  expect(await exists(storage, key)).toBe(true);
});

test('an upload that is no photo is refused and deleted: its bytes can never be kept', async () => {
  const text = await upload(me, Buffer.from('not a picture'));
  const error = await failure(confirm({ uploadKey: text }));
  expect(error.message).toBe('file: is not a JPEG, PNG or HEIC image');
  expect(await exists(storage, text)).toBe(false);

  const big = await upload(me, Buffer.concat([await phoneJpeg(), Buffer.alloc(4096)]));
  const tooLarge = await failure(confirm({ uploadKey: big, maxBytes: 4096 }));
  expect([tooLarge.status, tooLarge.field]).toEqual([413, 'file']);
  expect(await exists(storage, big)).toBe(false);
});

test('another user’s DEXA scan: the database refuses, and neither the photo nor the raw upload is left', async () => {
  const { rows } = await db.pool.query(`insert into vitalis.dexa_scans (user_id, scan_date) values ($1, '2025-02-01') returning scan_id`, [other]);
  const before = await keysUnder(storage, `photos/${me}/`);
  const key = await upload(me, await phoneJpeg());
  const error = await failure(confirm({ uploadKey: key, linkedScanId: rows[0].scan_id }));
  expect(error).toMatchObject({ code: 'VT404', message: 'linkedScanId: no such DEXA scan' });
  expect(await keysUnder(storage, `photos/${me}/`)).toEqual(before);
  expect(await exists(storage, key)).toBe(false);
});
