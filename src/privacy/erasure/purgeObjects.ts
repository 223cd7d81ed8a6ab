// Deletes every object under a user's prefixes (src/storage/userPrefixes.ts): ListObjectsV2 page
// by page, each page removed with one DeleteObjects call (at most 1,000 keys, S3's limit).
// Idempotent: a second run finds nothing and deletes nothing.
import { DeleteObjectsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Storage } from '../../storage/s3';
import { userPrefixes } from '../../storage/userPrefixes';

/** How many objects went. Throws when S3 refuses a key (the job is retried). */
export async function purgeUserObjects(storage: Storage, userId: string): Promise<number> {
  let deleted = 0;
  for (const prefix of userPrefixes(userId)) {
    let token: string | undefined;
    do {
      const page = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: 1000 }));
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
      if (keys.length > 0) {
        const result = await storage.client.send(new DeleteObjectsCommand({ Bucket: storage.bucket, Delete: { Objects: keys, Quiet: true } }));
        const failed = result.Errors ?? [];
        if (failed.length > 0) throw new Error(`storage: ${failed.length} of ${keys.length} objects under ${prefix.split('/')[0]}/ could not be deleted (${failed[0]?.Code ?? 'unknown'})`);
        deleted += keys.length;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
  return deleted;
}
