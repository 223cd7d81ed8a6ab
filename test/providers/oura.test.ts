import fs from 'node:fs';
import path from 'node:path';
import { ouraAdapter } from '../../src/providers/oura';
import { mapDailyActivity, mapDailyReadiness, mapDailySpo2 } from '../../src/providers/oura/daily';
import { hypnogram, mapSleep, wakeEvents } from '../../src/providers/oura/sleep';
import { ouraSignature } from '../../src/providers/oura/webhook';
import { mapWorkouts, ouraActivityType } from '../../src/providers/oura/workouts';
import type { WebhookRequest } from '../../src/providers/types';
import { ouraFake } from '../fakeProviders/oura';
import { inProcessHttp } from '../fakeProviders/inProcess';
import { describeWithSamples, sample } from '../helpers/samples';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'providers', 'oura');
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as { data: Record<string, unknown>[] };
// Engine windows are UTC days; 28 Oct is kept too (local days east of UTC run ahead), 29 Oct is not.
const window = { start: new Date('2024-10-26T00:00:00Z'), end: new Date('2024-10-28T00:00:00Z'), startDate: '2024-10-26', endDate: '2024-10-27' };

describe('Oura mapping (project fixtures)', () => {
  test('daily_activity: units, intensity minutes, out-of-range steps dropped with a warning', () => {
    const { daily, warnings } = mapDailyActivity(fixture('daily_activity'));
    expect(daily[0]).toMatchObject({ date: '2024-10-26', source: 'oura', steps: 9120, active_calories_kcal: 420, total_calories_kcal: 2410, distance_m: 8450, vigorous_intensity_minutes: 25, moderate_intensity_minutes: 50, active_minutes: 285, source_updated_at: '2024-10-26T23:58:00.000Z' });
    expect(daily[1]!.steps).toBeUndefined();
    expect(daily[1]!.total_calories_kcal).toBe(2430);
    expect(warnings).toContain('oura daily_activity 2024-10-27: steps 123456 is outside 0..100000; dropped');
    expect(warnings.find((w) => w.startsWith('oura daily_activity: not mapped'))).toMatch(/class_5_min.*met,/);
  });

  test('daily_readiness and daily_spo2: null values are left out, not failed', () => {
    expect(mapDailyReadiness(fixture('daily_readiness')).daily.map((d) => [d.date, d.readiness_score, d.skin_temp_deviation_c])).toEqual([
      ['2024-10-26', 82, 0.12],
      ['2024-10-27', 76, -0.31],
      ['2024-10-28', 88, undefined],
      ['2024-10-29', 70, 0.4],
    ]);
    expect(mapDailySpo2(fixture('daily_spo2')).daily.map((d) => d.spo2_avg_pct)).toEqual([97.512, undefined, 96.1]);
  });

  test('sleep: one row per day from the long_sleep period, naps counted apart, rest kept in raw_data, DST night measured in real time', () => {
    const { sleep, daily } = mapSleep(fixture('sleep'), fixture('daily_sleep'));
    expect(sleep.map((s) => s.sleep_date)).toEqual(['2024-10-26', '2024-10-27', '2024-10-28', '2024-10-29', '2024-10-30']);
    const dst = sleep[1]!;
    // 23:30 CEST to 07:10 CET is 8 h 40 min, not the 7 h 40 min the wall clocks suggest.
    expect(dst.sleep_start).toBe('2024-10-26T21:30:00.000Z');
    expect(dst.sleep_end).toBe('2024-10-27T06:10:00.000Z');
    expect((Date.parse(dst.sleep_end as string) - Date.parse(dst.sleep_start as string)) / 60000).toBe(520);
    expect(dst).toMatchObject({ total_sleep_minutes: 450, rem_minutes: 100, deep_minutes: 90, light_minutes: 260, awake_minutes: 70, sleep_latency_minutes: 15, sleep_efficiency_pct: 87, sleep_score: 79, min_hr_bpm: 50, avg_hr_bpm: 58, avg_hrv_ms: 54, avg_respiratory_rate: 15, avg_skin_temp_deviation_c: -0.31, interruptions: 2 });
    const stages = dst.hypnogram as { t: string; stage: string }[];
    expect(stages[0]).toEqual({ t: '2024-10-26T21:30:00.000Z', stage: 'awake' });
    expect(stages[1]).toEqual({ t: '2024-10-26T21:40:00.000Z', stage: 'light' });
    // The last stage starts 102 epochs (510 min) after bedtime, across the clock change.
    expect(stages.at(-1)).toEqual({ t: '2024-10-27T06:00:00.000Z', stage: 'awake' });
    const raw = dst.raw_data as { sleep: { id: string }; naps: Record<string, unknown>[]; other_periods: { id: string; type: string }[]; daily_sleep: { id: string } };
    expect(raw.sleep.id).toBe('sl-27');
    // The afternoon "sleep" period is a nap: 35 min asleep, not in the night's 450; the rejected
    // "rest" period is no sleep at all.
    expect(dst).toMatchObject({ nap_minutes: 35, nap_count: 1 });
    expect(raw.naps).toEqual([expect.objectContaining({ start: '2024-10-27T15:00:00.000Z', end: '2024-10-27T15:40:00.000Z', minutes: 35, id: 'sl-27-nap', type: 'sleep' })]);
    expect(raw.other_periods.map((p) => [p.id, p.type])).toEqual([['sl-27-rest', 'rest']]);
    expect(raw.daily_sleep.id).toBe('ds-2024-10-27');
    // No nap: 0 (reported none), not null.
    expect(sleep[0]).toMatchObject({ nap_minutes: 0, nap_count: 0, raw_data: expect.objectContaining({ naps: [] }) });
    // A late_nap (ended after 6 pm) belongs to Oura's next day, as Oura counts it.
    expect(sleep[2]).toMatchObject({ sleep_date: '2024-10-28', total_sleep_minutes: 430, nap_minutes: 25, nap_count: 1 });
    // A day of naps only: a row without a night; unscored, the nap counts its length.
    expect(sleep[4]).toEqual({ sleep_date: '2024-10-30', source: 'oura', nap_minutes: 50, nap_count: 1, raw_data: expect.objectContaining({ sleep: null, naps: [expect.objectContaining({ id: 'sl-30-late', minutes: 50 })] }), source_updated_at: '2024-10-29T20:00:00.000Z' });
    expect(daily.find((d) => d.date === '2024-10-30')).toBeUndefined();
    // A day with only a short "sleep" period still gets its row from that period.
    expect(sleep[3]).toMatchObject({ sleep_date: '2024-10-29', total_sleep_minutes: 150, sleep_score: 51 });
    expect(daily.find((d) => d.date === '2024-10-27')).toMatchObject({ resting_hr_bpm: 50, hrv_rmssd_ms: 54 });
  });

  test('hypnogram and wake events from sleep_phase_5_min', () => {
    expect(hypnogram('4211334', '2024-01-01T23:00:00+01:00')).toEqual([
      { t: '2024-01-01T22:00:00.000Z', stage: 'awake' },
      { t: '2024-01-01T22:05:00.000Z', stage: 'light' },
      { t: '2024-01-01T22:10:00.000Z', stage: 'deep' },
      { t: '2024-01-01T22:20:00.000Z', stage: 'rem' },
      { t: '2024-01-01T22:30:00.000Z', stage: 'awake' },
    ]);
    expect(wakeEvents('4422441223412244')).toBe(2);
    expect(wakeEvents('4444')).toBe(0);
  });

  test('workouts: activity names normalised to activity_type, unknown ones kept as other with a warning', () => {
    expect(ouraActivityType('strengthTraining')).toBe('strength_training');
    expect(ouraActivityType('cycling')).toBe('cycling');
    const { activities, warnings } = mapWorkouts(fixture('workout'));
    expect(activities[0]).toMatchObject({ source_activity_id: 'wo-run-1', activity_date: '2024-10-26', activity_type: 'running', start_time: '2024-10-26T06:00:00.000Z', end_time: '2024-10-26T06:45:30.000Z', duration_seconds: 2730, calories_kcal: 512, distance_m: 8012.37 });
    expect(activities[1]).toMatchObject({ activity_type: 'strength_training', activity_name: 'Gym' });
    expect(activities[1]!.distance_m).toBeUndefined();
    expect(activities[2]!.activity_type).toBe('other');
    expect(warnings).toContain('oura workout wo-odd-1: activity "unicycling" has no activity_type; stored as other');
  });

  test('a wrong type fails with the field named', () => {
    const bad = fixture('sleep');
    bad.data[1]!.total_sleep_duration = '27000';
    expect(() => mapSleep(bad, { data: [] })).toThrow(/oura sleep: data\[1\]\.total_sleep_duration: .*number/);
    expect(() => mapWorkouts({ data: [{ id: 'x', day: '2024-13', activity: 'running', start_datetime: 'x', end_datetime: 'y' }] })).toThrow(/oura workout: data\[0\]\.day: expected a YYYY-MM-DD date/);
  });
});

