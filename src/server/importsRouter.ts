// POST /imports/{fileType}: the one thing GraphQL does not fit, a file body of up to many GB.
// The body streams into object storage under imports/<user id>/, then vitalis.create_file_import
// queues the job in the user's own transaction (role vitalis_api: RLS and audit apply). The
// answer is the job to follow through GraphQL (ingestionJobByJobId / ingestionJobs).
import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { sendError } from '../http/errors';
import { inRequestTransaction } from '../db/requestContext';
import { putStream } from '../storage/download';
import type { Storage } from '../storage/s3';
import { describePgError } from './pgErrors';
import { measuredBody, UploadTooLarge } from './uploadBody';
import { getAuthentication, sendUnauthenticated } from '../http/jwt';
import { getRequestState } from '../http/requestState';
import type { Logger } from '../http/logger';

const query = z.object({
  filename: z
    .string()
    .regex(/^[\w.() -]{1,200}$/, { message: 'filename may use letters, digits, spaces and . _ - ( ), up to 200 characters' })
    .optional(),
  weightUnit: z.enum(['kg', 'lbs'], { error: 'weightUnit must be kg or lbs' }).optional(),
});
const FILE_TYPES = ['apple-health', 'fit', 'strong', 'hevy'] as const;
const DEFAULT_NAMES: Record<(typeof FILE_TYPES)[number], string> = { 'apple-health': 'export.zip', fit: 'activity.fit', strong: 'strong.csv', hevy: 'hevy.csv' };

export function createImportsRouter(options: { pool: Pool; storage: Storage; logger: Logger; maxBytes: number }): Router {
  const router = express.Router();
  router.post('/imports/:fileType', async (req, res) => {
    const auth = getAuthentication(req);
    if (!auth) return sendUnauthenticated(res, 'Sign in to upload a file');
    const fileType = FILE_TYPES.find((t) => t === req.params.fileType);
    if (!fileType) return sendError(res, 404, 'BAD_USER_INPUT', `fileType must be one of ${FILE_TYPES.join(', ')}`, 'fileType');
    const parsed = query.safeParse(req.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return sendError(res, 400, 'BAD_USER_INPUT', issue.message, String(issue.path[0]));
    }
    const declared = Number(req.get('content-length') ?? NaN);
    const tooLarge = () => sendError(res, 413, 'BAD_USER_INPUT', new UploadTooLarge(options.maxBytes).message, 'body');
    if (Number.isFinite(declared) && declared > options.maxBytes) return tooLarge();

    const key = `imports/${auth.userId}/${randomUUID()}/${parsed.data.filename ?? DEFAULT_NAMES[fileType]}`;
    const counter = measuredBody(options.maxBytes);
    try {
      await putStream(options.storage, key, req.pipe(counter.stream));
    } catch (error) {
      if (error instanceof UploadTooLarge || counter.state.bytes > options.maxBytes) return tooLarge();
      throw error;
    }
    if (counter.state.bytes === 0) return sendError(res, 400, 'BAD_USER_INPUT', 'the request body (the file) is empty', 'body');

    const state = getRequestState(req);
    try {
      const job = await inRequestTransaction(
        options.pool,
        { role: 'vitalis_api', userId: auth.userId, requestId: state?.requestId, ipAddress: state?.ipAddress, userAgent: state?.userAgent },
        async (client) => (await client.query('select * from vitalis.create_file_import($1, $2, $3)', [fileType, key, parsed.data.weightUnit ?? null])).rows[0],
      );
      options.logger.info({ jobId: job.job_id, fileType, bytes: counter.state.bytes }, 'file import queued');
      res.status(202).json({ job: { jobId: job.job_id, status: job.status, jobType: job.job_type, source: job.source, queuedAt: job.queued_at }, objectKey: key, bytes: counter.state.bytes });
    } catch (error) {
      const described = describePgError(error as never);
      if (described) return sendError(res, 400, 'BAD_USER_INPUT', described.message, described.field);
      throw error;
    }
  });
  return router;
}
