import { z } from 'zod';
import type { ProviderAdapter, ProviderHttp } from '../types';
import { fetchGarminWindow, GARMIN_BACKFILL_MAX_DAYS } from './fetch';
import { parseOAuthToken } from '../shared/oauthToken';
import { parseWith } from '../shared/rowTools';
import { parseGarminWebhook, verifyGarminWebhook } from './webhook';
import { revokeGarmin } from './revoke';

// Garmin Health API (OAuth 2 with PKCE). Permissions are granted on Garmin's consent page rather
// than by scope, so none are requested. The token answer carries no user id: the engine asks
// GET /user/id (fetchGarminUserId) after connecting, to route webhooks by Garmin's userId.

/** Garmin's user id for the connected token (GET /wellness-api/rest/user/id -> {"userId": "..."}). */
export async function fetchGarminUserId(http: ProviderHttp): Promise<string> {
  return parseWith(z.object({ userId: z.string().min(1) }), await http.get('/user/id'), 'garmin user/id').userId;
}

export const garminAdapter: ProviderAdapter = {
  name: 'garmin',
  authorizeUrl: 'https://connect.garmin.com/oauth2Confirm',
  tokenUrl: 'https://diauth.garmin.com/di-oauth2-service/oauth/token',
  apiBaseUrl: 'https://apis.garmin.com/wellness-api/rest',
  scopes: [],
  scopeSeparator: ' ',
  pkce: true,
  tokenAuth: 'body',
  parseToken: (json, now) => parseOAuthToken(json, now, 'garmin'),
  fetchExternalUserId: fetchGarminUserId,
  // A year of history is asked for as backfill at connect (in 90-day requests, delivered by push).
  backfillDays: 365,
  maxWindowDays: GARMIN_BACKFILL_MAX_DAYS,
  fetchWindow: fetchGarminWindow,
  verifyWebhook: verifyGarminWebhook,
  parseWebhook: parseGarminWebhook,
  revoke: revokeGarmin,
};
