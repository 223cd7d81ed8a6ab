// POST /auth/register: a new account with email and password, signed in at once; the mail that
// confirms the address follows (POST /auth/verify-email/request sends another).
import { sendError } from '../../http/errors';
import { renderMail } from '../../mail/render';
import { authTransaction } from '../db';
import { sendRateLimited, takeRateLimit } from '../rateLimits';
import { registerBody } from '../schemas';
import { tokenResponse } from '../sessions';
import { parseBody, type AuthRoutes } from './context';

export const registrationRoutes: AuthRoutes = {
  anonymous(router, { config, pool, logger, mailer, json, handle, anonymous, signedIn, link }) {
    router.post(
      '/auth/register',
      json,
      handle(async (req, res) => {
        const body = parseBody(registerBody, req, res);
        if (!body) return;
        const row = await authTransaction(pool, anonymous(req), async (client) => {
          // Counted before the password is hashed, whether or not the email is taken.
          const refusal = await takeRateLimit(client, config, 'register', body.email);
          if (refusal) return { status: 'rate_limited', refusal };
          const { rows } = await client.query('select * from vitalis_private.auth_register($1, $2, $3, $4)', [
            body.email,
            body.password,
            body.displayName,
            config.REFRESH_TOKEN_TTL,
          ]);
          return rows[0];
        });
        if (row.status === 'rate_limited') {
          sendRateLimited(res, 'register', row.refusal);
          return;
        }
        if (row.status === 'email_taken') {
          sendError(res, 409, 'CONFLICT', 'email is already registered', 'email');
          return;
        }
        res.status(201).json(tokenResponse(config, row));
        // After the response, as the new user: the registration limit already counted this address.
        authTransaction(pool, signedIn(req, { userId: row.user_id, sessionId: row.session_id }), async (client) => {
          const { rows } = await client.query('select * from vitalis_private.auth_request_email_verification($1)', [config.EMAIL_VERIFICATION_TTL]);
          return rows[0];
        })
          .then(async (verification) => {
            if (verification?.status !== 'ok') return;
            const expiresInMinutes = Math.max(1, Math.round(config.EMAIL_VERIFICATION_TTL / 60));
            await mailer.send({ to: verification.email, ...renderMail('email_verification', { link: link('/verify-email', verification.token), token: verification.token, expiresInMinutes }, config) });
          })
          .catch((error: unknown) => logger.error({ err: error, userId: row.user_id }, 'sending the verification email after registration failed'));
      }),
    );
  },
};