describe('Oura fetchWindow through the fake API', () => {
  test('follows next_token on every collection and merges one row per day', async () => {
    const { calls, ...http } = inProcessHttp(ouraFake);
    const batch = await ouraAdapter.fetchWindow(http, window);
    const sleepCalls = calls.filter((c) => c.path === '/v2/usercollection/sleep');
    // 7 periods from 2024-10-26 to 2024-10-29, two a page.
    expect(sleepCalls.map((c) => c.query.next_token === undefined)).toEqual([true, false, false, false]);
    expect(sleepCalls[0]!.query).toEqual({ start_date: '2024-10-26', end_date: '2024-10-29' });
    expect(new Set(calls.map((c) => c.path))).toEqual(new Set(['daily_activity', 'daily_readiness', 'daily_spo2', 'sleep', 'daily_sleep', 'workout', 'vO2_max'].map((n) => `/v2/usercollection/${n}`)));
    expect(batch.daily.map((d) => d.date)).toEqual(['2024-10-26', '2024-10-27', '2024-10-28']);
    expect(batch.daily[1]).toMatchObject({ readiness_score: 76, total_calories_kcal: 2430, resting_hr_bpm: 50, hrv_rmssd_ms: 54, vo2_max_ml_kg_min: 44, source_updated_at: '2024-10-27T23:58:00.000Z' });
    expect(Object.keys(batch.daily[1]!.raw_data as object).sort()).toEqual(['daily_activity', 'daily_readiness', 'daily_spo2', 'sleep_id', 'vo2_max']);
    expect(batch.sleep.map((s) => s.sleep_date)).toEqual(['2024-10-26', '2024-10-27', '2024-10-28']);
    expect(batch.activities.map((a) => a.source_activity_id)).toEqual(['wo-run-1', 'wo-gym-1', 'wo-odd-1']);
    expect(batch.measurements).toEqual([]);
  });

  test('the fake answers bad parameters the way Oura does', () => {
    const req = (query: Record<string, string>, authorization = 'Bearer t') => ouraFake({ method: 'GET', path: '/v2/usercollection/sleep', query, headers: { authorization }, body: '' });
    expect(req({ start_date: '2024-10-30', end_date: '2024-10-01' })).toMatchObject({ status: 400, body: { detail: expect.stringMatching(/Start date is greater than end date/) } });
    expect(req({ start_date: '26/10/2024' })).toMatchObject({ status: 422, body: { detail: [{ loc: ['query', 'start_date'] }] } });
    expect(req({ next_token: 'garbage' })).toMatchObject({ status: 400 });
    expect(req({}, '')).toMatchObject({ status: 401 });
    expect(ouraFake({ method: 'GET', path: '/v2/usercollection/heartrate', query: {}, headers: {}, body: '' })).toBeUndefined();
    expect(ouraFake({ method: 'GET', path: '/v2/usercollection/personal_info', query: {}, headers: { authorization: 'Bearer t' }, body: '' })).toMatchObject({ status: 200, body: { id: 'oura-user-1' } });
  });

  test('vO2_max refused to this app is a warning, not a failed sync', async () => {
    const http = inProcessHttp((req) => (req.path.endsWith('/vO2_max') ? { status: 401, body: { detail: 'Unauthorized' } } : ouraFake(req)));
    const batch = await ouraAdapter.fetchWindow(http, window);
    expect(batch.warnings).toContain('oura vO2_max: not available to this app (HTTP 401); skipped');
    expect(batch.daily[1]!.vo2_max_ml_kg_min).toBeUndefined();
  });
});

