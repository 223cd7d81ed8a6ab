import fs from 'node:fs';
import path from 'node:path';
import { toSyncWindow } from '../../src/providers/engine/windows';
import { fitbitAdapter } from '../../src/providers/fitbit';
import { mapFitbitActivities } from '../../src/providers/fitbit/activities';
import { fitbitSeriesParts, fitbitSpo2Parts, mergeFitbitDaily } from '../../src/providers/fitbit/daily';
import { mapFitbitSleep } from '../../src/providers/fitbit/sleep';
import { mapFitbitWeight } from '../../src/providers/fitbit/weight';
import type { WebhookRequest } from '../../src/providers/types';
import { fitbitFake } from '../fakeProviders/fitbit';
import { inProcessHttp } from '../fakeProviders/inProcess';
import { describeWithSamples, sample } from '../helpers/samples';

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'providers', 'fitbit', `${name}.json`), 'utf8')) as unknown;
const HOUR = 3_600_000;
const notification = '[{"collectionType":"sleep","date":"2024-03-10","ownerId":"ABC123","ownerType":"user","subscriptionId":"1"}]';
const webhook = (raw: string, headers: Record<string, string> = {}): WebhookRequest => ({ headers, query: {}, rawBody: Buffer.from(raw), body: JSON.parse(raw) as unknown });

