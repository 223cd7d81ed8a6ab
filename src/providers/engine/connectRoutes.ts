import { createHash, randomBytes } from 'node:crypto';
import { Router, type Response } from 'express';
import type { Pool } from 'pg';
import type { Config } from '../../config';
import { type AuthErrorCode, sendError } from '../../http/errors';
import { getAuthentication, jwtMiddleware, poolSessionChecker, type SessionChecker } from '../../http/jwt';
import type { Logger } from '../../http/logger';
import type { AdapterRegistry } from '../registry';
import type { TokenSet } from '../types';
import { disconnect, saveConnection } from './connections';
import { ProviderHttpError } from './errors';
import { createProviderHttp } from './http';
import { exchangeCode } from './oauthClient';
import { configuredProvider, handle, providerParam, requestTransaction } from './routeHelpers';
import type { ProviderSettings } from './settings';
import { parseTokenKeys } from './tokenCrypto';

export interface ProviderRouterOptions {
  config: Config;
  /** The API's vitalis_authenticator pool (switches to vitalis_api / vitalis_anonymous per transaction). */
  pool: Pool;
  logger?: Logger;
  /** Where this API is reached from browsers: redirect_uri is <callbackBaseUrl>/providers/<name>/callback. Default PUBLIC_URL. */
  callbackBaseUrl?: string;
  /** Defaults to src/providers/registry.ts. */
  adapters?: AdapterRegistry;
  /** The clock webhook timestamps are checked against (tests replay recorded notifications). */
  now?: () => Date;
  /** The API's (cached) session check; without it every check is a lookup. */
  sessions?: SessionChecker;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest();

const STATE_ERRORS: Record<string, string> = {
  unknown: 'state is not valid: start the connection again',
  reused: 'state was already used: start the connection again',
  expired: 'state has expired (it is valid for 10 minutes): start the connection again',
  wrong_provider: 'state was issued for a different provider',
};

/**
 * The provider's id for a fresh token, for providers whose token answer lacks it. Best effort:
 * the first sync asks again while it is unknown, so a slow provider does not fail the connect.
 */
async function whoIs(settings: ProviderSettings, accessToken: string, options: ProviderRouterOptions): Promise<string | undefined> {
  const http = createProviderHttp({
    apiBaseUrl: settings.apiBaseUrl,
    tokens: {
      accessToken: async () => accessToken,
      refresh: async () => {
        throw new Error('the new access token was refused');
      },
    },
    maxRetries: 1,
    maxRateLimitWaitMs: 0,
    timeoutMs: 10_000,
  });
  try {
    return await settings.adapter.fetchExternalUserId!(http);
  } catch (err) {
    options.logger?.warn({ provider: settings.adapter.name, err }, 'could not learn the provider user id at connect; the first sync will retry');
    return undefined;
  }
}

/**
 * returnTo (optional, on connect): an absolute http(s) address on PUBLIC_URL's origin or one of
 * CORS_ORIGINS, so the callback can only ever send browsers back to the operator's own apps.
 */
function returnAddress(value: unknown, config: Config): string | undefined | Error {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 2000) return new Error('returnTo must be one absolute URL of at most 2000 characters');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return new Error('returnTo must be an absolute URL such as https://app.example.com/settings');
  }
  const allowed = new Set([new URL(config.PUBLIC_URL).origin, ...config.CORS_ORIGINS]);
  if (!/^https?:$/.test(url.protocol) || !allowed.has(url.origin)) return new Error(`returnTo must be on PUBLIC_URL's origin or one of CORS_ORIGINS (${[...allowed].join(', ')})`);
  return url.toString();
}

/** 303 to the app's address with the outcome in the query (provider, status, jobId or error). */
function backToApp(res: Response, returnTo: string, outcome: Record<string, string>): void {
  const url = new URL(returnTo);
  for (const [k, v] of Object.entries(outcome)) url.searchParams.set(k, v);
  res.redirect(303, url.toString());
}

