import fs from 'node:fs';
import path from 'node:path';
import type { FakeRequest, FakeResponse } from '../../src/providers/types';

// A fake Fitbit Web API (paths relative to https://api.fitbit.com) answering in the documented
// response shapes from test/fixtures/providers/fitbit (days.json holds each day's values; the
// fake writes them out per endpoint). Metric units, as Fitbit answers without Accept-Language.
// Limits enforced as documented: each endpoint's largest date range (400 with Fitbit's
// {errors: [...]} body past it), and activities/list pages (capped at 2 entries here so that
// pagination.next is exercised).

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'providers', 'fitbit');
const load = <T>(name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as T;
type Day = Record<string, number | undefined> & { spo2?: { avg: number; min: number; max: number } };

const MAX_DAYS: Record<string, number> = { series: 1095, heart: 365, hrv: 30, spo2: 30, br: 30, sleep: 100, weight: 31 };
const SERIES = ['steps', 'distance', 'floors', 'calories', 'activityCalories', 'minutesFairlyActive', 'minutesVeryActive'];
const PAGE = 2;
const DAY_MS = 86_400_000;

const error = (status: number, errorType: string, message: string): FakeResponse => ({ status, body: { errors: [{ errorType, message }], success: false } });

function dates(start: string, end: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

function ranged(kind: string, start: string, end: string, answer: (days: string[], data: Record<string, Day>) => unknown): FakeResponse {
  const span = (Date.parse(end) - Date.parse(start)) / DAY_MS + 1;
  if (!(span >= 1)) return error(400, 'validation', `Invalid date range ${start}..${end}`);
  if (span > MAX_DAYS[kind]!) return error(400, 'validation', `The date range exceeds the maximum of ${MAX_DAYS[kind]} days`);
  return { status: 200, body: answer(dates(start, end), load<Record<string, Day>>('days')) };
}

function activityList(query: Record<string, string>): FakeResponse {
  if (!query.afterDate && !query.beforeDate) return error(400, 'validation', 'Either beforeDate or afterDate must be specified');
  const limit = Number(query.limit ?? 20);
  if (!(limit >= 1 && limit <= 100)) return error(400, 'validation', 'limit must be between 1 and 100');
  const offset = Number(query.offset ?? 0);
  const after = Date.parse(`${query.afterDate!.length === 10 ? `${query.afterDate}T00:00:00` : query.afterDate}Z`);
  const all = load<{ activities: { startTime: string }[] }>('activities').activities.filter((a) => Date.parse(a.startTime.slice(0, 19) + 'Z') >= after);
  const size = Math.min(limit, PAGE);
  const page = all.slice(offset, offset + size);
  const more = offset + size < all.length;
  const next = more ? `https://api.fitbit.com/1/user/-/activities/list.json?afterDate=${query.afterDate}&sort=asc&limit=${limit}&offset=${offset + size}` : '';
  return { status: 200, body: { activities: page, pagination: { afterDate: query.afterDate, limit, next, offset, previous: '', sort: 'asc' } } };
}

export function fitbitFake(req: FakeRequest): FakeResponse | undefined {
  if (req.method !== 'GET') return undefined;
  if (!req.headers.authorization?.startsWith('Bearer ')) return error(401, 'invalid_token', 'Access token invalid');
  const p = req.path;
  if (p === '/1/user/-/profile.json') return { status: 200, body: load('profile') };
  if (p === '/1/user/-/activities/list.json') return activityList(req.query);
  let m = /^\/1\/user\/-\/activities\/(\w+)\/date\/([\d-]+)\/([\d-]+)\.json$/.exec(p);
  if (m && SERIES.includes(m[1]!)) {
    const resource = m[1]!;
    // Fitbit reports every day of the range; a day without the tracker has 0 steps and BMR calories.
    return ranged('series', m[2]!, m[3]!, (days, data) => ({ [`activities-${resource}`]: days.map((d) => ({ dateTime: d, value: String(data[d]?.[resource] ?? (resource === 'calories' ? 1650 : 0)) })) }));
  }
  if (m && m[1] === 'heart') {
    return ranged('heart', m[2]!, m[3]!, (days, data) => ({ 'activities-heart': days.map((d) => ({ dateTime: d, value: { customHeartRateZones: [], heartRateZones: [], ...(data[d]?.restingHeartRate ? { restingHeartRate: data[d].restingHeartRate } : {}) } })) }));
  }
  m = /^\/1\/user\/-\/(hrv|spo2|br)\/date\/([\d-]+)\/([\d-]+)\.json$/.exec(p);
  if (m) {
    const [, kind, start, end] = m as unknown as [string, string, string, string];
    return ranged(kind, start, end, (days, data) => {
      const have = days.filter((d) => data[d]);
      if (kind === 'hrv') return { hrv: have.filter((d) => data[d]!.dailyRmssd).map((d) => ({ value: { dailyRmssd: data[d]!.dailyRmssd, deepRmssd: data[d]!.deepRmssd }, dateTime: d })) };
      if (kind === 'br') return { br: have.filter((d) => data[d]!.breathingRate).map((d) => ({ value: { breathingRate: data[d]!.breathingRate }, dateTime: d })) };
      return have.filter((d) => data[d]!.spo2).map((d) => ({ dateTime: d, value: data[d]!.spo2 }));
    });
  }
  m = /^\/1\.2\/user\/-\/sleep\/date\/([\d-]+)\/([\d-]+)\.json$/.exec(p);
  if (m) {
    const [start, end] = [m[1]!, m[2]!];
    return ranged('sleep', start, end, () => {
      const sleep = load<{ sleep: { dateOfSleep: string; minutesAsleep: number; timeInBed: number }[] }>('sleep').sleep.filter((s) => s.dateOfSleep >= start && s.dateOfSleep <= end);
      return { sleep, summary: { totalMinutesAsleep: sleep.reduce((a, s) => a + s.minutesAsleep, 0), totalSleepRecords: sleep.length, totalTimeInBed: sleep.reduce((a, s) => a + s.timeInBed, 0) } };
    });
  }
  m = /^\/1\/user\/-\/body\/log\/weight\/date\/([\d-]+)\/([\d-]+)\.json$/.exec(p);
  if (m) {
    const [start, end] = [m[1]!, m[2]!];
    return ranged('weight', start, end, () => ({ weight: load<{ weight: { date: string }[] }>('weight').weight.filter((w) => w.date >= start && w.date <= end) }));
  }
  return undefined;
}

/**
 * Fitbit's Revoke Token endpoint (POST /oauth2/revoke, RFC 7009): the app's credentials as HTTP
 * Basic, the access or refresh token in a form body; 200 with an empty object. Authenticated by
 * the client, not a user token: install it with FakeProviders.setAppHandler('fitbit', ...).
 */
export function fitbitRevokeFake(req: FakeRequest): FakeResponse | undefined {
  if (req.method !== 'POST' || req.path !== '/oauth2/revoke') return undefined;
  const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!basic || !Buffer.from(basic, 'base64').toString().includes(':')) return error(401, 'invalid_client', 'Invalid authorization header format');
  if (!new URLSearchParams(req.body).get('token')) return error(400, 'invalid_request', 'Missing parameters: token');
  return { status: 200, body: {} };
}