describe('fitbit mapping (own fixtures)', () => {
  test('sleep: the main sleep per dateOfSleep, local times to UTC, stage minutes, nap in raw_data', () => {
    const [night, classic] = mapFitbitSleep(fixture('sleep'), HOUR, []);
    expect(night).toMatchObject({ sleep_date: '2024-03-10', source: 'fitbit', sleep_start: '2024-03-09T22:30:00.000Z', sleep_end: '2024-03-10T04:47:00.000Z', total_sleep_minutes: 360, deep_minutes: 90, light_minutes: 180, rem_minutes: 90, awake_minutes: 17, interruptions: 3, sleep_latency_minutes: 5, sleep_efficiency_pct: 94 });
    expect((night!.raw_data as { logId: number; naps: { logId: number }[] }).naps.map((n) => n.logId)).toEqual([44500002]);
    // The isMainSleep: false log is the day's nap: 49 min asleep, apart from the night's 360.
    expect(night).toMatchObject({ nap_minutes: 49, nap_count: 1 });
    expect((night!.raw_data as { naps: unknown[] }).naps[0]).toMatchObject({ start: '2024-03-10T13:00:00.000Z', end: '2024-03-10T13:50:00.000Z', minutes: 49, isMainSleep: false });
    const hypnogram = night!.hypnogram as { t: string; stage: string }[];
    expect(hypnogram).toHaveLength(10);
    expect(hypnogram[0]).toEqual({ t: '2024-03-09T22:30:00.000Z', stage: 'awake' });
    expect(classic).toMatchObject({ sleep_date: '2024-03-11', total_sleep_minutes: 400, awake_minutes: 20, interruptions: 2 });
    expect(classic).not.toHaveProperty('deep_minutes');
    expect(classic).toMatchObject({ nap_minutes: 0, nap_count: 0, raw_data: expect.objectContaining({ naps: [] }) });
  });

  test('sleep: a classic log (asleep / restless / awake, no stages) gets no hypnogram; its levels stay in raw_data', () => {
    const [, classic] = mapFitbitSleep(fixture('sleep'), HOUR, []);
    expect(classic).not.toHaveProperty('hypnogram');
    expect((classic!.raw_data as { levels: { data: { level: string }[] } }).levels.data.map((d) => d.level)).toEqual(['asleep']);
    // A stages log's levels outside the column's four stages (a level Fitbit may add) are left out too.
    const logs = (fixture('sleep') as { sleep: { levels: { data: { level: string }[] } }[] }).sleep;
    const odd = { ...logs[0]!, levels: { ...logs[0]!.levels, data: logs[0]!.levels.data.map((d, i) => (i === 1 ? { ...d, level: 'unmeasurable' } : d)) } };
    const stages = (mapFitbitSleep({ sleep: [odd] }, HOUR, [])[0]!.hypnogram as { stage: string }[]).map((h) => h.stage);
    expect(stages).toHaveLength(9);
    expect(stages.every((st) => ['awake', 'light', 'deep', 'rem'].includes(st))).toBe(true);
  });

  test('sleep: a day whose logs are all naps is a row without a night; logs that do not say isMainSleep keep the longest as the night', () => {
    const logs = (fixture('sleep') as { sleep: Record<string, unknown>[] }).sleep;
    const nap = logs[1]!;
    expect(mapFitbitSleep({ sleep: [nap] }, HOUR, [])).toEqual([{ sleep_date: '2024-03-10', source: 'fitbit', nap_minutes: 49, nap_count: 1, raw_data: { naps: [expect.objectContaining({ logId: 44500002, minutes: 49 })] } }]);
    const unsaid = logs.slice(0, 2).map(({ isMainSleep: _, ...log }) => log);
    expect(mapFitbitSleep({ sleep: unsaid }, HOUR, [])[0]).toMatchObject({ total_sleep_minutes: 360, nap_minutes: 49, nap_count: 1 });
  });

  test('weight: kg (metric request), local date+time to UTC, fat and bmi', () => {
    const rows = mapFitbitWeight(fixture('weight'), HOUR, []);
    expect(rows.filter((r) => r.measured_at === '2024-03-10T06:10:45.000Z')).toEqual([
      { metric: 'weight', value: 78.4, unit: 'kg', measured_at: '2024-03-10T06:10:45.000Z', source: 'fitbit' },
      { metric: 'bmi', value: 23.91, unit: 'kg/m2', measured_at: '2024-03-10T06:10:45.000Z', source: 'fitbit' },
      { metric: 'body_fat_pct', value: 21.3, unit: '%', measured_at: '2024-03-10T06:10:45.000Z', source: 'fitbit' },
    ]);
  });

  test('activities: lastModified is source_updated_at, km to m, active duration', () => {
    const [run, lift] = mapFitbitActivities(fixture('activities'), []);
    expect(run).toMatchObject({ activity_date: '2024-03-09', source_activity_id: '700001', activity_type: 'running', start_time: '2024-03-09T07:05:00.000Z', end_time: '2024-03-09T07:45:30.000Z', duration_seconds: 2400, distance_m: 6020, calories_kcal: 412, avg_hr_bpm: 149, avg_speed_kmh: 9.03, avg_pace_sec_per_km: 398.67, source_updated_at: '2024-03-09T09:01:12.000Z' });
    expect(lift).toMatchObject({ activity_type: 'strength_training', duration_seconds: 3300 });
  });

  test('series values are strings; a wrong one names the day; out-of-range values dropped with a warning', () => {
    expect(() => fitbitSeriesParts('steps', { 'activities-steps': [{ dateTime: '2024-03-10', value: 'n/a' }] })).toThrow('fitbit steps: 2024-03-10.value: expected a number, got "n/a"');
    expect(() => fitbitSeriesParts('steps', { 'activities-steps': [{ dateTime: 20240310, value: '1' }] })).toThrow(/^fitbit steps: activities-steps\[0\]\.dateTime: /);
    const warnings: string[] = [];
    const rows = mergeFitbitDaily(fitbitSeriesParts('steps', { 'activities-steps': [{ dateTime: '2024-03-10', value: '123456' }, { dateTime: '2024-03-11', value: '0' }] }), warnings);
    expect(rows).toEqual([{ date: '2024-03-10', source: 'fitbit', raw_data: { steps: '123456' } }]);
    expect(warnings).toEqual(['fitbit daily 2024-03-10: steps 123456 is outside 0..100000; dropped']);
  });
});

