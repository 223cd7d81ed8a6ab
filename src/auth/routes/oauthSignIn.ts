// POST /auth/oauth/google and /auth/oauth/apple: sign in (or create the account) with a verified ID token.
import { sendError } from '../../http/errors';
import { authTransaction } from '../db';
import { createOAuthVerifier, IdTokenError, type OAuthProvider } from '../oauth';
import { RateLimitedError, sendRateLimited, takeRateLimit } from '../rateLimits';
import { idTokenBody } from '../schemas';
import { tokenResponse } from '../sessions';
import { parseBody, type AuthRoutes } from './context';

export const oauthSignInRoutes: AuthRoutes = {
  anonymous(router, { config, pool, json, handle, anonymous }) {
    const verifiers = { google: createOAuthVerifier('google', config), apple: createOAuthVerifier('apple', config) };
    for (const provider of ['google', 'apple'] as OAuthProvider[]) {
      router.post(
        `/auth/oauth/${provider}`,
        json,
        handle(async (req, res) => {
          const verifier = verifiers[provider];
          if (!verifier.enabled) {
            sendError(res, 404, 'NOT_FOUND', `Sign in with ${provider === 'google' ? 'Google' : 'Apple'} is not enabled on this server`);
            return;
          }
          const body = parseBody(idTokenBody, req, res);
          if (!body) return;
          let identity;
          try {
            identity = await verifier.verify(body.idToken);
          } catch (error) {
            if (error instanceof IdTokenError) {
              if (error.status === 503) sendError(res, 503, 'SERVICE_UNAVAILABLE', error.message);
              else sendError(res, 401, 'UNAUTHENTICATED', error.message, 'idToken');
              return;
            }
            throw error;
          }
          let row;
          try {
            row = await authTransaction(pool, anonymous(req), async (client) => {
              const { rows } = await client.query('select * from vitalis_private.auth_oauth_sign_in($1, $2, $3, $4, $5, $6)', [
                provider,
                identity.subject,
                identity.email ?? null,
                identity.emailVerified,
                identity.name ?? null,
                config.REFRESH_TOKEN_TTL,
              ]);
              // A new account counts against the registration limits; refused, the transaction rolls back.
              if (rows[0].created) {
                const refusal = await takeRateLimit(client, config, 'register', identity.email ?? null);
                if (refusal) throw new RateLimitedError('register', refusal);
              }
              return rows[0];
            });
          } catch (error) {
            if (error instanceof RateLimitedError) {
              sendRateLimited(res, error.action, error.refusal);
              return;
            }
            throw error;
          }
          if (row.status === 'no_email') {
            sendError(res, 400, 'BAD_USER_INPUT', 'The ID token has no email: grant the email scope to create an account', 'idToken');
            return;
          }
          if (row.status === 'email_conflict') {
            sendError(res, 409, 'CONFLICT', `An account with this email exists and ${provider} does not confirm the email is verified: sign in with your password`, 'idToken');
            return;
          }
          if (row.status !== 'ok') {
            sendError(res, 401, 'UNAUTHENTICATED', 'This account has been deleted');
            return;
          }
          res.status(row.created ? 201 : 200).json({ ...tokenResponse(config, row), created: row.created, linked: row.linked });
        }),
      );
    }
  },
};
