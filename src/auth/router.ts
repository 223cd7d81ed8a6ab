import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response, Router } from 'express';
import type { Pool } from 'pg';
import type { z } from 'zod';
import type { Config } from '../config';
import type { Logger } from '../http/logger';
import { getAuthentication, jwtMiddleware, poolSessionChecker, type Authentication } from '../http/jwt';
import { getRequestState } from '../http/requestState';
import { authTransaction } from './db';
import { sendError, sendValidationErrors } from '../http/errors';
import { createMailer, type Mailer } from './mailer';
import { createOAuthVerifier, IdTokenError, type OAuthProvider } from './oauth';
import { RateLimitedError, sendRateLimited, takeRateLimit } from './rateLimits';
import { changePasswordBody, idTokenBody, loginBody, refreshBody, registerBody, resetBody, resetRequestBody, tokenBody } from './schemas';
import { tokenResponse } from './sessions';

export interface AuthRouterOptions {
  config: Config;
  /** The API's vitalis_authenticator pool (the router switches role per transaction). */
  pool: Pool;
  logger: Logger;
  mailer?: Mailer;
}

const INVALID_CREDENTIALS = 'Email or password is not correct';

/** The 429 message for each login limit (auth_login's limited_by). */
const LOGIN_LIMITED: Record<string, string> = {
  account_ip: 'Too many failed sign-in attempts for this account from this IP address',
  ip: 'Too many failed sign-in attempts from this IP address',
  account: 'Too many failed sign-in attempts for this account: sign-ins from new places are slowed down',
};

/** Parses a JSON body with a zod schema, or answers 400 naming each field and rule. */
function parseBody<S extends z.ZodType>(schema: S, req: Request, res: Response): z.infer<S> | undefined {
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
    sendError(res, 400, 'BAD_USER_INPUT', 'The request body must be a JSON object (Content-Type: application/json)');
    return undefined;
  }
  const parsed = schema.safeParse(req.body);
  if (!parsed.success) {
    sendValidationErrors(res, parsed.error);
    return undefined;
  }
  return parsed.data;
}

/** Maps the database's own checks (same rules as the zod schemas) to 400s naming the field. */
function databaseInputError(error: unknown): { field: string; message: string } | undefined {
  const pg = error as { code?: string; constraint?: string; column?: string; message?: string };
  if (pg.code === '23514' && pg.constraint === 'users_email_format') return { field: 'email', message: 'email must be a valid email address' };
  if (pg.code === '23514' && pg.constraint?.startsWith('users_display_name')) return { field: 'displayName', message: 'displayName must be 1 to 200 characters' };
  if (pg.code === '22023' && pg.column === 'password') return { field: 'password', message: pg.message ?? 'password is not accepted' };
  return undefined;
}

/**
 * POST /auth/* (JSON): accounts, sessions, email verification, password reset, Google and Apple
 * sign-in (docs/auth.md). Mounted before PostGraphile; it also runs the session-checking JWT
 * middleware for every request that passes it, so /graphql sees only live sessions.
 */