describeWithSamples('fitbit mapping (../shared/samples/fitbit)', () => {
  test('sleep-date.json: main sleep of 2016-12-13, the 63-minute nap in raw_data', () => {
    const rows = mapFitbitSleep(JSON.parse(sample('fitbit', 'sleep-date.json')), 0, []);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ sleep_date: '2016-12-13', sleep_start: '2016-12-13T01:16:00.000Z', sleep_end: '2016-12-13T03:14:00.000Z', total_sleep_minutes: 112, awake_minutes: 6, sleep_efficiency_pct: 95, sleep_latency_minutes: 0, interruptions: 0 });
    expect((rows[0]!.raw_data as { naps: { logId: number; minutesAsleep: number }[] }).naps).toEqual([expect.objectContaining({ logId: 13214029456, minutesAsleep: 63, minutes: 63 })]);
    expect(rows[0]).toMatchObject({ nap_minutes: 63, nap_count: 1 });
  });

  test('body-log-weight.json: four weights in kg', () => {
    const rows = mapFitbitWeight(JSON.parse(sample('fitbit', 'body-log-weight.json')), 0, []);
    expect(rows.filter((r) => r.metric === 'weight').map((r) => [r.measured_at, r.value])).toEqual([
      ['2015-05-13T18:28:59.000Z', 56.7],
      ['2015-05-14T11:51:57.000Z', 55.9],
      ['2015-05-22T18:12:06.000Z', 58.1],
      ['2015-05-24T15:15:25.000Z', 57.2],
    ]);
    expect(rows.find((r) => r.metric === 'bmi')?.value).toBe(21.48);
  });
});

