import { z } from 'zod';
import { ProviderHttpError } from '../engine/errors';
import { parseOAuthToken } from '../shared/oauthToken';
import { parseWith } from '../shared/rowTools';
import { fetchTokenPages } from '../shared/tokenPages';
import { emptyBatch, type ProviderAdapter, type ProviderHttp, type SyncBatch, type SyncWindow } from '../types';
import { mergeDaily } from './common';
import { mapDailyActivity, mapDailyReadiness, mapDailySpo2, mapVo2Max } from './daily';
import { mapSleep } from './sleep';
import { ouraChallenge, parseOuraWebhook, verifyOuraWebhook } from './webhook';
import { revokeOura } from './revoke';
import { mapWorkouts } from './workouts';

// Oura API v2 adapter. Endpoints and parameters from the Oura v2 OpenAPI 1.29: every collection is
// GET /v2/usercollection/<name>?start_date&end_date&next_token, answering { data, next_token }.
// OAuth URLs and scopes from cloud.ouraring.com/docs/authentication. Not fetched: heartrate (5-minute
// samples, too granular for the daily tables), session / tag / enhanced_tag / daily_stress /
// daily_resilience / daily_cardiovascular_age / sleep_time / rest_mode_period (no column for them).

const COLLECTION = '/v2/usercollection';
const PAGING = { itemsKey: 'data', tokenParam: 'next_token', provider: 'oura' };

/** Follows next_token until Oura answers null; returns every document as one { data } response. */
export async function fetchAllPages(http: ProviderHttp, path: string, query: Record<string, string>): Promise<{ data: unknown[] }> {
  return { data: await fetchTokenPages(http, path, query, PAGING) };
}

/** personal_info.id: the user_id Oura's webhook notifications carry (the token answer names no user). */
export async function fetchOuraUserId(http: ProviderHttp): Promise<string> {
  return parseWith(z.object({ id: z.string().min(1) }).loose(), await http.get(`${COLLECTION}/personal_info`), 'oura personal_info').id;
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Fetches and maps the window's days. The engine's windows are UTC days, but Oura's `day` is the
 * user's local day, which east of UTC is already tomorrow: days up to endDate + 1 are kept. end_date
 * is sent as endDate + 2 and the last day dropped, so every kept day is complete whether an
 * endpoint treats end_date as inclusive (the daily ones do) or exclusive: a day with only some of
 * its documents would overwrite a complete stored row.
 */
async function fetchWindow(http: ProviderHttp, window: SyncWindow): Promise<SyncBatch> {
  const lastDay = addDays(window.endDate, 1);
  const query = { start_date: window.startDate, end_date: addDays(window.endDate, 2) };
  const get = (name: string) => fetchAllPages(http, `${COLLECTION}/${name}`, query);
  const batch = emptyBatch();
  const activity = mapDailyActivity(await get('daily_activity'));
  const readiness = mapDailyReadiness(await get('daily_readiness'));
  const spo2 = mapDailySpo2(await get('daily_spo2'));
  const sleep = mapSleep(await get('sleep'), await get('daily_sleep'));
  const workouts = mapWorkouts(await get('workout'));
  let vo2 = { daily: [] as SyncBatch['daily'], warnings: [] as string[] };
  try {
    vo2 = mapVo2Max(await get('vO2_max'));
  } catch (error) {
    // Newer endpoint: apps approved before it existed get 401/403 for it; the rest of the sync stands.
    if (!(error instanceof ProviderHttpError) || ![401, 403, 404].includes(error.status)) throw error;
    vo2.warnings.push(`oura vO2_max: not available to this app (HTTP ${error.status}); skipped`);
  }
  const keep = (day: string) => day >= window.startDate && day <= lastDay;
  batch.daily = mergeDaily([...activity.daily, ...readiness.daily, ...spo2.daily, ...sleep.daily, ...vo2.daily]).filter((r) => keep(r.date));
  batch.sleep = sleep.sleep.filter((r) => keep(r.sleep_date));
  batch.activities = workouts.activities.filter((r) => keep(r.activity_date));
  batch.warnings = [...activity.warnings, ...readiness.warnings, ...spo2.warnings, ...sleep.warnings, ...workouts.warnings, ...vo2.warnings];
  return batch;
}

export const ouraAdapter: ProviderAdapter = {
  name: 'oura',
  authorizeUrl: 'https://cloud.ouraring.com/oauth/authorize',
  tokenUrl: 'https://api.ouraring.com/oauth/token',
  apiBaseUrl: 'https://api.ouraring.com',
  // personal: personal_info.id is the user_id in webhook events.
  scopes: ['personal', 'daily', 'workout', 'spo2Daily'],
  scopeSeparator: ' ',
  // Oura documents the plain authorization-code flow; it does not document PKCE.
  pkce: false,
  tokenAuth: 'body',
  parseToken: (json, now) => parseOAuthToken(json, now, 'oura'),
  fetchExternalUserId: fetchOuraUserId,
  // Oura documents no history limit; a year keeps the first sync to ~13 windows.
  backfillDays: 365,
  maxWindowDays: 30,
  fetchWindow,
  verifyWebhook: (req, secrets) => verifyOuraWebhook(req, secrets),
  verificationChallenge: ouraChallenge,
  parseWebhook: parseOuraWebhook,
  revoke: revokeOura,
};
