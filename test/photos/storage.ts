// Reading the bucket back in the photo tests: what was stored, and what was not.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { loadConfig } from '../../src/config';
import { openStorage, type Storage } from '../../src/storage/s3';

/** A real S3-protocol server (s3rver) in a temporary directory; close() removes both. */
export async function openTestStorage(): Promise<Storage & { dispose(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-photos-'));
  const storage = await openStorage(loadConfig({ S3_BUCKET: 'vitalis-photos' }), { directory: dir });
  return {
    ...storage,
    dispose: async () => {
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function keysUnder(storage: Storage, prefix: string): Promise<string[]> {
  const listed = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

export async function getObject(storage: Storage, key: string): Promise<Buffer> {
  const object = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

export async function putObject(storage: Storage, key: string, body: Buffer): Promise<void> {
  await storage.client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: key, Body: body }));
}

export async function exists(storage: Storage, key: string): Promise<boolean> {
  return storage.client.send(new HeadObjectCommand({ Bucket: storage.bucket, Key: key })).then(
    () => true,
    () => false,
  );
}
