// Stored files: each object of the archive is uploaded under the target user's prefix, and the
// restore rewrites every column that held its old key. Keys look like "<kind>/<user id>/<rest>";
// the old user id becomes the new one, and a key of another shape is kept whole beneath
// "<kind>/<new user id>/imported/", so an import never writes outside the target user's prefix.
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Storage } from '../../storage/s3';
import { ExportArchiveError } from './errors';
import { hashing } from './hashing';
import type { ExportObjectEntry } from './manifest';

export function newObjectKey(oldKey: string, oldUserId: string, newUserId: string): string {
  const parts = oldKey.split('/');
  if (parts.length >= 3 && parts[1] === oldUserId) return [parts[0], newUserId, ...parts.slice(2)].join('/');
  const kind = parts.length > 1 && /^[a-z][a-z0-9_-]*$/.test(parts[0]!) ? parts[0]! : 'objects';
  return `${kind}/${newUserId}/imported/${oldKey}`;
}

/** Old key -> new key for every object of the archive. */
export function objectKeyMap(objects: ExportObjectEntry[], oldUserId: string, newUserId: string): Map<string, string> {
  return new Map(objects.map((o) => [o.key, newObjectKey(o.key, oldUserId, newUserId)]));
}

// The types Vitalis itself stores; any other type an archive claims (text/html, say) would change
// how a browser treats the file when it is handed out, so it is stored as plain bytes.
const STORED_TYPES = /^(application\/(pdf|json|zip|xml|octet-stream)|image\/(jpeg|png|heic|heif|webp)|text\/(csv|plain|xml))$/;
export const storedType = (claimed: string | undefined) => (claimed && STORED_TYPES.test(claimed) ? claimed : 'application/octet-stream');

const isMissing = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
};

/** Uploads objects and remembers them, so a failed import removes every one it stored. */
export class ObjectUploader {
  readonly stored: string[] = [];
  private readonly sizes = new Map<string, number>();

  /** Bytes of the objects stored and kept. */
  get bytes(): number {
    return this.stored.reduce((n, key) => n + (this.sizes.get(key) ?? 0), 0);
  }

  constructor(private readonly storage: Storage) {}

  /** Streams one entry to key, checking its SHA-256 again (the file may change between passes). */
  async upload(key: string, body: Readable, entry: ExportObjectEntry): Promise<void> {
    if (await this.exists(key)) {
      body.destroy();
      throw new ExportArchiveError(`${entry.file}: an object already exists at ${key}; not overwritten`);
    }
    const hashed = hashing(body);
    this.stored.push(key);
    await this.storage.client.send(
      new PutObjectCommand({ Bucket: this.storage.bucket, Key: key, Body: hashed.stream, ContentLength: entry.bytes, ContentType: storedType(entry.contentType) }),
    );
    const sha256 = hashed.digest();
    if (sha256 !== entry.sha256) throw new ExportArchiveError(`${entry.file}: changed while it was being imported (SHA-256 ${sha256}, the manifest says ${entry.sha256})`);
    this.sizes.set(key, entry.bytes);
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.storage.client.send(new HeadObjectCommand({ Bucket: this.storage.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  /** Deletes what was stored (after a failure); errors are ignored so the first error is the one reported. */
  async removeAll(): Promise<void> {
    await this.remove([...this.stored]);
  }

  /** Deletes some of the stored objects (best effort) and forgets them. */
  async remove(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.storage.client.send(new DeleteObjectCommand({ Bucket: this.storage.bucket, Key: key })).catch(() => {})));
    const gone = new Set(keys);
    const kept = this.stored.filter((k) => !gone.has(k));
    this.stored.length = 0;
    this.stored.push(...kept);
  }
}
