import { z } from 'zod';
import { parseOAuthToken } from '../shared/oauthToken';
import { parseWith } from '../shared/rowTools';
import { fetchTokenPages } from '../shared/tokenPages';
import { whoopObservedOffsets } from './offsets';
import { emptyBatch, type ProviderAdapter, type ProviderHttp, type SyncBatch, type SyncWindow } from '../types';
import { mapBody } from './body';
import { localDate } from './common';
import { mapDaily, missingCycleIds } from './daily';
import { mapSleep } from './sleep';
import { verifyWhoopWebhook, parseWhoopWebhook } from './webhook';
import { revokeWhoop } from './revoke';
import { mapWorkouts } from './workouts';

// WHOOP API v2 adapter. Endpoints, parameters and OAuth URLs from the WHOOP v2 OpenAPI
// (whoop-openapi.yml): collections take start / end date-times, limit (at most 25) and nextToken,
// and answer { records, next_token }. The `offline` scope is what makes WHOOP issue a refresh token.
// Not fetched: /v2/activity/sleep/{id}/stream (per-minute samples); of the profile only user_id is read.

const DAY = 86_400_000;
const PAGING = { itemsKey: 'records', tokenParam: 'nextToken', provider: 'whoop' };

/** Follows next_token (sent back as nextToken) until WHOOP leaves it out; returns all records as one { records } answer. */
export async function fetchAllRecords(http: ProviderHttp, path: string, query: Record<string, string | number>): Promise<{ records: unknown[] }> {
  return { records: await fetchTokenPages(http, path, query, PAGING) };
}

/** The basic profile's user_id (an integer): what WHOOP's webhook notifications carry; the token answer names no user. */
export async function fetchWhoopUserId(http: ProviderHttp): Promise<string> {
  const profile = z.object({ user_id: z.union([z.number().int(), z.string().min(1)]) }).loose();
  return String(parseWith(profile, await http.get('/v2/user/profile/basic'), 'whoop profile/basic').user_id);
}

/**
 * Fetches from a day before window.start (a night or cycle that began the evening before still
 * belongs to the window's first day) and drops rows dated before startDate: those come from the
 * widened edge, where a cycle may lack its recovery. Rows dated after endDate are kept: they come
 * from records that started inside the window (east of UTC the local day runs ahead of the UTC one).
 * Recoveries whose cycle is outside the answer get the cycle by id. The body measurement has no
 * date, so it is read only by a window that reaches today and is stamped with today's UTC midnight.
 */
async function fetchWindow(http: ProviderHttp, window: SyncWindow, now = new Date()): Promise<SyncBatch> {
  const query = { start: new Date(window.start.getTime() - DAY).toISOString(), end: window.end.toISOString(), limit: 25 };
  const cycles = await fetchAllRecords(http, '/v2/cycle', query);
  const recoveries = await fetchAllRecords(http, '/v2/recovery', query);
  for (const id of missingCycleIds(cycles, recoveries)) cycles.records.push(await http.get(`/v2/cycle/${id}`));
  const daily = mapDaily(cycles, recoveries);
  const sleeps = await fetchAllRecords(http, '/v2/activity/sleep', query);
  const workoutRecords = await fetchAllRecords(http, '/v2/activity/workout', query);
  const sleep = mapSleep(sleeps);
  const workouts = mapWorkouts(workoutRecords);
  const keep = (day: string) => day >= window.startDate;
  const batch = emptyBatch();
  batch.daily = daily.daily.filter((r) => keep(r.date));
  batch.sleep = sleep.sleep.filter((r) => keep(r.sleep_date));
  batch.activities = workouts.activities.filter((r) => keep(r.activity_date)).sort((a, b) => a.start_time.localeCompare(b.start_time));
  batch.warnings = [...daily.warnings, ...sleep.warnings, ...workouts.warnings];
  // Each record's timezone_offset says where the user was: the zone history learns it.
  batch.observedOffsets = whoopObservedOffsets([...cycles.records, ...sleeps.records, ...workoutRecords.records]);
  if (window.end.getTime() >= now.getTime() - DAY) {
    const body = mapBody(await http.get('/v2/user/measurement/body'), new Date(`${localDate(now.getTime(), 'Z')}T00:00:00Z`));
    batch.measurements = body.measurements;
    batch.warnings.push(...body.warnings);
  }
  return batch;
}

export const whoopAdapter: ProviderAdapter = {
  name: 'whoop',
  authorizeUrl: 'https://api.prod.whoop.com/oauth/oauth2/auth',
  tokenUrl: 'https://api.prod.whoop.com/oauth/oauth2/token',
  apiBaseUrl: 'https://api.prod.whoop.com/developer',
  // read:profile: the profile's user_id is the user_id in webhook events.
  scopes: ['offline', 'read:recovery', 'read:cycles', 'read:sleep', 'read:workout', 'read:body_measurement', 'read:profile'],
  scopeSeparator: ' ',
  // WHOOP documents the authorization-code flow with client_secret_post and no PKCE.
  pkce: false,
  tokenAuth: 'body',
  parseToken: (json, now) => parseOAuthToken(json, now, 'whoop'),
  fetchExternalUserId: fetchWhoopUserId,
  // WHOOP documents no history limit; a year keeps the first sync to ~13 windows.
  backfillDays: 365,
  maxWindowDays: 30,
  fetchWindow: (http, window) => fetchWindow(http, window),
  verifyWebhook: (req, secrets) => verifyWhoopWebhook(req, secrets),
  parseWebhook: parseWhoopWebhook,
  revoke: revokeWhoop,
};

export { fetchWindow as whoopFetchWindow };