export function createAuthRouter(options: AuthRouterOptions): Router {
  const { config, pool, logger } = options;
  const mailer = options.mailer ?? createMailer(config);
  const verifiers = { google: createOAuthVerifier('google', config), apple: createOAuthVerifier('apple', config) };
  const router = Router();
  const json = express.json({ limit: '32kb' });
  const anonymous = (req: Request) => ({ role: 'vitalis_anonymous' as const, state: getRequestState(req) });
  const signedIn = (req: Request, auth: Authentication) => ({ role: 'vitalis_api' as const, userId: auth.userId, state: getRequestState(req) });
  const link = (route: string, token: string) => `${config.PUBLIC_URL.replace(/\/$/, '')}${route}?token=${encodeURIComponent(token)}`;

  // Wraps a handler so a rejected promise reaches the error handler below with the request's log context.
  const handle =
    (fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
    (req, res, next) => {
      fn(req, res).catch((error: unknown) => {
        const input = databaseInputError(error);
        if (input && !res.headersSent) {
          sendError(res, 400, 'BAD_USER_INPUT', input.message, input.field);
          return;
        }
        next(error);
      });
    };

  // ---- anonymous routes (an Authorization header is ignored here: refreshing with an expired
  // access token still attached must work) ----

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
    }),
  );

  router.post(
    '/auth/login',
    json,
    handle(async (req, res) => {
      const body = parseBody(loginBody, req, res);
      if (!body) return;
      const row = await authTransaction(pool, anonymous(req), async (client) => {
        const { rows } = await client.query('select * from vitalis_private.auth_login($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', [
          body.email,
          body.password,
          config.REFRESH_TOKEN_TTL,
          config.LOGIN_WINDOW,
          config.LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP,
          config.LOGIN_MAX_FAILURES_PER_IP,
          config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
          config.LOGIN_ACCOUNT_WINDOW,
          config.LOGIN_THROTTLE_BASE_DELAY,
          config.LOGIN_THROTTLE_MAX_DELAY,
        ]);
        return rows[0];
      });
      if (row.status === 'rate_limited') {
        res.set('Retry-After', String(row.retry_after));
        sendError(res, 429, 'RATE_LIMITED', `${LOGIN_LIMITED[row.limited_by] ?? 'Too many failed sign-in attempts'}: try again in ${row.retry_after} seconds`);
        return;
      }
      if (row.status !== 'ok') {
        sendError(res, 401, 'UNAUTHENTICATED', INVALID_CREDENTIALS);
        return;
      }
      res.json(tokenResponse(config, row));
    }),
  );

  router.post(
    '/auth/refresh',
    json,
    handle(async (req, res) => {
      const body = parseBody(refreshBody, req, res);
      if (!body) return;
      const row = await authTransaction(pool, anonymous(req), async (client) => {
        const { rows } = await client.query('select * from vitalis_private.auth_refresh($1, $2)', [body.refreshToken, config.REFRESH_TOKEN_TTL]);
        return rows[0];
      });
      if (row.status === 'reused') {
        logger.warn({ requestId: getRequestState(req)?.requestId }, 'revoked refresh token presented again: session family revoked');
        sendError(res, 401, 'UNAUTHENTICATED', 'Refresh token was already used: every session from this sign-in has been ended', 'refreshToken');
        return;
      }
      if (row.status !== 'ok') {
        sendError(res, 401, 'UNAUTHENTICATED', 'Refresh token is invalid or expired', 'refreshToken');
        return;
      }
      res.json(tokenResponse(config, row));
    }),
  );

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
        mailer
          .send({
            to: row.email,
            subject: 'Reset your Vitalis password',
            text:
              `Someone (hopefully you) asked to reset the password of your Vitalis account.\n\n` +
              `Open ${link('/reset-password', row.token)}\nor use this token: ${row.token}\n\n` +
              `It works once, within ${Math.round(config.PASSWORD_RESET_TTL / 60)} minutes. If you did not ask, ignore this message.\n`,
          })
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
      if (row.status !== 'ok') {
        sendError(res, 400, 'BAD_USER_INPUT', 'token is invalid, expired or already used', 'token');
        return;
      }
      res.json({ passwordReset: true, sessionsRevoked: row.sessions_revoked });
    }),
  );

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

  // ---- everything below, and every request that passes this router (GraphQL), is authenticated
  // by bearer token with a live session ----
  router.use(jwtMiddleware(config, poolSessionChecker(pool)));

  const requireAuth: RequestHandler = (req, res, next) => {
    if (!getAuthentication(req)) {
      sendError(res, 401, 'UNAUTHENTICATED', 'Sign in required: send Authorization: Bearer <access token>');
      return;
    }
    next();
  };

  router.post(
    '/auth/logout',
    requireAuth,
    handle(async (req, res) => {
      const auth = getAuthentication(req)!;
      await authTransaction(pool, signedIn(req, auth), (client) => client.query('select vitalis_private.auth_logout($1)', [auth.sessionId]));
      res.json({ loggedOut: true });
    }),
  );

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
      if (row.status !== 'ok') {
        sendError(res, 400, 'BAD_USER_INPUT', 'currentPassword is not correct (an account that only signs in with Google or Apple has none: use a password reset to set one)', 'currentPassword');
        return;
      }
      res.json({ passwordChanged: true, sessionsRevoked: row.sessions_revoked });
    }),
  );

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
      await mailer.send({
        to: row.email,
        subject: 'Confirm your email for Vitalis',
        text:
          `Confirm that ${row.email} is yours:\n\n` +
          `Open ${link('/verify-email', row.token)}\nor use this token: ${row.token}\n\n` +
          `It works once, within ${Math.round(config.EMAIL_VERIFICATION_TTL / 3600)} hours.\n`,
      });
      res.status(202).json({ sent: true, alreadyVerified: false });
    }),
  );

  // Malformed JSON bodies are the client's fault, not a 500.
  const onError: ErrorRequestHandler = (error, req, res, next) => {
    const status = (error as { status?: number; type?: string }).status;
    if (req.path.startsWith('/auth/') && typeof status === 'number' && status >= 400 && status < 500 && !res.headersSent) {
      sendError(res, status, 'BAD_USER_INPUT', status === 413 ? 'The request body is too large' : 'The request body is not valid JSON');
      return;
    }
    next(error);
  };
  router.use(onError);
  return router;
}
