// Sessions: POST /auth/login and /auth/refresh (anonymous), POST /auth/logout (signed in).
import { sendError } from '../../http/errors';
import { getAuthentication } from '../../http/jwt';
import { getRequestState } from '../../http/requestState';
import { authTransaction } from '../db';
import { loginBody, refreshBody } from '../schemas';
import { tokenResponse } from '../sessions';
import { parseBody, type AuthRoutes } from './context';

const INVALID_CREDENTIALS = 'Email or password is not correct';

/** The 429 message for each login limit (auth_login's limited_by). */
const LOGIN_LIMITED: Record<string, string> = {
  account_ip: 'Too many failed sign-in attempts for this account from this IP address',
  ip: 'Too many failed sign-in attempts from this IP address',
  account: 'Too many failed sign-in attempts for this account: sign-ins from new places are slowed down',
};

export const sessionRoutes: AuthRoutes = {
  anonymous(router, { config, pool, logger, json, handle, anonymous, sessions }) {
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
        // The old session was rotated, or (reuse) its whole family revoked.
        if (row.status === 'ok' || row.status === 'reused') sessions.ended(row.status === 'ok' ? row.user_id : undefined);
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
  },

  signedIn(router, { pool, handle, requireAuth, signedIn, sessions }) {
    router.post(
      '/auth/logout',
      requireAuth,
      handle(async (req, res) => {
        const auth = getAuthentication(req)!;
        await authTransaction(pool, signedIn(req, auth), (client) => client.query('select vitalis_private.auth_logout($1)', [auth.sessionId]));
        sessions.ended(auth.userId);
        res.json({ loggedOut: true });
      }),
    );
  },
};
