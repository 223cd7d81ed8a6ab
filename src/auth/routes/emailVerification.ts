// Email verification: POST /auth/verify-email (anonymous, with the mailed token) and
// POST /auth/verify-email/request (signed in: mails a new token).
import { sendError } from '../../http/errors';
import { renderMail } from '../../mail/render';
import { getAuthentication } from '../../http/jwt';
import { authTransaction } from '../db';
import { RateLimitedError, sendRateLimited, takeRateLimit } from '../rateLimits';
import { tokenBody } from '../schemas';
import { parseBody, type AuthRoutes } from './context';

export const emailVerificationRoutes: AuthRoutes = {
  anonymous(router, { pool, json, handle, anonymous }) {
    router.post(
      '/auth/verify-email',
      json,
      handle(async (req, res) => {
        const body = parseBody(tokenBody, req, res);
        if (!body) return;
        const row = await authTransaction(pool, anonymous(req), async (client) => {
          const { rows } = await client.query('select * from vitalis_private.auth_verify_email($1)', [body.token]);
          return rows[0];
        });
        if (row.status !== 'ok') {
          sendError(res, 400, 'BAD_USER_INPUT', 'token is invalid, expired or already used', 'token');
          return;
        }
        res.json({ verified: true, userId: row.user_id });
      }),
    );
  },

  signedIn(router, { config, pool, mailer, handle, requireAuth, signedIn, link }) {
    router.post(
      '/auth/verify-email/request',
      requireAuth,
      handle(async (req, res) => {
        const auth = getAuthentication(req)!;
        const row = await authTransaction(pool, signedIn(req, auth), async (client) => {
          const { rows } = await client.query('select * from vitalis_private.auth_request_email_verification($1)', [config.EMAIL_VERIFICATION_TTL]);
          if (rows[0].status !== 'ok') return rows[0];
          // Only a request that would send mail counts; refused, the new token rolls back with the transaction.
          const refusal = await takeRateLimit(client, config, 'verify_email', rows[0].email);
          if (refusal) throw new RateLimitedError('verify_email', refusal);
          return rows[0];
        }).catch((error: unknown) => {
          if (error instanceof RateLimitedError) return { status: 'rate_limited', refusal: error.refusal };
          throw error;
        });
        if (row.status === 'rate_limited') {
          sendRateLimited(res, 'verify_email', row.refusal);
          return;
        }
        if (row.status === 'already_verified') {
          res.json({ sent: false, alreadyVerified: true });
          return;
        }
        const expiresInMinutes = Math.max(1, Math.round(config.EMAIL_VERIFICATION_TTL / 60));
        await mailer.send({ to: row.email, ...renderMail('email_verification', { link: link('/verify-email', row.token), token: row.token, expiresInMinutes }, config) });
        res.status(202).json({ sent: true, alreadyVerified: false });
      }),
    );
  },
};
