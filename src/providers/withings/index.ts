import { z } from 'zod';
import { parseWith } from '../shared/rowTools';
import type { ProviderAdapter, TokenSet } from '../types';
import { fetchWithingsWindow } from './fetch';
import { parseWithingsWebhook, verifyWithingsWebhook } from './webhook';

// Withings Public API: OAuth 2 authorization code without PKCE; the token endpoint is
// POST /v2/oauth2 action=requesttoken with the client credentials in the form, answering
// {status, body: {userid, access_token, refresh_token, expires_in, scope}} (status != 0 is an
// error even with HTTP 200). Scopes are comma-separated.

const tokenSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().nullish(),
  expires_in: z.number().nullish(),
  scope: z.string().nullish(),
  userid: z.union([z.string(), z.number()]).nullish(),
});

export function parseWithingsToken(json: unknown, now: Date): TokenSet {
  const answer = json as { status?: unknown; body?: unknown; error?: unknown } | null;
  if (answer?.status !== 0) throw new Error(`withings token endpoint: status ${String(answer?.status)}${typeof answer?.error === 'string' ? ` (${answer.error})` : ''}`);
  const body = answer.body;
  const t = parseWith(tokenSchema, body, 'withings token');
  return {
    accessToken: t.access_token,
    ...(t.refresh_token ? { refreshToken: t.refresh_token } : {}),
    ...(t.expires_in != null ? { expiresAt: new Date(now.getTime() + t.expires_in * 1000) } : {}),
    ...(t.scope ? { scope: t.scope.split(',').filter(Boolean) } : {}),
    ...(t.userid != null ? { externalUserId: String(t.userid) } : {}),
  };
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
