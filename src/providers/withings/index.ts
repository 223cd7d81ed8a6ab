import { parseOAuthToken } from '../shared/oauthToken';
import type { ProviderAdapter, TokenSet } from '../types';
import { fetchWithingsWindow } from './fetch';
import { parseWithingsWebhook, verifyWithingsWebhook } from './webhook';

// Withings Public API: OAuth 2 authorization code without PKCE; the token endpoint is
// POST /v2/oauth2 action=requesttoken with the client credentials in the form, answering
// {status, body: {userid, access_token, refresh_token, expires_in, scope}} (status != 0 is an
// error even with HTTP 200). Scopes are comma-separated.

/** Unwraps Withings' {status, body}; the body is the RFC 6749 answer, with the user as userid (a number). */
export function parseWithingsToken(json: unknown, now: Date): TokenSet {
  const answer = json as { status?: unknown; body?: unknown; error?: unknown } | null;
  if (answer?.status !== 0) throw new Error(`withings token endpoint: status ${String(answer?.status)}${typeof answer?.error === 'string' ? ` (${answer.error})` : ''}`);
  const { userid, ...body } = typeof answer.body === 'object' && answer.body !== null ? (answer.body as Record<string, unknown>) : {};
  const userId = typeof userid === 'number' || typeof userid === 'string' ? { user_id: String(userid) } : {};
  return parseOAuthToken({ ...body, ...userId }, now, 'withings');
}

export const withingsAdapter: ProviderAdapter = {
  name: 'withings',
  authorizeUrl: 'https://account.withings.com/oauth2_user/authorize2',
  tokenUrl: 'https://wbsapi.withings.net/v2/oauth2',
  apiBaseUrl: 'https://wbsapi.withings.net',
  scopes: ['user.info', 'user.metrics', 'user.activity'],
  scopeSeparator: ',',
  pkce: false,
  tokenAuth: 'body',
  tokenExtraParams: { action: 'requesttoken' },
  parseToken: parseWithingsToken,
  backfillDays: 365,
  maxWindowDays: 90,
  fetchWindow: fetchWithingsWindow,
  verifyWebhook: verifyWithingsWebhook,
  parseWebhook: parseWithingsWebhook,
};
