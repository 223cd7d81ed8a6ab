// Account erasure (docs/erasure.md): POST /auth/account-deletion (signed in, re-authenticated with
// the current password, or for accounts without one a sign-in within the last few minutes) starts
// the grace period, signs the user out everywhere and mails a cancel link; POST
// /auth/account-deletion/cancel {token} is that link (anonymous: the user is signed out).
// Signed-in users can also cancel with the GraphQL mutation cancelAccountDeletion.
// Mounted by src/server/app.ts before the auth router, so the cancel link works with a stale
// token attached; the request route checks its session itself.
import express, { Router, type Request, type Response } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { Config } from '../../config';
import { sendError } from '../../http/errors';
import { getAuthentication, jwtMiddleware, poolSessionChecker } from '../../http/jwt';
import type { Logger } from '../../http/logger';
import { getRequestState } from '../../http/requestState';
import { authTransaction } from '../db';
import { parseBody } from './context';

/** Accounts without a password prove themselves by a sign-in this recent (seconds). */
export const RECENT_SIGN_IN_SECONDS = 10 * 60;

export const deletionRequestBody = z.object({ password: z.string({ error: 'password must be a string' }).max(1000).optional() }).strict();
export const cancelDeletionBody = z.object({ token: z.string({ error: 'token is required' }).min(1, { message: 'token is required' }).max(512) }).strict();

interface RequestRow {
  status: 'ok' | 'pending' | 'invalid_password' | 'password_required' | 'reauthenticate' | 'rate_limited';
  request_id: string | null;
  grace_period_ends_at: Date | null;
  sessions_revoked: number | null;
  retry_after: number | null;
}

export function createAccountDeletionRouter(options: { config: Config; pool: Pool; logger: Logger }): Router {
  const { config, pool, logger } = options;
  const router = Router();
  const json = express.json({ limit: '8kb' });
  const handle = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: (error?: unknown) => void) => {
    fn(req, res).catch(next);
  };

  router.post(
    '/auth/account-deletion',
    jwtMiddleware(config, poolSessionChecker(pool)),
    json,
    handle(async (req, res) => {
      const auth = getAuthentication(req);
      if (!auth) {
        sendError(res, 401, 'UNAUTHENTICATED', 'Sign in required: send Authorization: Bearer <access token>');
        return;
      }
      const body = parseBody(deletionRequestBody, req, res);
      if (!body) return;
      const row = await authTransaction(pool, { role: 'vitalis_api', userId: auth.userId, state: getRequestState(req) }, async (client) => {
        const { rows } = await client.query<RequestRow>('select * from vitalis_private.request_account_deletion($1, $2, $3, $4, $5, $6, $7)', [
          auth.sessionId,
          body.password ?? null,
          config.DELETION_GRACE_DAYS,
          config.PUBLIC_URL,
          RECENT_SIGN_IN_SECONDS,
          config.LOGIN_WINDOW,
          config.LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP,
        ]);
        return rows[0]!;
      });
      switch (row.status) {
        case 'ok':
        case 'pending':
          res.status(row.status === 'ok' ? 202 : 200).json({
            requestId: row.request_id,
            status: 'pending',
            gracePeriodEndsAt: row.grace_period_ends_at,
            sessionsRevoked: row.sessions_revoked ?? 0,
          });
          if (row.status === 'ok') logger.info({ requestId: row.request_id, sessionsRevoked: row.sessions_revoked }, 'account deletion requested');
          return;
        case 'invalid_password':
          sendError(res, 400, 'BAD_USER_INPUT', 'password is not correct', 'password');
          return;
        case 'password_required':
          sendError(res, 400, 'BAD_USER_INPUT', 'password is required: send your current password to confirm the deletion', 'password');
          return;
        case 'reauthenticate':
          sendError(res, 403, 'FORBIDDEN', `Sign in again (within the last ${RECENT_SIGN_IN_SECONDS / 60} minutes) to confirm the deletion of an account without a password`);
          return;
        case 'rate_limited':
          res.set('Retry-After', String(row.retry_after ?? 1));
          sendError(res, 429, 'RATE_LIMITED', `Too many wrong passwords for this account from this IP address: try again in ${row.retry_after ?? 1} seconds`);
          return;
      }
    }),
  );

  router.post(
    '/auth/account-deletion/cancel',
    json,
    handle(async (req, res) => {
      const body = parseBody(cancelDeletionBody, req, res);
      if (!body) return;
      const status = await authTransaction(pool, { role: 'vitalis_anonymous', state: getRequestState(req) }, async (client) => {
        const { rows } = await client.query<{ status: 'ok' | 'invalid' }>('select vitalis_private.cancel_account_deletion_by_token($1) as status', [body.token]);
        return rows[0]!.status;
      });
      if (status !== 'ok') {
        sendError(res, 400, 'BAD_USER_INPUT', 'token is invalid, already used, or its grace period has ended', 'token');
        return;
      }
      res.json({ canceled: true });
    }),
  );

  // Malformed JSON is the client's fault, not a 500.
  router.use((error: unknown, req: Request, res: Response, next: (error?: unknown) => void) => {
    const status = (error as { status?: number }).status;
    if (req.path.startsWith('/auth/account-deletion') && typeof status === 'number' && status >= 400 && status < 500 && !res.headersSent) {
      sendError(res, status, 'BAD_USER_INPUT', status === 413 ? 'The request body is too large' : 'The request body is not valid JSON');
      return;
    }
    next(error);
  });
  return router;
}
