// Small objects read whole (reports and photos: tens of MB at most, bounded by the caller's limit)
// and presigned PUT URLs for clients that upload straight to the bucket (phones).
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Storage } from './s3';

export class ObjectMissingError extends Error {
  constructor(readonly key: string) {
    super(`no object at ${key}`);
  }
}

export class ObjectTooLargeError extends Error {
  constructor(readonly bytes: number, readonly maxBytes: number) {
    super(`the object has ${bytes} bytes; at most ${maxBytes} are accepted`);
  }
}

const isMissing = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
};

/** The object's size, or ObjectMissingError. */
export async function objectSize(storage: Storage, key: string): Promise<number> {
  try {
    const head = await storage.client.send(new HeadObjectCommand({ Bucket: storage.bucket, Key: key }));
    return head.ContentLength ?? 0;
  } catch (error) {
    if (isMissing(error)) throw new ObjectMissingError(key);
    throw error;
  }
}

/** Reads a whole object into memory, refusing one larger than maxBytes before and while reading it. */
export async function getObjectBytes(storage: Storage, key: string, maxBytes: number): Promise<Buffer> {
  const size = await objectSize(storage, key);
  if (size > maxBytes) throw new ObjectTooLargeError(size, maxBytes);
  let body: Readable;
  try {
    body = (await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key }))).Body as Readable;
  } catch (error) {
    if (isMissing(error)) throw new ObjectMissingError(key);
    throw error;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      body.destroy();
      throw new ObjectTooLargeError(total, maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function putObjectBytes(storage: Storage, key: string, bytes: Buffer, contentType: string): Promise<void> {
  await storage.client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.length }));
}

export async function deleteObject(storage: Storage, key: string): Promise<void> {
  await storage.client.send(new DeleteObjectCommand({ Bucket: storage.bucket, Key: key }));
}

export interface PresignedPut {
  url: string;
  /** Headers the PUT must carry exactly as given: they are part of the signature. */
  headers: Record<string, string>;
  expiresAt: Date;
}

/**
 * A URL that lets the bearer PUT exactly one body to key until it expires. The length, type and
 * SHA-256 are signed: S3 refuses a body of another size or content. (The local s3rver checks no
 * signatures, so the worker checks size and SHA-256 again before it reads a file.)
 */
export async function presignPut(
  storage: Storage,
  key: string,
  body: { contentType: string; contentLength: number; sha256Hex: string },
  ttlSeconds: number,
): Promise<PresignedPut> {
  const checksum = Buffer.from(body.sha256Hex, 'hex').toString('base64');
  const command = new PutObjectCommand({ Bucket: storage.bucket, Key: key, ContentType: body.contentType, ContentLength: body.contentLength, ChecksumSHA256: checksum });
  const url = await getSignedUrl(storage.client, command, {
    expiresIn: ttlSeconds,
    signableHeaders: new Set(['content-type', 'content-length', 'x-amz-checksum-sha256']),
  });
  return {
    url,
    headers: { 'content-type': body.contentType, 'content-length': String(body.contentLength), 'x-amz-checksum-sha256': checksum },
    expiresAt: new Date(Date.now() + ttlSeconds * 1000),
  };
}
