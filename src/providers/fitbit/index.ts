import { parseOAuthToken } from '../shared/oauthToken';
import type { ProviderAdapter } from '../types';
import { fetchFitbitWindow, FITBIT_MAX_DAYS } from './fetch';
import { revokeFitbit } from './revoke';
import { fitbitVerificationChallenge, parseFitbitWebhook, verifyFitbitWebhook } from './webhook';

// Fitbit Web API: OAuth 2 authorization code with PKCE, client credentials as HTTP Basic at the
// token endpoint; the token answer names the user (user_id), which webhooks use as ownerId.
// A sync window is at most the sleep endpoint's 100 days (the longest per-call range most
// endpoints share is smaller, and fetchWindow cuts per endpoint); a year of history at connect
// is about 4 x 27 calls, inside Fitbit's 150 calls per user per hour.

export const fitbitAdapter: ProviderAdapter = {
  name: 'fitbit',
  authorizeUrl: 'https://www.fitbit.com/oauth2/authorize',
  tokenUrl: 'https://api.fitbit.com/oauth2/token',
  apiBaseUrl: 'https://api.fitbit.com',
  scopes: ['activity', 'heartrate', 'sleep', 'weight', 'profile', 'oxygen_saturation', 'respiratory_rate'],
  scopeSeparator: ' ',
  pkce: true,
  tokenAuth: 'basic',
  parseToken: (json, now) => parseOAuthToken(json, now, 'fitbit'),
  backfillDays: 365,
  maxWindowDays: FITBIT_MAX_DAYS.sleep,
  fetchWindow: fetchFitbitWindow,
  verifyWebhook: verifyFitbitWebhook,
  verificationChallenge: fitbitVerificationChallenge,
  parseWebhook: parseFitbitWebhook,
  revoke: revokeFitbit,
};
