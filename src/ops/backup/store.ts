// Backup objects in the bucket (layout in ./keys.ts): upload, copy into another tier, list, read, delete.
import type { Readable } from 'node:stream';
import { CopyObjectCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { deleteObject, getObjectBytes, putObjectBytes } from '../../storage/objects';
import { putStream } from '../../storage/download';
import type { Storage } from '../../storage/s3';
import { isManifestKey, manifestKeyOf, objectKeyOf, pgDumpKeyOf, PREFIX, type Tier } from './keys';
import { parseManifest, type Manifest } from './manifest';

const MANIFEST_MAX_BYTES = 16 * 1024 * 1024;

export const uploadTo = (storage: Storage, key: string) => (body: Readable) => putStream(storage, key, body, 'application/octet-stream');

export async function putManifest(storage: Storage, objectKey: string, manifest: Manifest): Promise<void> {
  await putObjectBytes(storage, manifestKeyOf(objectKey), Buffer.from(JSON.stringify(manifest, null, 1)), 'application/json');
}

export async function readManifest(storage: Storage, objectKey: string): Promise<Manifest> {
  const key = manifestKeyOf(objectKey);
  return parseManifest(await getObjectBytes(storage, key, MANIFEST_MAX_BYTES), key);
}

/** Server-side copy of a backup and its manifest under another key (a daily that is also the weekly). */
export async function copyBackup(storage: Storage, fromKey: string, toKey: string, withPgDump: boolean): Promise<void> {
  const pairs: Array<[string, string]> = [
    [fromKey, toKey],
    [manifestKeyOf(fromKey), manifestKeyOf(toKey)],
  ];
  if (withPgDump) pairs.unshift([pgDumpKeyOf(fromKey), pgDumpKeyOf(toKey)]);
  for (const [from, to] of pairs) {
    await storage.client.send(new CopyObjectCommand({ Bucket: storage.bucket, Key: to, CopySource: `${storage.bucket}/${encodeURIComponent(from).replace(/%2F/g, '/')}` }));
  }
}

export async function openObject(storage: Storage, key: string): Promise<Readable> {
  const object = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key }));
  if (!object.Body) throw new Error(`backup: ${key} has no content`);
  return object.Body as Readable;
}

export interface StoredBackup {
  tier: Tier;
  objectKey: string;
  manifestKey: string;
}

/** Every backup of a tier (or all tiers), newest first, found by their manifests. */
export async function listBackups(storage: Storage, tier?: Tier): Promise<StoredBackup[]> {
  const keys: Array<{ key: string; encrypted: boolean }> = [];
  let token: string | undefined;
  const all = new Set<string>();
  do {
    const page = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: tier ? `${PREFIX}${tier}/` : PREFIX, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key) all.add(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  for (const key of all) if (isManifestKey(key)) keys.push({ key, encrypted: all.has(objectKeyOf(key, true)) });
  const stamp = (key: string) => key.slice(key.lastIndexOf('/') + 1);
  return keys
    .map(({ key, encrypted }) => ({ tier: key.slice(PREFIX.length).split('/')[0] as Tier, manifestKey: key, objectKey: objectKeyOf(key, encrypted) }))
    .sort((a, b) => (stamp(a.manifestKey) < stamp(b.manifestKey) ? 1 : stamp(a.manifestKey) > stamp(b.manifestKey) ? -1 : a.tier.localeCompare(b.tier)));
}

export async function deleteBackup(storage: Storage, backup: StoredBackup): Promise<void> {
  // The data first: a manifest without its object is listed, and deleted, on the next pass.
  await deleteObject(storage, backup.objectKey);
  await deleteObject(storage, pgDumpKeyOf(backup.objectKey));
  await deleteObject(storage, backup.manifestKey);
}