describe('Oura webhooks', () => {
  const secret = 'oura-client-secret';
  const body = { event_type: 'update', data_type: 'sleep', object_id: 'sl-27', event_time: '2024-10-27T08:00:00+00:00', user_id: 'oura-user-1' };
  const signed = (raw: string, timestamp = '1730016000', signature?: string): WebhookRequest => ({
    headers: { 'x-oura-timestamp': timestamp, 'x-oura-signature': signature ?? ouraSignature(secret, timestamp, raw) },
    query: {},
    rawBody: Buffer.from(raw),
    body: JSON.parse(raw),
    receivedAt: new Date(1730016000 * 1000 + 2000),
  });

  test('accepts the HMAC of timestamp + raw body under the client secret, in either case', () => {
    const raw = JSON.stringify(body);
    expect(ouraAdapter.verifyWebhook!(signed(raw), { clientSecret: secret })).toBe(true);
    expect(ouraAdapter.verifyWebhook!(signed(raw, '1730016000', ouraSignature(secret, '1730016000', raw).toLowerCase()), { clientSecret: secret })).toBe(true);
  });

  test('rejects a wrong secret, a changed body, a changed timestamp or a missing header', () => {
    const raw = JSON.stringify(body);
    const good = signed(raw);
    expect(ouraAdapter.verifyWebhook!(good, { clientSecret: 'other' })).toBe(false);
    expect(ouraAdapter.verifyWebhook!({ ...good, rawBody: Buffer.from(raw.replace('sl-27', 'sl-28')) }, { clientSecret: secret })).toBe(false);
    expect(ouraAdapter.verifyWebhook!({ ...good, headers: { ...good.headers, 'x-oura-timestamp': '1730016001' } }, { clientSecret: secret })).toBe(false);
    expect(ouraAdapter.verifyWebhook!({ ...good, headers: { 'x-oura-timestamp': '1730016000' } }, { clientSecret: secret })).toBe(false);
  });

  test('a correctly signed notification replayed more than five minutes later is refused', () => {
    const good = signed(JSON.stringify(body));
    expect(ouraAdapter.verifyWebhook!({ ...good, receivedAt: new Date(1730016000 * 1000 + 4 * 60_000) }, { clientSecret: secret })).toBe(true);
    expect(ouraAdapter.verifyWebhook!({ ...good, receivedAt: new Date(1730016000 * 1000 + 6 * 60_000) }, { clientSecret: secret })).toBe(false);
  });

  test('a deleted workout becomes a deletion of that workout, not a re-fetch', () => {
    const deleted = JSON.stringify({ ...body, event_type: 'delete', data_type: 'workout', object_id: 'wk-1' });
    expect(ouraAdapter.parseWebhook!(signed(deleted))).toEqual([{ externalUserId: 'oura-user-1', deletedActivityIds: ['wk-1'] }]);
  });

  test('answers the subscription challenge only with the right verification token', () => {
    expect(ouraAdapter.verificationChallenge!({ verification_token: 'vt', challenge: 'abc' }, { webhookSecret: 'vt' })).toEqual({ status: 200, body: '{"challenge":"abc"}' });
    expect(ouraAdapter.verificationChallenge!({ verification_token: 'nope', challenge: 'abc' }, { webhookSecret: 'vt' })?.status).toBe(401);
    expect(ouraAdapter.verificationChallenge!({}, { webhookSecret: 'vt' })).toBeUndefined();
  });

  test('an event becomes a re-fetch window around event_time for the Oura user', () => {
    expect(ouraAdapter.parseWebhook!(signed(JSON.stringify(body)))).toEqual([
      { externalUserId: 'oura-user-1', window: { start: new Date('2024-10-25T08:00:00Z'), end: new Date('2024-10-28T08:00:00Z') } },
    ]);
    expect(() => ouraAdapter.parseWebhook!(signed(JSON.stringify({ ...body, user_id: 42 })))).toThrow(/oura webhook: user_id/);
  });
});

