// POST /documents?documentType=blood_work&filename=panel.pdf: a report (lab, DEXA or epigenetic
// PDF, a photo/scan of one, or BodySpec's composition JSON) streamed into storage under documents/<user id>/, its SHA-256
// computed on the way. Then, in the user's own transaction, the documents row and its
// document_parse job are created together (vitalis_private.record_document_upload); the same
// bytes uploaded again answer with the existing document, and the second copy is deleted.
// Follow the parse through GraphQL (documentByDocumentId → parseStatus, ingestionJobByParseJobId).
import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { inRequestTransaction } from '../db/requestContext';
import { sniffReportFile } from '../documents/parse';
import { getAuthentication, sendUnauthenticated } from '../http/jwt';
import { sendError } from '../http/errors';
import type { Logger } from '../http/logger';
import { getRequestState } from '../http/requestState';
import { putStream } from '../storage/download';
import { deleteObject } from '../storage/objects';
import type { Storage } from '../storage/s3';
import { describePgError } from './pgErrors';
import { measuredBody, UploadTooLarge } from './uploadBody';

const query = z.object({
  documentType: z.enum(['blood_work', 'dexa', 'epigenetics', 'other'], { error: 'documentType must be blood_work, dexa, epigenetics or other' }).default('other'),
  filename: z
    .string()
    .regex(/^[\w.() -]{1,200}$/, { message: 'filename may use letters, digits, spaces and . _ - ( ), up to 200 characters' })
    .optional(),
});

const REPORT = ' for a report';
const safeName = (name: string) => name.replace(/[^A-Za-z0-9._() -]/g, '_');

export function createDocumentsRouter(options: { pool: Pool; storage: Storage; logger: Logger; maxBytes: number }): Router {
  const router = express.Router();
  router.post('/documents', async (req, res) => {
    const auth = getAuthentication(req);
    if (!auth) return sendUnauthenticated(res, 'Sign in to upload a report');
    const parsed = query.safeParse(req.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return sendError(res, 400, 'BAD_USER_INPUT', issue.message, String(issue.path[0]));
    }
    const tooLarge = () => sendError(res, 413, 'BAD_USER_INPUT', new UploadTooLarge(options.maxBytes, REPORT).message, 'body');
    const declared = Number(req.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > options.maxBytes) return tooLarge();

    const filename = safeName(parsed.data.filename ?? 'report');
    const key = `documents/${auth.userId}/${randomUUID()}/${filename}`;
    const measured = measuredBody(options.maxBytes, { hash: true, what: REPORT });
    try {
      await putStream(options.storage, key, req.pipe(measured.stream));
    } catch (error) {
      if (error instanceof UploadTooLarge || measured.state.bytes > options.maxBytes) {
        await deleteObject(options.storage, key).catch(() => {});
        return tooLarge();
      }
      throw error;
    }
    const { bytes, sha256, head } = measured.state;
    if (bytes === 0) {
      await deleteObject(options.storage, key).catch(() => {});
      return sendError(res, 400, 'BAD_USER_INPUT', 'the request body (the report) is empty', 'body');
    }
    // The content decides the type, not the name or the Content-Type header.
    const mimeType = sniffReportFile(head);
    if (!mimeType) {
      await deleteObject(options.storage, key).catch(() => {});
      return sendError(res, 415, 'BAD_USER_INPUT', 'file: is not a PDF, PNG, JPEG or HEIC file, nor a provider\'s JSON report', 'body');
    }

    const state = getRequestState(req);
    let row: { document_id: string; job_id: string | null; duplicate: boolean };
    try {
      row = await inRequestTransaction(
        options.pool,
        { role: 'vitalis_api', userId: auth.userId, requestId: state?.requestId, ipAddress: state?.ipAddress, userAgent: state?.userAgent },
        async (client) =>
          (
            await client.query('select * from vitalis_private.record_document_upload($1::vitalis.document_type, $2, $3, $4, $5, $6, $7)', [
              parsed.data.documentType,
              key,
              parsed.data.filename ?? null,
              mimeType,
              bytes,
              sha256,
              options.maxBytes,
            ])
          ).rows[0],
      );
    } catch (error) {
      await deleteObject(options.storage, key).catch(() => {});
      const described = describePgError(error as never);
      if (described) return sendError(res, 400, 'BAD_USER_INPUT', described.message, described.field);
      throw error;
    }
    if (row.duplicate) await deleteObject(options.storage, key).catch(() => {});
    options.logger.info({ documentId: row.document_id, jobId: row.job_id, bytes, duplicate: row.duplicate }, 'report uploaded');
    res.status(row.duplicate ? 200 : 202).json({ documentId: row.document_id, jobId: row.job_id, duplicate: row.duplicate, sha256, bytes, mimeType });
  });
  return router;
}
