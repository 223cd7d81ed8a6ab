// Where an archive lives in the bucket, how it gets there (a multipart upload fed by the zip
// stream, so memory stays at a few parts whatever the size), and the links that fetch it.
import { PassThrough } from 'node:stream';
import { AbortMultipartUploadCommand, DeleteObjectCommand, GetObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Storage } from '../../storage/s3';
import { userPrefix } from '../../storage/userPrefixes';
import type { ExportManifest } from '../../importers/vitalisExport/manifest';
import { writeExportArchive, type ArchiveHooks, type ExportContext, type ExportRequest } from './archive';

/** SigV4 presigned URLs live at most 7 days. */
export const MAX_PRESIGN_SECONDS = 7 * 86_400;
const PART_BYTES = 8 * 1024 * 1024;

export const archiveKey = (userId: string, exportId: string) => `${userPrefix('exports', userId)}${exportId}.zip`;

/**
 * Aborts unfinished multipart uploads of this archive (a worker killed mid-upload leaves one, whose
 * parts the bucket would keep). A store without ListMultipartUploads (s3rver) has nothing to abort.
 */
export async function abortStaleUploads(storage: Storage, key: string): Promise<number> {
  let aborted = 0;
  try {
    const { Uploads } = await storage.client.send(new ListMultipartUploadsCommand({ Bucket: storage.bucket, Prefix: key }));
    for (const upload of Uploads ?? []) {
      if (upload.Key !== key || !upload.UploadId) continue;
      await storage.client.send(new AbortMultipartUploadCommand({ Bucket: storage.bucket, Key: key, UploadId: upload.UploadId }));
      aborted += 1;
    }
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    const status = e.$metadata?.httpStatusCode;
    if (e.name !== 'NotImplemented' && status !== 501 && status !== 405) throw error;
  }
  return aborted;
}

/** Writes the archive straight into the bucket at key; returns the manifest and the archive's size. */
export async function uploadExportArchive(ctx: ExportContext, request: ExportRequest, key: string, hooks?: ArchiveHooks): Promise<{ manifest: ExportManifest; bytes: number }> {
  let bytes = 0;
  const body = new PassThrough({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const upload = new Upload({
    client: ctx.storage.client,
    params: { Bucket: ctx.storage.bucket, Key: key, Body: body, ContentType: 'application/zip' },
    queueSize: 2,
    partSize: PART_BYTES,
    leavePartsOnError: false,
  });
  const uploaded = upload.done();
  uploaded.catch(() => {}); // awaited below; a failure also destroys body, failing the writer
  try {
    const manifest = await writeExportArchive(ctx, request, body, hooks);
    await uploaded;
    return { manifest, bytes };
  } catch (error) {
    await upload.abort().catch(() => {});
    throw error;
  }
}

/** A GET link for the archive, valid for ttlSeconds (at most 7 days), that downloads it under a readable name. */
export async function presignArchive(storage: Storage, key: string, ttlSeconds: number, filename: string): Promise<string> {
  const command = new GetObjectCommand({
    Bucket: storage.bucket,
    Key: key,
    ResponseContentDisposition: `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    ResponseContentType: 'application/zip',
  });
  return getSignedUrl(storage.client, command, { expiresIn: Math.max(1, Math.min(MAX_PRESIGN_SECONDS, Math.floor(ttlSeconds))) });
}

export async function deleteArchive(storage: Storage, key: string): Promise<void> {
  await storage.client.send(new DeleteObjectCommand({ Bucket: storage.bucket, Key: key }));
}