/** POST /:provider/connect, GET /:provider/callback, DELETE /:provider. */
export function createConnectRoutes(options: ProviderRouterOptions): Router {
  const { config, pool, adapters } = options;
  const keyring = parseTokenKeys(config.TOKEN_ENCRYPTION_KEYS);
  const base = (options.callbackBaseUrl ?? config.PUBLIC_URL).replace(/\/+$/, '');
  const router = Router();
  const authenticated = jwtMiddleware(config, options.sessions ?? poolSessionChecker(pool));

  router.post(
    '/:provider/connect',
    authenticated,
    handle(async (req, res) => {
      const auth = getAuthentication(req);
      if (!auth) return sendError(res, 401, 'UNAUTHENTICATED', 'Sign in to connect a provider');
      const settings = configuredProvider(req, res, config, adapters);
      if (!settings) return;
      const { adapter } = settings;
      const returnTo = returnAddress(req.query.returnTo, config);
      if (returnTo instanceof Error) return sendError(res, 400, 'BAD_USER_INPUT', returnTo.message, 'returnTo');
      const state = randomBytes(32).toString('base64url');
      const verifier = adapter.pkce ? randomBytes(48).toString('base64url') : null;
      const redirectUri = `${base}/providers/${adapter.name}/callback`;
      const expiresAt = await requestTransaction(pool, req, 'vitalis_api', auth.userId, async (client) => {
        const { rows } = await client.query<{ expires_at: Date }>('select vitalis_private.create_provider_oauth_state($1, $2, $3, $4, $5) as expires_at', [
          sha256(state),
          adapter.name,
          verifier,
          redirectUri,
          returnTo ?? null,
        ]);
        return rows[0]!.expires_at;
      });
      const url = new URL(settings.authorizeUrl);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', settings.clientId);
      url.searchParams.set('redirect_uri', redirectUri);
      url.searchParams.set('scope', adapter.scopes.join(adapter.scopeSeparator));
      url.searchParams.set('state', state);
      if (verifier) {
        url.searchParams.set('code_challenge', sha256(verifier).toString('base64url'));
        url.searchParams.set('code_challenge_method', 'S256');
      }
      res.json({ authorizeUrl: url.toString(), expiresAt: expiresAt.toISOString() });
    }),
  );

  router.get(
    '/:provider/callback',
    handle(async (req, res) => {
      const settings = configuredProvider(req, res, config, adapters);
      if (!settings) return;
      const source = settings.adapter.name;
      const query = req.query as Record<string, unknown>;
      const param = (name: string) => (typeof query[name] === 'string' && query[name] !== '' ? (query[name] as string) : undefined);
      const state = param('state');
      // Whatever happens next, the state is used up.
      const consumed = state
        ? await requestTransaction(pool, req, 'vitalis_anonymous', null, async (client) => {
            const { rows } = await client.query<{ status: string; user_id: string | null; code_verifier: string | null; redirect_uri: string | null; return_to: string | null }>(
              'select * from vitalis_private.consume_provider_oauth_state($1, $2)',
              [sha256(state), source],
            );
            return rows[0]!;
          })
        : undefined;
      // With a return address the browser goes back to the app with the outcome; without, JSON.
      const fail = (status: number, code: AuthErrorCode, message: string, field?: string) =>
        consumed?.return_to ? backToApp(res, consumed.return_to, { provider: source, status: 'error', error: message }) : sendError(res, status, code, message, field);
      const error = param('error');
      if (error) {
        const description = param('error_description');
        return fail(400, 'BAD_USER_INPUT', `error: ${source} did not authorize the connection (${error}${description ? `: ${description}` : ''})`, 'error');
      }
      if (!state || !consumed) return sendError(res, 400, 'BAD_USER_INPUT', 'state: the state query parameter is required', 'state');
      if (consumed.status !== 'ok' || !consumed.user_id) return fail(400, 'BAD_USER_INPUT', STATE_ERRORS[consumed.status] ?? 'state is not valid', 'state');
      const code = param('code');
      if (!code) return fail(400, 'BAD_USER_INPUT', 'code: the code query parameter is required', 'code');

      let tokens: TokenSet;
      try {
        tokens = await exchangeCode(settings, code, consumed.redirect_uri!, consumed.code_verifier ?? undefined);
      } catch (err) {
        options.logger?.warn({ provider: source, err }, 'provider code exchange failed');
        if (err instanceof ProviderHttpError && err.status >= 400 && err.status < 500) {
          return fail(400, 'BAD_USER_INPUT', `code: ${source} refused the authorization code (${err.bodySnippet || `HTTP ${err.status}`})`, 'code');
        }
        return fail(503, 'SERVICE_UNAVAILABLE', `${source} could not be reached to finish the connection: try again`);
      }
      if (!tokens.externalUserId && settings.adapter.fetchExternalUserId) tokens = { ...tokens, externalUserId: await whoIs(settings, tokens.accessToken, options) };
      const userId = consumed.user_id;
      const result = await requestTransaction(pool, req, 'vitalis_api', userId, async (client) => {
        const deviceId = await saveConnection(client, userId, source, tokens, keyring);
        const { rows } = await client.query<{ job_id: string }>('select job_id from vitalis.request_provider_sync($1::vitalis.data_source, true)', [source]);
        return { deviceId, backfillJobId: rows[0]?.job_id ?? null };
      });
      options.logger?.info({ provider: source, userId, deviceId: result.deviceId }, 'provider connected');
      if (consumed.return_to) return backToApp(res, consumed.return_to, { provider: source, status: 'connected', jobId: result.backfillJobId ?? '' });
      res.json({ provider: source, connected: true, ...result });
    }),
  );

  router.delete(
    '/:provider',
    authenticated,
    handle(async (req, res) => {
      const auth = getAuthentication(req);
      if (!auth) return sendError(res, 401, 'UNAUTHENTICATED', 'Sign in to disconnect a provider');
      const source = providerParam(req, res);
      if (!source) return;
      const found = await requestTransaction(pool, req, 'vitalis_api', auth.userId, (client) => disconnect(client, source));
      if (!found) return sendError(res, 404, 'NOT_FOUND', `provider: ${source} is not connected`, 'provider');
      res.json({ provider: source, connected: false });
    }),
  );
  return router;
}