test('token answers: RFC 6749 JSON parsed, error bodies named', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  expect(ouraAdapter.parseToken({ access_token: 'a', token_type: 'bearer', expires_in: 86400, refresh_token: 'r' }, now)).toEqual({ accessToken: 'a', refreshToken: 'r', expiresAt: new Date('2026-01-02T00:00:00Z'), scope: undefined });
  expect(() => ouraAdapter.parseToken({ error: 'invalid_grant', error_description: 'Invalid refresh token' }, now)).toThrow('oura token endpoint: invalid_grant (Invalid refresh token)');
  expect(() => ouraAdapter.parseToken({ token_type: 'bearer' }, now)).toThrow(/oura token endpoint: access_token/);
});

test("the provider user id is personal_info.id (the token answer names none)", async () => {
  expect(await ouraAdapter.fetchExternalUserId!(inProcessHttp(ouraFake))).toBe('oura-user-1');
  await expect(ouraAdapter.fetchExternalUserId!(inProcessHttp(() => ({ status: 200, body: { age: 35 } })))).rejects.toThrow(/^oura personal_info: id: /);
});

describeWithSamples('Oura mapping (../shared/samples, real responses)', () => {
  const body = (file: string) => (JSON.parse(sample('oura', file)) as { body: unknown }).body;

  test('single_sleep.json: a long_sleep period in seconds, +02:00 offsets', () => {
    const { sleep, daily } = mapSleep({ data: [body('single_sleep.json')], next_token: null }, { data: [] });
    expect(sleep).toHaveLength(1);
    // total_sleep_duration 23220 s = 387 min; rem 3000 s; deep 3060 s; light 17160 s; awake 5713 s; latency 930 s.
    expect(sleep[0]).toMatchObject({
      sleep_date: '2024-10-10',
      sleep_start: '2024-10-09T23:01:59.000Z',
      sleep_end: '2024-10-10T07:04:12.000Z',
      total_sleep_minutes: 387,
      rem_minutes: 50,
      deep_minutes: 51,
      light_minutes: 286,
      awake_minutes: 95,
      sleep_latency_minutes: 16,
      sleep_efficiency_pct: 80,
      avg_hr_bpm: 71,
      min_hr_bpm: 60,
      avg_hrv_ms: 38,
      avg_respiratory_rate: 14.5,
      avg_skin_temp_deviation_c: -0.05,
    });
    const stages = sleep[0]!.hypnogram as { t: string; stage: string }[];
    expect(stages[0]).toEqual({ t: '2024-10-09T23:01:59.000Z', stage: 'awake' });
    expect(stages.at(-1)).toEqual({ t: '2024-10-10T07:01:59.000Z', stage: 'awake' });
    expect(sleep[0]!.source_updated_at).toBeUndefined(); // recorded before Oura added meta
    expect(daily).toEqual([{ date: '2024-10-10', source: 'oura', resting_hr_bpm: 60, hrv_rmssd_ms: 38, raw_data: { sleep_id: '96e7772a-64a7-4342-9c5f-3e5ed9e64d6d' }, source_updated_at: undefined }]);
  });

  test('multiple_daily_*.json: activity, readiness, sleep score and SpO2 per day', () => {
    const activity = mapDailyActivity(body('multiple_daily_activity.json')).daily;
    expect(activity).toHaveLength(1);
    // high_activity_time 2460 s, medium 4860 s, low 18060 s.
    expect(activity[0]).toMatchObject({ date: '2024-11-11', steps: 15185, active_calories_kcal: 1153, total_calories_kcal: 3502, distance_m: 17850, vigorous_intensity_minutes: 41, moderate_intensity_minutes: 81, active_minutes: 423 });
    expect(mapDailyReadiness(body('multiple_daily_readiness.json')).daily.map((d) => [d.date, d.readiness_score, d.skin_temp_deviation_c])).toEqual([
      ['2024-11-11', 86, 0.1],
      ['2024-11-12', 87, -0.29],
    ]);
    expect(mapDailySpo2(body('multiple_daily_sp02.json')).daily.map((d) => [d.date, d.spo2_avg_pct])).toEqual([
      ['2024-11-11', 98.072],
      ['2024-11-12', 96.153],
    ]);
    const scores = mapSleep({ data: [] }, body('multiple_daily_sleep.json')).sleep;
    expect(scores.map((s) => [s.sleep_date, s.sleep_score])).toEqual([
      ['2024-11-11', 77],
      ['2024-11-12', 83],
    ]);
  });
});
