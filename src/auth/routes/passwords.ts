// Passwords: POST /auth/password-reset/request and /auth/password-reset (anonymous, by mailed
// token), POST /auth/password (signed in: change with the current one).
import { sendError } from '../../http/errors';
import { renderMail } from '../../mail/render';
import { getAuthentication } from '../../http/jwt';
import { authTransaction } from '../db';
import { sendRateLimited, takeRateLimit } from '../rateLimits';
import { changePasswordBody, resetBody, resetRequestBody } from '../schemas';
import { parseBody, type AuthRoutes } from './context';

export const passwordRoutes: AuthRoutes = {
  anonymous(router, { config, pool, logger, mailer, json, handle, anonymous, link, sessions }) {
    router.post(
      '/auth/password-reset/request',
      json,
      handle(async (req, res) => {
        const body = parseBody(resetRequestBody, req, res);
        if (!body) return;
        // Counted per address whether or not it has an account, so a 429 tells nothing about existence.
        const outcome = await authTransaction(pool, anonymous(req), async (client) => {
          const refusal = await takeRateLimit(client, config, 'password_reset', body.email);
          if (refusal) return { refusal, rows: [] };
          const result = await client.query('select * from vitalis_private.auth_request_password_reset($1, $2)', [body.email, config.PASSWORD_RESET_TTL]);
          return { refusal: undefined, rows: result.rows };
        });
        if (outcome.refusal) {
          sendRateLimited(res, 'password_reset', outcome.refusal);
          return;
        }
        const rows = outcome.rows;
        // The same answer, as fast, whether or not the email has an account: the mail goes out after it.
        res.status(202).json({ message: 'If an account exists for this email, a password reset link has been sent to it.' });
        for (const row of rows) {
          const expiresInMinutes = Math.max(1, Math.round(config.PASSWORD_RESET_TTL / 60));
          mailer
            .send({ to: row.email, ...renderMail('password_reset', { link: link('/reset-password', row.token), token: row.token, expiresInMinutes }, config) })
            .catch((error: unknown) => logger.error({ err: error, userId: row.user_id }, 'sending the password reset email failed'));
        }
      }),
    );

    router.post(
      '/auth/password-reset',
      json,
      handle(async (req, res) => {
        const body = parseBody(resetBody, req, res);
        if (!body) return;
        const row = await authTransaction(pool, anonymous(req), async (client) => {
          const { rows } = await client.query('select * from vitalis_private.auth_reset_password($1, $2)', [body.token, body.newPassword]);
          return rows[0];
        });
        // Whose sessions the reset ended is not returned: drop every cached answer (resets are rare).
        if (row.status === 'ok') sessions.ended();
        if (row.status !== 'ok') {
          sendError(res, 400, 'BAD_USER_INPUT', 'token is invalid, expired or already used', 'token');
          return;
        }
        res.json({ passwordReset: true, sessionsRevoked: row.sessions_revoked });
      }),
    );
  },

  signedIn(router, { pool, json, handle, requireAuth, signedIn, sessions }) {
    router.post(
      '/auth/password',
      requireAuth,
      json,
      handle(async (req, res) => {
        const body = parseBody(changePasswordBody, req, res);
        if (!body) return;
        const auth = getAuthentication(req)!;
        const row = await authTransaction(pool, signedIn(req, auth), async (client) => {
          const { rows } = await client.query('select * from vitalis_private.auth_change_password($1, $2, $3)', [auth.sessionId, body.currentPassword, body.newPassword]);
          return rows[0];
        });
        if (row.status === 'ok') sessions.ended(auth.userId);
        if (row.status !== 'ok') {
          sendError(res, 400, 'BAD_USER_INPUT', 'currentPassword is not correct (an account that only signs in with Google or Apple has none: use a password reset to set one)', 'currentPassword');
          return;
        }
        res.json({ passwordChanged: true, sessionsRevoked: row.sessions_revoked });
      }),
    );
  },
};
