// POST /photos: a progress photo's bytes as the request body (JPEG, PNG or HEIC, up to
// PHOTO_MAX_BYTES). The photo is re-encoded without its metadata (src/photos/process.ts), stored
// under photos/<user id>/ with a thumbnail, and recorded by vitalis_private.record_photo in the
// user's own transaction (role vitalis_api: RLS and audit apply). If that write fails, the stored
// objects are deleted again: nothing is half-written. The answer is the new photos row.
import type { Request } from 'express';
import express, { type Router } from 'express';
import type { Pool } from 'pg';
import { sendError } from '../http/errors';
import { inRequestTransaction } from '../db/requestContext';
import type { Storage } from '../storage/s3';
import { describePgError, type ClientError } from './pgErrors';
import { getAuthentication, sendUnauthenticated } from '../http/jwt';
import { getRequestState } from '../http/requestState';
import type { Logger } from '../http/logger';
import { firstProblem, photoInput } from '../photos/input';
import { PhotoRejected, processPhoto } from '../photos/process';
import { photoDay, recordPhoto } from '../photos/record';
import { withStoredPhoto } from '../photos/store';

const STATUS: Partial<Record<ClientError['code'], number>> = { NOT_FOUND: 404, FORBIDDEN: 403, CONFLICT: 409, UNAUTHENTICATED: 401 };

/**
 * The body, or 'too large' past maxBytes. Past the limit the rest is read and dropped (so the
 * client, still sending, receives the 413) until it exceeds the limit twice over, when the
 * connection is cut.
 */
function readBody(req: Request, maxBytes: number): Promise<Buffer | 'too large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (over) {
        if (bytes > 2 * maxBytes) req.destroy();
      } else if (bytes > maxBytes) {
        over = true;
        chunks.length = 0;
        resolve('too large');
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? 'too large' : Buffer.concat(chunks, bytes)));
    req.on('error', reject);
  });
}

export function createPhotosRouter(options: { pool: Pool; storage: Storage; logger: Logger; maxBytes: number }): Router {
  const router = express.Router();
  router.post('/photos', async (req, res) => {
    const auth = getAuthentication(req);
    if (!auth) return sendUnauthenticated(res, 'Sign in to upload a photo');
    const parsed = photoInput.safeParse(req.query);
    if (!parsed.success) {
      const problem = firstProblem(parsed.error);
      return sendError(res, 400, 'BAD_USER_INPUT', problem.message, problem.field);
    }
    const tooLarge = () => sendError(res, 413, 'PAYLOAD_TOO_LARGE', `file: is larger than the ${options.maxBytes} bytes this server accepts`, 'file');
    const declared = Number(req.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > options.maxBytes) return tooLarge();
    const body = await readBody(req, options.maxBytes);
    if (body === 'too large') return tooLarge();
    if (body.length === 0) return sendError(res, 400, 'BAD_USER_INPUT', 'file: the request body (the photo) is empty', 'file');

    let processed;
    try {
      processed = await processPhoto(body, { maxBytes: options.maxBytes });
    } catch (error) {
      if (error instanceof PhotoRejected) return sendError(res, error.status, error.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_USER_INPUT', error.message, error.field);
      throw error;
    }

    const state = getRequestState(req);
    const input = parsed.data;
    try {
      const photo = await withStoredPhoto(options.storage, auth.userId, processed, (stored) =>
        inRequestTransaction(
          options.pool,
          { role: 'vitalis_api', userId: auth.userId, requestId: state?.requestId, ipAddress: state?.ipAddress, userAgent: state?.userAgent },
          (client) => recordPhoto(client, stored, photoDay(input, processed.takenOn), input),
        ),
      );
      options.logger.info({ photoId: photo.photoId, bytes: body.length, storedBytes: photo.fileSizeBytes, width: processed.width, height: processed.height }, 'photo stored');
      res.status(201).json({ photo });
    } catch (error) {
      const described = describePgError(error as never);
      if (described) return sendError(res, STATUS[described.code] ?? 400, described.code, described.message, described.field);
      throw error;
    }
  });
  return router;
}
