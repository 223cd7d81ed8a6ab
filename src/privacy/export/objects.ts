// The user's stored files that go into an export: every object under their prefixes
// (src/storage/userPrefixes.ts), except earlier export archives (an archive inside the next one
// would make each export larger than the last). Listed page by page, read as streams.
import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Storage } from '../../storage/s3';
import { USER_OBJECT_AREAS, userPrefix } from '../../storage/userPrefixes';

export const EXPORTED_AREAS = USER_OBJECT_AREAS.filter((area) => area !== 'exports');

export interface StoredObject {
  key: string;
  bytes: number;
}

/** Every object of the user in the exported areas, in key order within each area, 1000 per request. */
export async function* listUserObjects(storage: Storage, userId: string): AsyncGenerator<StoredObject> {
  for (const area of EXPORTED_AREAS) {
    let token: string | undefined;
    do {
      const page = await storage.client.send(
        new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: userPrefix(area, userId), ContinuationToken: token, MaxKeys: 1000 }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key) yield { key: object.Key, bytes: object.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
}

/** An object's content as a stream, with its content type. */
export async function openObject(storage: Storage, key: string): Promise<{ body: Readable; contentType?: string }> {
  const object = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key }));
  if (!object.Body) throw new Error(`object ${key} has no content`);
  return { body: object.Body as Readable, contentType: object.ContentType };
}
