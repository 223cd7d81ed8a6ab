import { z } from 'zod';
import { isKnownZone, type LocalClock, TimeZoneHistory } from '../../time/localTime';
import { parseWith, splitDays } from '../shared/rowTools';
import { emptyBatch, type ProviderHttp, type SyncBatch, type SyncWindow } from '../types';
import { mapFitbitActivities } from './activities';
import { type DayPart, FITBIT_SERIES, type FitbitSeries, fitbitBreathingParts, fitbitHeartParts, fitbitHrvParts, fitbitSeriesParts, fitbitSpo2Parts, mergeFitbitDaily } from './daily';
import { mapFitbitSleep } from './sleep';
import { mapFitbitWeight } from './weight';

// Every Fitbit endpoint has its own largest date range (Web API reference); a window is cut per
// endpoint. No Accept-Language header is sent, so all values are metric. Local times become UTC
// with the zone the user was in at that time (the engine's window.timeZones: vitalis.user_timezones,
// DST included); see fitbitClock for a user without one. Activities carry their own offset.

export const FITBIT_MAX_DAYS = { sleep: 100, series: 1095, heart: 365, hrv: 30, spo2: 30, br: 30, weight: 31 } as const;
const ACTIVITY_PAGE = 100;

const profileSchema = z.object({ user: z.object({ offsetFromUTCMillis: z.number(), timezone: z.string().nullish() }) });

/**
 * The user's zone history places local times. A user without one who never chose a zone (the
 * default UTC preference) gets the Fitbit profile's zone (its current offset if unknown) instead.
 */
function fitbitClock(history: TimeZoneHistory | undefined, profile: z.output<typeof profileSchema>['user']): LocalClock {
  if (history && (history.size > 0 || history.fallback !== 'UTC')) return history.toUtc;
  if (profile.timezone && isKnownZone(profile.timezone)) return new TimeZoneHistory([], profile.timezone).toUtc;
  return profile.offsetFromUTCMillis;
}

async function ranged(http: ProviderHttp, window: SyncWindow, maxDays: number, path: (start: string, end: string) => string): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const r of splitDays(window.startDate, window.endDate, maxDays)) out.push(await http.get(path(r.start, r.end)));
  return out;
}

async function activities(http: ProviderHttp, window: SyncWindow, batch: SyncBatch): Promise<void> {
  let query: Record<string, string | number> = { afterDate: `${window.startDate}T00:00:00`, sort: 'asc', limit: ACTIVITY_PAGE, offset: 0 };
  for (;;) {
    const json = await http.get('/1/user/-/activities/list.json', query);
    const rows = mapFitbitActivities(json, batch.warnings);
    const inWindow = rows.filter((r) => r.activity_date <= window.endDate);
    batch.activities.push(...inWindow);
    const next = parseWith(z.object({ pagination: z.object({ next: z.string().nullish() }).nullish() }), json, 'fitbit activities').pagination?.next;
    if (!next || inWindow.length < rows.length || rows.length === 0) return;
    query = Object.fromEntries(new URL(next).searchParams);
  }
}

export async function fetchFitbitWindow(http: ProviderHttp, window: SyncWindow): Promise<SyncBatch> {
  const batch = emptyBatch();
  const clock = fitbitClock(window.timeZones, parseWith(profileSchema, await http.get('/1/user/-/profile.json'), 'fitbit profile').user);

  const parts: DayPart[] = [];
  for (const resource of Object.keys(FITBIT_SERIES) as FitbitSeries[]) {
    for (const json of await ranged(http, window, FITBIT_MAX_DAYS.series, (s, e) => `/1/user/-/activities/${resource}/date/${s}/${e}.json`)) parts.push(...fitbitSeriesParts(resource, json));
  }
  for (const json of await ranged(http, window, FITBIT_MAX_DAYS.heart, (s, e) => `/1/user/-/activities/heart/date/${s}/${e}.json`)) parts.push(...fitbitHeartParts(json));
  for (const json of await ranged(http, window, FITBIT_MAX_DAYS.hrv, (s, e) => `/1/user/-/hrv/date/${s}/${e}.json`)) parts.push(...fitbitHrvParts(json));
  for (const json of await ranged(http, window, FITBIT_MAX_DAYS.spo2, (s, e) => `/1/user/-/spo2/date/${s}/${e}.json`)) parts.push(...fitbitSpo2Parts(json));
  for (const json of await ranged(http, window, FITBIT_MAX_DAYS.br, (s, e) => `/1/user/-/br/date/${s}/${e}.json`)) parts.push(...fitbitBreathingParts(json));
  batch.daily = mergeFitbitDaily(parts, batch.warnings);

  for (const json of await ranged(http, window, FITBIT_MAX_DAYS.sleep, (s, e) => `/1.2/user/-/sleep/date/${s}/${e}.json`)) batch.sleep.push(...mapFitbitSleep(json, clock, batch.warnings));
  // HRV (RMSSD), SpO2 and breathing rate are measured during the main sleep: the night's row carries them too.
  const byDate = new Map(batch.daily.map((d) => [d.date, d]));
  for (const s of batch.sleep) {
    const d = byDate.get(s.sleep_date);
    if (d?.hrv_rmssd_ms !== undefined) s.avg_hrv_ms = d.hrv_rmssd_ms;
    if (d?.spo2_avg_pct !== undefined) s.avg_spo2_pct = d.spo2_avg_pct;
    if (d?.respiratory_rate_avg !== undefined) s.avg_respiratory_rate = d.respiratory_rate_avg;
  }

  for (const json of await ranged(http, window, FITBIT_MAX_DAYS.weight, (s, e) => `/1/user/-/body/log/weight/date/${s}/${e}.json`)) batch.measurements.push(...mapFitbitWeight(json, clock, batch.warnings));
  await activities(http, window, batch);
  return batch;
}
