// GET /exports/{exportId}/download: the signed-in owner of a ready export is redirected (302) to a
// short-lived presigned URL of the archive, and the request is marked downloaded. Another user's
// export is not found (404), an expired one is gone (410), one still being written is a conflict
// (409). The link in the export_ready mail works without signing in until the export expires;
// this route is the way back to the archive from the app.
import express, { type Router } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { inRequestTransaction } from '../db/requestContext';
import { sendError } from '../http/errors';
import { getAuthentication, sendUnauthenticated } from '../http/jwt';
import type { Logger } from '../http/logger';
import { getRequestState } from '../http/requestState';
import { presignArchive } from '../privacy/export/store';
import type { Storage } from '../storage/s3';
import { describePgError, type ClientError } from './pgErrors';

/** How long the redirect's URL works: enough to start the download, never past the export's expiry. */
export const DOWNLOAD_REDIRECT_SECONDS = 300;

const STATUS: Partial<Record<ClientError['code'], number>> = { NOT_FOUND: 404, FORBIDDEN: 403, CONFLICT: 409, UNAUTHENTICATED: 401 };
const exportId = z.string().uuid();

interface Download {
  s3_key: string | null;
  status: string;
  expires_at: Date | null;
}

export function createExportsRouter(options: { pool: Pool; storage: Storage; logger: Logger }): Router {
  const router = express.Router();
  router.get('/exports/:exportId/download', async (req, res) => {
    const auth = getAuthentication(req);
    if (!auth) return sendUnauthenticated(res, 'Sign in to download your export');
    const id = exportId.safeParse(req.params.exportId);
    if (!id.success) return sendError(res, 400, 'BAD_USER_INPUT', 'exportId: must be a UUID', 'exportId');
    const state = getRequestState(req);
    let download: Download | undefined;
    try {
      download = await inRequestTransaction(
        options.pool,
        { role: 'vitalis_api', userId: auth.userId, requestId: state?.requestId, ipAddress: state?.ipAddress, userAgent: state?.userAgent },
        async (client) => (await client.query<Download>(`select * from vitalis_private.export_download($1)`, [id.data])).rows[0],
      );
    } catch (error) {
      const described = describePgError(error as never);
      if (described) return sendError(res, STATUS[described.code] ?? 400, described.code, described.message, described.field);
      throw error;
    }
    res.set('Cache-Control', 'no-store');
    if (!download || download.status === 'expired') {
      return sendError(res, 410, 'NOT_FOUND', 'exportId: this export has expired and its archive is deleted; ask for a new export', 'exportId');
    }
    if (download.status !== 'downloaded' || !download.s3_key || !download.expires_at) {
      return sendError(res, 409, 'CONFLICT', `exportId: the export is ${download.status}, not ready to download`, 'exportId');
    }
    const remaining = Math.floor((download.expires_at.getTime() - Date.now()) / 1000);
    const url = await presignArchive(options.storage, download.s3_key, Math.max(1, Math.min(DOWNLOAD_REDIRECT_SECONDS, remaining)), `vitalis-export-${id.data}.zip`);
    options.logger.info({ exportId: id.data }, 'export download');
    res.redirect(302, url);
  });
  return router;
}
