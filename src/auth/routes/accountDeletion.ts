// Account erasure (docs/erasure.md): POST /auth/account-deletion (signed in, re-authenticated with
// the current password, or for accounts without one a sign-in within the last few minutes) starts
// the grace period, signs the user out everywhere and mails a cancel link; POST
// /auth/account-deletion/cancel {token} is that link (anonymous: the user is signed out).
// The asking itself is src/auth/accountDeletion.ts, shared with the GraphQL mutation
// requestAccountDeletion; signed-in users can also cancel with the mutation cancelAccountDeletion.
// Mounted by src/server/app.ts before the auth router, so the cancel link works with a stale
// token attached; the request route checks its session itself.
import express, { Router, type Request, type Response } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { Config } from '../../config';
import { ERROR_CODES } from '../../http/errorCodes';
import { sendError } from '../../http/errors';
import { getAuthentication, jwtMiddleware, type Sessions, uncachedSessions } from '../../http/jwt';
import type { Logger } from '../../http/logger';
import { getRequestState } from '../../http/requestState';
import { describeRefusal, MAX_PASSWORD_LENGTH, requestAccountDeletion } from '../accountDeletion';
import { authTransaction } from '../db';
import { parseBody } from './context';

export const deletionRequestBody = z.object({ password: z.string({ error: 'password must be a string' }).max(MAX_PASSWORD_LENGTH).optional() }).strict();
export const cancelDeletionBody = z.object({ token: z.string({ error: 'token is required' }).min(1, { message: 'token is required' }).max(512) }).strict();

export function createAccountDeletionRouter(options: { config: Config; pool: Pool; logger: Logger; sessions?: Sessions }): Router {
  const { config, pool, logger } = options;
  const sessions = options.sessions ?? uncachedSessions(pool);
  const router = Router();
  const json = express.json({ limit: '8kb' });
  const handle = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: (error?: unknown) => void) => {
    fn(req, res).catch(next);
  };

  router.post(
    '/auth/account-deletion',
    jwtMiddleware(config, sessions.check),
    json,
    handle(async (req, res) => {
      const auth = getAuthentication(req);
      if (!auth) {
        sendError(res, 401, 'UNAUTHENTICATED', 'Sign in required: send Authorization: Bearer <access token>');
        return;
      }
      const body = parseBody(deletionRequestBody, req, res);
      if (!body) return;
      const outcome = await authTransaction(pool, { role: 'vitalis_api', userId: auth.userId, state: getRequestState(req) }, (client) =>
        requestAccountDeletion(client, { sessionId: auth.sessionId, password: body.password }, config),
      );
      if (outcome.status === 'requested') sessions.ended(auth.userId);
      if (outcome.status === 'requested' || outcome.status === 'pending') {
        res.status(outcome.status === 'requested' ? 202 : 200).json(outcome.request);
        if (outcome.status === 'requested') logger.info({ requestId: outcome.request.requestId, sessionsRevoked: outcome.request.sessionsRevoked }, 'account deletion requested');
        return;
      }
      const refusal = describeRefusal(outcome);
      if (outcome.status === 'rate_limited') res.set('Retry-After', String(outcome.retryAfterSeconds));
      sendError(res, ERROR_CODES[refusal.code].status, refusal.code, refusal.message, refusal.field);
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
