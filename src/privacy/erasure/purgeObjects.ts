// Deletes every object under a user's prefixes (src/storage/userPrefixes.ts): a ListObjectsV2 page,
// then one DeleteObjects call for its keys (at most 1,000, S3's limit), then the listing again from
// the start, until it is empty: the page just deleted is gone, so no continuation token is needed.
// (The local s3rver cannot answer a truncated listing on Node 22, whose OpenSSL lacks the DES
// cipher it makes tokens with, so tests only reach the first page.) Idempotent: a second run
// finds nothing and deletes nothing.
import { DeleteObjectsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Storage } from '../../storage/s3';
import { userPrefixes } from '../../storage/userPrefixes';

/** Keys per listing and per DeleteObjects call: S3's maximum for both. */
const PAGE = 1000;

/** How many objects went. Throws when S3 refuses a key (the job is retried). */
export async function purgeUserObjects(storage: Storage, userId: string): Promise<number> {
  let deleted = 0;
  for (const prefix of userPrefixes(userId)) {
    for (;;) {
      const page = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: prefix, MaxKeys: PAGE }));
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
      if (keys.length === 0) break;
      const result = await storage.client.send(new DeleteObjectsCommand({ Bucket: storage.bucket, Delete: { Objects: keys, Quiet: true } }));
      const failed = result.Errors ?? [];
      // Thrown, not retried here: listing again would find the same keys forever.
      if (failed.length > 0) throw new Error(`storage: ${failed.length} of ${keys.length} objects under ${prefix.split('/')[0]}/ could not be deleted (${failed[0]?.Code ?? 'unknown'})`);
      deleted += keys.length;
    }
  }
  return deleted;
}