describe('fitbit fetchWindow through the fake Web API', () => {
  test('cuts each endpoint to its own range limit, follows activity pages, merges the day', async () => {
    const http = inProcessHttp(fitbitFake);
    const batch = await fitbitAdapter.fetchWindow(http, toSyncWindow(new Date('2024-03-09T00:00:00Z'), new Date('2024-04-21T00:00:00Z')));
    const count = (re: RegExp) => http.calls.filter((c) => re.test(c.path)).length;
    expect(count(/\/hrv\//)).toBe(2);
    expect(count(/\/weight\//)).toBe(2);
    expect(count(/\/sleep\//)).toBe(1);
    expect(count(/activities\/list/)).toBe(2);
    expect(http.calls).toHaveLength(20);
    expect(batch.daily.map((d) => d.date)).toEqual(['2024-03-09', '2024-03-10', '2024-03-11', '2024-04-20']);
    expect(batch.daily[1]).toMatchObject({ steps: 13450, distance_m: 10120, floors_climbed: 14, total_calories_kcal: 2789, active_calories_kcal: 1105, moderate_intensity_minutes: 34, vigorous_intensity_minutes: 41, active_minutes: 75, resting_hr_bpm: 55, hrv_rmssd_ms: 47.03, spo2_avg_pct: 96.2, spo2_min_pct: 93, respiratory_rate_avg: 15.2 });
    expect(batch.sleep.find((s) => s.sleep_date === '2024-03-10')).toMatchObject({ avg_hrv_ms: 47.03, avg_spo2_pct: 96.2, avg_respiratory_rate: 15.2, sleep_start: '2024-03-09T22:30:00.000Z' });
    expect(batch.activities.map((a) => a.source_activity_id)).toEqual(['700001', '700002', '700003', '700004']);
    expect(batch.measurements.filter((m) => m.metric === 'weight')).toHaveLength(3);
    expect(batch.warnings).toEqual([]);
  });

  test('the fake answers 400 with Fitbit\'s error body past a range limit', () => {
    expect(fitbitFake({ method: 'GET', path: '/1/user/-/hrv/date/2024-01-01/2024-02-15.json', query: {}, headers: { authorization: 'Bearer x' }, body: '' })).toEqual({ status: 400, body: { errors: [{ errorType: 'validation', message: 'The date range exceeds the maximum of 30 days' }], success: false } });
  });

  test('token: user_id becomes the external user id; errors are clear', () => {
    const now = new Date('2024-03-10T00:00:00Z');
    expect(fitbitAdapter.parseToken({ access_token: 'a', expires_in: 28800, refresh_token: 'r', scope: 'sleep weight activity', token_type: 'Bearer', user_id: 'ABC123' }, now)).toEqual({ accessToken: 'a', refreshToken: 'r', expiresAt: new Date('2024-03-10T08:00:00Z'), scope: ['sleep', 'weight', 'activity'], externalUserId: 'ABC123' });
    expect(() => fitbitAdapter.parseToken({ errors: [{ errorType: 'invalid_grant', message: 'Authorization code expired' }], success: false }, now)).toThrow('fitbit token endpoint: invalid_grant: Authorization code expired');
  });
});

describe('fitbit webhooks', () => {
  test('verify: X-Fitbit-Signature is base64 HMAC-SHA1 of the raw body with clientSecret&', () => {
    const good = webhook(notification, { 'x-fitbit-signature': 'KECVbt4qhMX2adMx5J8Zbp1RBKc=' });
    expect(fitbitAdapter.verifyWebhook!(good, { clientSecret: 'clientsecret' })).toBe(true);
    expect(fitbitAdapter.verifyWebhook!(good, { clientSecret: 'other' })).toBe(false);
    expect(fitbitAdapter.verifyWebhook!(webhook(notification.replace('ABC123', 'ABC124'), { 'x-fitbit-signature': 'KECVbt4qhMX2adMx5J8Zbp1RBKc=' }), { clientSecret: 'clientsecret' })).toBe(false);
    expect(fitbitAdapter.verifyWebhook!(webhook(notification), { clientSecret: 'clientsecret' })).toBe(false);
  });

  test('subscriber verification: 204 for the right code, 404 otherwise, nothing without ?verify', () => {
    expect(fitbitAdapter.verificationChallenge!({ verify: 'code-1' }, { webhookSecret: 'code-1' })).toEqual({ status: 204, body: '' });
    expect(fitbitAdapter.verificationChallenge!({ verify: 'wrong' }, { webhookSecret: 'code-1' })).toEqual({ status: 404, body: '' });
    expect(fitbitAdapter.verificationChallenge!({ verify: 'x' }, {})).toEqual({ status: 404, body: '' });
    expect(fitbitAdapter.verificationChallenge!({}, { webhookSecret: 'code-1' })).toBeUndefined();
  });

  test('notifications become one window per owner covering the notified days', () => {
    const raw = JSON.stringify([
      { collectionType: 'sleep', date: '2024-03-10', ownerId: 'ABC123', ownerType: 'user', subscriptionId: '1' },
      { collectionType: 'body', date: '2024-03-11', ownerId: 'ABC123', ownerType: 'user', subscriptionId: '1' },
      { collectionType: 'foods', date: '2024-03-12', ownerId: 'ABC123', ownerType: 'user', subscriptionId: '1' },
      { collectionType: 'userRevokedAccess', ownerId: 'XYZ', ownerType: 'user', subscriptionId: '2' },
    ]);
    expect(fitbitAdapter.parseWebhook!(webhook(raw))).toEqual([{ externalUserId: 'ABC123', window: { start: new Date('2024-03-10T00:00:00Z'), end: new Date('2024-03-12T00:00:00Z') } }]);
    expect(() => fitbitAdapter.parseWebhook!(webhook('[{"collectionType":"sleep","date":"2024-03-10"}]'))).toThrow(/^fitbit webhook: \[0\]\.ownerId: /);
  });
});

test('SpO2: a range answers an array, one day an object, a day without a reading an empty object (no entry, not an error)', () => {
  const day = { dateTime: '2024-03-01', value: { avg: 95.4, min: 91, max: 98.7 } };
  expect(fitbitSpo2Parts([day])).toEqual([{ date: '2024-03-01', values: { spo2_avg_pct: 95.4, spo2_min_pct: 91 }, raw: { spo2: day.value } }]);
  expect(fitbitSpo2Parts(day)).toEqual(fitbitSpo2Parts([day]));
  expect(fitbitSpo2Parts({})).toEqual([]);
  expect(fitbitSpo2Parts([])).toEqual([]);
  expect(() => fitbitSpo2Parts({ dateTime: '2024-03-01' })).toThrow(/fitbit spo2/);
});
