import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Storage } from './s3';

/**
 * Copies an object to a temporary file and passes its path to fn; the file is removed afterwards.
 * Importers need a file: a zip is read by random access, and a multi-GB export must not be held
 * in memory.
 */
export async function withDownloadedObject<T>(storage: Storage, key: string, fn: (file: string, bytes: number) => Promise<T>): Promise<T> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'vitalis-import-'));
  const file = path.join(dir, path.basename(key) || 'upload');
  try {
    const object = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key }));
    if (!object.Body) throw new Error(`objectKey: ${key} has no content`);
    await pipeline(object.Body as Readable, fs.createWriteStream(file));
    const { size } = await fs.promises.stat(file);
    return await fn(file, size);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/** Streams a request body into the bucket under key (multipart, so size is unbounded and memory is not). */
export async function putStream(storage: Storage, key: string, body: Readable, contentType = 'application/octet-stream'): Promise<void> {
  await new Upload({ client: storage.client, params: { Bucket: storage.bucket, Key: key, Body: body, ContentType: contentType }, queueSize: 2, partSize: 8 * 1024 * 1024 }).done();
}
