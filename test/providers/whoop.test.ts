import fs from 'node:fs';
import path from 'node:path';
import type { WebhookRequest } from '../../src/providers/types';
import { whoopAdapter, whoopFetchWindow } from '../../src/providers/whoop';
import { mapBody } from '../../src/providers/whoop/body';
import { cycleDate, parseCycle } from '../../src/providers/whoop/cycles';
import { mapDaily } from '../../src/providers/whoop/daily';
import { mapSleep } from '../../src/providers/whoop/sleep';
import { whoopSignature } from '../../src/providers/whoop/webhook';
import { mapWorkouts, whoopActivityType } from '../../src/providers/whoop/workouts';
import { whoopFake } from '../fakeProviders/whoop';
import { inProcessHttp } from '../fakeProviders/inProcess';
import { describeWithSamples, sample } from '../helpers/samples';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'providers', 'whoop');
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as { records: Record<string, unknown>[] };
// 2 to 4 November 2024 in New York (EDT until 3 Nov 06:00 UTC, then EST).
const window = { start: new Date('2024-11-02T00:00:00Z'), end: new Date('2024-11-05T00:00:00Z'), startDate: '2024-11-02', endDate: '2024-11-04' };

describe('WHOOP mapping (project fixtures)', () => {
  test('cycles + recoveries: one daily row per cycle on the day it opens into, kJ to kcal, RMSSD', () => {
    const { daily, warnings } = mapDaily(fixture('cycle'), fixture('recovery'));
    expect(daily.map((d) => d.date)).toEqual(['2024-11-01', '2024-11-02', '2024-11-03', '2024-11-04', '2024-11-05']);
    // Cycle 1002 (kilojoule 10250) with its recovery.
    expect(daily[1]).toMatchObject({ source: 'whoop', max_hr_bpm: 168, total_calories_kcal: 2450, recovery_score: 44, resting_hr_bpm: 64, hrv_rmssd_ms: 31.813562, spo2_avg_pct: 95.6875, source_updated_at: '2024-11-03T04:10:00.000Z' });
    expect(daily[1]!.skin_temp_deviation_c).toBeUndefined();
    expect((daily[1]!.raw_data as { recovery: { score: { skin_temp_celsius: number } } }).recovery.score.skin_temp_celsius).toBe(33.7);
    // Recovery still PENDING_SCORE, current cycle unscored: rows without those values.
    expect(daily[3]).toMatchObject({ max_hr_bpm: 182, total_calories_kcal: 2629 });
    expect(daily[3]!.recovery_score).toBeUndefined();
    expect(Object.keys(daily[4]!).sort()).toEqual(['date', 'raw_data', 'source', 'source_updated_at']);
    expect(warnings).toContain('whoop recovery: not mapped (kept in raw_data): created_at, score.skin_temp_celsius, score.user_calibrating, sleep_id');
  });

  test('cycle date: twelve hours after the start, in the offset WHOOP recorded', () => {
    const cycle = (start: string, timezone_offset: string) => parseCycle({ id: 1, start, timezone_offset, score_state: 'SCORED' });
    expect(cycleDate(cycle('2024-11-03T03:55:00Z', '-04:00'))).toBe('2024-11-03'); // 23:55 on the 2nd, local
    expect(cycleDate(cycle('2024-11-03T06:30:00Z', '-05:00'))).toBe('2024-11-03'); // 01:30 on the 3rd
    expect(cycleDate(cycle('2024-11-03T13:00:00Z', 'Z'))).toBe('2024-11-04');
  });

  test('sleep: milliseconds to minutes, local end date across the DST change, naps kept out of the night', () => {
    const { sleep } = mapSleep(fixture('sleep'));
    expect(sleep.map((s) => s.sleep_date)).toEqual(['2024-11-01', '2024-11-02', '2024-11-03', '2024-11-04']);
    expect(sleep[1]).toMatchObject({ sleep_start: '2024-11-02T02:40:00.000Z', sleep_end: '2024-11-02T10:25:00.000Z', total_sleep_minutes: 442, light_minutes: 248, deep_minutes: 111, rem_minutes: 83, awake_minutes: 23, interruptions: 12, sleep_efficiency_pct: 91.69533848, sleep_score: 98, avg_respiratory_rate: 16.11328125 });
    const raw = sleep[1]!.raw_data as { sleep: { id: string }; naps: { id: string }[] };
    expect(raw.naps.map((n) => n.id)).toEqual(['5a1e0c2e-0022-4c6a-9d1e-000000000022']);
    // The nap: 30 min asleep (light + slow wave + REM), apart from the night's 442.
    expect(sleep[1]).toMatchObject({ nap_minutes: 30, nap_count: 1 });
    expect(raw.naps[0]).toMatchObject({ start: '2024-11-02T18:00:00.000Z', end: '2024-11-02T18:35:00.000Z', minutes: 30, nap: true });
    expect(sleep[0]).toMatchObject({ nap_minutes: 0, nap_count: 0 });
    const dst = sleep[2]!;
    expect((Date.parse(dst.sleep_end as string) - Date.parse(dst.sleep_start as string)) / 60000).toBe(490);
    expect(dst).toMatchObject({ total_sleep_minutes: 455, deep_minutes: 100, rem_minutes: 105 });
    // sleep_performance_percentage missing: no score, the rest kept.
    expect(sleep[3]!.sleep_score).toBeUndefined();
    expect(sleep[3]!.total_sleep_minutes).toBe(410);
  });

  test('a day with only naps is a row without a night; an unscored nap counts its length', () => {
    const nap = fixture('sleep').records[2]!;
    const unscored = { ...nap, id: 'nap-2', start: '2024-11-02T20:00:00.000Z', end: '2024-11-02T20:20:00.000Z', score_state: 'UNSCORABLE', score: null, updated_at: '2024-11-02T20:30:00.000Z' };
    const { sleep } = mapSleep({ records: [unscored, nap] });
    expect(sleep).toEqual([
      {
        sleep_date: '2024-11-02',
        source: 'whoop',
        nap_minutes: 50,
        nap_count: 2,
        raw_data: { naps: [expect.objectContaining({ id: nap.id, minutes: 30 }), expect.objectContaining({ id: 'nap-2', minutes: 20 })] },
        source_updated_at: '2024-11-02T20:30:00.000Z',
      },
    ]);
  });

  test('a second non-nap sleep ending the same day is a nap of that day, the longer one the night', () => {
    const night = fixture('sleep').records[1]!;
    const second = { ...night, id: 'second', start: '2024-11-02T16:00:00.000Z', end: '2024-11-02T19:00:00.000Z', score: null };
    const [row] = mapSleep({ records: [second, night] }).sleep;
    expect(row).toMatchObject({ sleep_start: '2024-11-02T02:40:00.000Z', total_sleep_minutes: 442, nap_minutes: 180, nap_count: 1 });
    expect((row!.raw_data as { naps: { id: string; nap: boolean }[] }).naps.map((n) => [n.id, n.nap])).toEqual([['second', false]]);
  });

  test('workouts: sport names, local start date, zones in seconds, unknown sport as other', () => {
    expect(whoopActivityType('functional-fitness')).toBe('functional_training');
    expect(whoopActivityType('Hiking/Rucking')).toBe('hiking');
    const { activities, warnings } = mapWorkouts(fixture('workout'));
    const byId = Object.fromEntries(activities.map((a) => [a.source_activity_id, a]));
    expect(byId['ecfc6a15-4661-442f-a9a4-f160dd7afae8']).toMatchObject({ activity_date: '2024-11-02', activity_type: 'running', duration_seconds: 2730, calories_kcal: 375, avg_hr_bpm: 123, max_hr_bpm: 146, distance_m: 1772.77, elevation_gain_m: 46.64, hr_zone_1_seconds: 600, hr_zone_2_seconds: 900, hr_zone_3_seconds: 900, hr_zone_4_seconds: 600, hr_zone_5_seconds: 300 });
    // 01:30 UTC on the 4th is 20:30 on the 3rd in New York.
    expect(byId['0b6f4d39-2f3c-4f7e-8a51-5f0c6a7d9e21']).toMatchObject({ activity_date: '2024-11-03', activity_type: 'functional_training', calories_kcal: 502 });
    expect(byId['7d0c1e2a-94b3-4d6f-b0c8-3e9a5f1b2c44']).toMatchObject({ activity_type: 'other', duration_seconds: 1800 });
    expect(byId['7d0c1e2a-94b3-4d6f-b0c8-3e9a5f1b2c44']!.calories_kcal).toBeUndefined();
    expect(warnings).toContain('whoop workout 7d0c1e2a-94b3-4d6f-b0c8-3e9a5f1b2c44: sport "underwater-basket-weaving" has no activity_type; stored as other');
  });

  test('out-of-range values are dropped with a warning, the row kept; wrong types name the field', () => {
    const recs = fixture('recovery');
    (recs.records[1]!.score as Record<string, unknown>).resting_heart_rate = 5;
    const { daily, warnings } = mapDaily(fixture('cycle'), recs);
    expect(daily[1]!.resting_hr_bpm).toBeUndefined();
    expect(daily[1]!.recovery_score).toBe(44);
    expect(warnings).toContain('whoop cycle 1002 (2024-11-02): resting_hr_bpm 5 is outside 20..300; dropped');
    const bad = fixture('sleep');
    bad.records[0]!.nap = 'no';
    expect(() => mapSleep(bad)).toThrow(/whoop sleep: records\[0\]\.nap: .*boolean/);
    const badOffset = fixture('cycle');
    badOffset.records[0]!.timezone_offset = 'EST';
    expect(() => mapDaily(badOffset, { records: [] })).toThrow(/whoop cycle: records\[0\]\.timezone_offset: expected a time zone offset/);
  });

  test('body measurement: weight in kg and height in m at the given time', () => {
    expect(mapBody({ height_meter: 1.8288, weight_kilogram: 90.7185, max_heart_rate: 200 }, new Date('2024-11-05T00:00:00Z')).measurements).toEqual([
      { metric: 'weight', value: 90.719, unit: 'kg', measured_at: '2024-11-05T00:00:00.000Z', source: 'whoop' },
      { metric: 'height', value: 1.829, unit: 'm', measured_at: '2024-11-05T00:00:00.000Z', source: 'whoop' },
    ]);
    expect(mapBody({ height_meter: 1.8, weight_kilogram: 2, max_heart_rate: 190 }, new Date()).warnings[0]).toMatch(/weight \(lb\) .* outside 20\.\.1000; dropped/);
  });
});

describe('WHOOP fetchWindow through the fake API', () => {
  test('pages through every collection with nextToken and keeps the window days', async () => {
    const { calls, ...http } = inProcessHttp(whoopFake);
    const batch = await whoopFetchWindow(http, window, new Date('2024-11-05T06:00:00Z'));
    const cycleCalls = calls.filter((c) => c.path === '/v2/cycle');
    // Four cycles overlap 1 Nov 00:00 .. 5 Nov 00:00 UTC (a day before the window to its end), two a page.
    expect(cycleCalls.map((c) => c.query.nextToken ?? null)).toEqual([null, expect.any(String)]);
    expect(cycleCalls[0]!.query).toEqual({ start: '2024-11-01T00:00:00.000Z', end: '2024-11-05T00:00:00.000Z', limit: '25' });
    expect(batch.daily.map((d) => d.date)).toEqual(['2024-11-02', '2024-11-03', '2024-11-04']);
    expect(batch.sleep.map((s) => s.sleep_date)).toEqual(['2024-11-02', '2024-11-03', '2024-11-04']);
    expect(batch.activities.map((a) => a.activity_date).sort()).toEqual(['2024-11-02', '2024-11-03', '2024-11-04']);
    expect(batch.measurements.map((m) => [m.metric, m.measured_at])).toEqual([
      ['weight', '2024-11-05T00:00:00.000Z'],
      ['height', '2024-11-05T00:00:00.000Z'],
    ]);
  });

  test('a historical window does not read the undated body measurement', async () => {
    const { calls, ...http } = inProcessHttp(whoopFake);
    const batch = await whoopFetchWindow(http, window, new Date('2025-06-01T00:00:00Z'));
    expect(batch.measurements).toEqual([]);
    expect(calls.some((c) => c.path === '/v2/user/measurement/body')).toBe(false);
  });

  test("a recovery whose cycle the collection left out gets the cycle by id", async () => {
    const { calls, ...http } = inProcessHttp((req) => {
      const res = whoopFake(req);
      if (req.path !== '/v2/cycle' || !res) return res;
      const body = res.body as { records: { id: number }[] };
      return { ...res, body: { ...body, records: body.records.filter((c) => c.id !== 1003) } };
    });
    const batch = await whoopFetchWindow(http, window, new Date('2025-06-01T00:00:00Z'));
    expect(calls.map((c) => c.path)).toContain('/v2/cycle/1003');
    expect(batch.daily.find((d) => d.date === '2024-11-03')).toMatchObject({ recovery_score: 78, max_hr_bpm: 141 });
  });

  test('east of UTC, a record started inside the window keeps its local date after endDate', async () => {
    const sydney = { id: 'c7d1f0a2-1111-4b2c-9d3e-444455556666', start: '2024-11-04T20:00:00.000Z', end: '2024-11-04T21:00:00.000Z', timezone_offset: '+10:00', sport_name: 'cycling', score_state: 'PENDING_SCORE', updated_at: '2024-11-04T21:05:00.000Z' };
    const http = inProcessHttp((req) => (req.path === '/v2/activity/workout' ? { status: 200, body: { records: [sydney] } } : req.path.startsWith('/v2/user') ? whoopFake(req) : { status: 200, body: { records: [] } }));
    const batch = await whoopFetchWindow(http, window, new Date('2025-06-01T00:00:00Z'));
    expect(batch.activities.map((a) => [a.activity_date, a.activity_type])).toEqual([['2024-11-05', 'cycling']]);
  });

  test('the fake answers bad parameters with 400 and a missing token with 401', () => {
    const req = (query: Record<string, string>, authorization = 'Bearer t') => whoopFake({ method: 'GET', path: '/v2/cycle', query, headers: { authorization }, body: '' });
    expect(req({ limit: '26' })).toMatchObject({ status: 400, body: { error: 'limit must be between 1 and 25' } });
    expect(req({ start: 'yesterday' })).toMatchObject({ status: 400 });
    expect(req({ start: '2024-11-05T00:00:00Z', end: '2024-11-01T00:00:00Z' })).toMatchObject({ status: 400 });
    expect(req({}, '')).toMatchObject({ status: 401 });
    expect(whoopFake({ method: 'GET', path: '/v2/cycle/999', query: {}, headers: { authorization: 'Bearer t' }, body: '' })).toMatchObject({ status: 404 });
  });
});

describe('WHOOP webhooks', () => {
  const secret = 'whoop-client-secret';
  const body = { user_id: 10129, id: '5a1e0c2e-0003-4c6a-9d1e-000000000003', type: 'sleep.updated', trace_id: 'e369c784-5100-49e8-8098-75d35c47b31b' };
  const signed = (raw: string, timestamp = '1730635200000', signature?: string): WebhookRequest => ({
    headers: { 'x-whoop-signature-timestamp': timestamp, 'x-whoop-signature': signature ?? whoopSignature(secret, timestamp, raw) },
    query: {},
    rawBody: Buffer.from(raw),
    body: JSON.parse(raw),
    receivedAt: new Date(1730635200000 + 2000),
  });

  test('accepts base64(HMAC-SHA256(timestamp + raw body)) under the client secret', () => {
    const raw = JSON.stringify(body);
    const req = signed(raw);
    expect(req.headers['x-whoop-signature']).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(whoopAdapter.verifyWebhook!(req, { clientSecret: secret })).toBe(true);
  });

  test('rejects a wrong secret, a changed body, a changed timestamp, a hex signature or none', () => {
    const raw = JSON.stringify(body);
    const good = signed(raw);
    expect(whoopAdapter.verifyWebhook!(good, { clientSecret: 'other' })).toBe(false);
    expect(whoopAdapter.verifyWebhook!({ ...good, rawBody: Buffer.from(raw.replace('10129', '10130')) }, { clientSecret: secret })).toBe(false);
    expect(whoopAdapter.verifyWebhook!({ ...good, headers: { ...good.headers, 'x-whoop-signature-timestamp': '1730635200001' } }, { clientSecret: secret })).toBe(false);
    const hex = Buffer.from(good.headers['x-whoop-signature']!, 'base64').toString('hex');
    expect(whoopAdapter.verifyWebhook!({ ...good, headers: { ...good.headers, 'x-whoop-signature': hex } }, { clientSecret: secret })).toBe(false);
    expect(whoopAdapter.verifyWebhook!({ ...good, headers: { 'x-whoop-signature-timestamp': '1730635200000' } }, { clientSecret: secret })).toBe(false);
  });

  test('a correctly signed notification replayed more than five minutes later is refused', () => {
    const good = signed(JSON.stringify(body));
    expect(whoopAdapter.verifyWebhook!({ ...good, receivedAt: new Date(1730635200000 + 4 * 60_000) }, { clientSecret: secret })).toBe(true);
    expect(whoopAdapter.verifyWebhook!({ ...good, receivedAt: new Date(1730635200000 + 6 * 60_000) }, { clientSecret: secret })).toBe(false);
    expect(whoopAdapter.verifyWebhook!({ ...good, receivedAt: new Date(1730635200000 - 6 * 60_000) }, { clientSecret: secret })).toBe(false);
  });

  test('an event becomes a re-fetch window for the WHOOP user id', () => {
    expect(whoopAdapter.parseWebhook!(signed(JSON.stringify(body)))).toEqual([
      { externalUserId: '10129', window: { start: new Date('2024-11-01T12:00:00Z'), end: new Date('2024-11-03T13:00:00Z') } },
    ]);
    expect(whoopAdapter.verificationChallenge).toBeUndefined();
  });

  test('a deleted workout becomes a deletion of that workout, not a re-fetch', () => {
    const deleted = { ...body, type: 'workout.deleted', id: 'ecfc6a15-4661-442f-a9a4-f160dd7afae8' };
    expect(whoopAdapter.parseWebhook!(signed(JSON.stringify(deleted)))).toEqual([{ externalUserId: '10129', deletedActivityIds: ['ecfc6a15-4661-442f-a9a4-f160dd7afae8'] }]);
    // A deleted sleep or recovery re-fetches its nights instead: they are rebuilt from what is left.
    expect(whoopAdapter.parseWebhook!(signed(JSON.stringify({ ...body, type: 'sleep.deleted' })))[0]!.window).toBeDefined();
  });
});

test('token answers parse; the scopes ask for offline access', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  expect(whoopAdapter.parseToken({ access_token: 'a', expires_in: 3600, refresh_token: 'r', scope: 'offline read:sleep', token_type: 'bearer' }, now)).toEqual({
    accessToken: 'a',
    refreshToken: 'r',
    expiresAt: new Date('2026-01-01T01:00:00Z'),
    scope: ['offline', 'read:sleep'],
  });
  expect(() => whoopAdapter.parseToken({ error: 'invalid_request', error_description: 'The request is missing a required parameter' }, now)).toThrow('whoop token endpoint: invalid_request');
  expect(whoopAdapter.scopes).toContain('offline');
});

/** The `example:` values of one schema in the WHOOP OpenAPI YAML (properties at 8 spaces, examples at 10). */
function examples(yml: string, schema: string): Record<string, unknown> {
  const lines = yml.split('\n');
  const from = lines.indexOf(`    ${schema}:`);
  if (from < 0) throw new Error(`schema ${schema} not in the spec`);
  const out: Record<string, unknown> = {};
  let prop: string | undefined;
  for (const line of lines.slice(from + 1)) {
    if (/^ {4}\S/.test(line)) break;
    const p = /^ {8}(\w+):\s*$/.exec(line);
    if (p) prop = p[1];
    const e = /^ {10}example:\s*(.+)$/.exec(line);
    if (e && prop) {
      const v = e[1]!.replace(/^'(.*)'$/, '$1');
      out[prop] = v === 'true' ? true : v === 'false' ? false : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    }
  }
  return out;
}

test('the provider user id is the basic profile user_id, an integer made a string (the token answer names none)', async () => {
  const http = inProcessHttp(whoopFake);
  expect(await whoopAdapter.fetchExternalUserId!(http)).toBe('10129');
  expect(http.calls.map((c) => c.path)).toEqual(['/v2/user/profile/basic']);
  await expect(whoopAdapter.fetchExternalUserId!(inProcessHttp(() => ({ status: 200, body: { email: 'a@b.c' } })))).rejects.toThrow(/^whoop profile\/basic: user_id: /);
});

describeWithSamples('WHOOP mapping (../shared/samples: the v2 spec examples)', () => {
  const yml = sample('whoop', 'whoop-openapi.yml');

  test('Cycle + Recovery examples', () => {
    const cycle = { ...examples(yml, 'Cycle'), score: examples(yml, 'CycleScore') };
    const recovery = { ...examples(yml, 'Recovery'), score: examples(yml, 'RecoveryScore') };
    expect(cycle).toMatchObject({ id: 93845, timezone_offset: '-05:00', start: '2022-04-24T02:25:44.774Z' });
    const { daily } = mapDaily({ records: [cycle] }, { records: [recovery] });
    // 8288.297 kJ x 0.239006 = 1980.96 kcal.
    expect(daily).toEqual([
      expect.objectContaining({ date: '2022-04-24', max_hr_bpm: 141, total_calories_kcal: 1981, recovery_score: 44, resting_hr_bpm: 64, hrv_rmssd_ms: 31.813562, spo2_avg_pct: 95.6875, source_updated_at: '2022-04-24T14:25:44.774Z' }),
    ]);
  });

  test('Sleep example: stage milliseconds to minutes', () => {
    const score = { ...examples(yml, 'SleepScore'), stage_summary: examples(yml, 'SleepStageSummary'), sleep_needed: examples(yml, 'SleepNeeded') };
    const { sleep } = mapSleep({ records: [{ ...examples(yml, 'Sleep'), score }] });
    // light 14905851 + SWS 6630370 + REM 5879573 = 27415794 ms = 456.9 min; awake 1403507 ms.
    expect(sleep).toEqual([
      expect.objectContaining({ sleep_date: '2022-04-24', total_sleep_minutes: 457, light_minutes: 248, deep_minutes: 111, rem_minutes: 98, awake_minutes: 23, interruptions: 12, sleep_score: 98, sleep_efficiency_pct: 91.69533848, avg_respiratory_rate: 16.11328125 }),
    ]);
  });

  test('WorkoutV2 example: kJ, zones and the local date of the start', () => {
    const score = { ...examples(yml, 'WorkoutScore'), zone_durations: examples(yml, 'ZoneDurations') };
    const { activities } = mapWorkouts({ records: [{ ...examples(yml, 'WorkoutV2'), score }] });
    // Starts 02:25 UTC on 24 April, which is 21:25 on the 23rd at -05:00.
    expect(activities).toEqual([
      expect.objectContaining({ source_activity_id: 'ecfc6a15-4661-442f-a9a4-f160dd7afae8', activity_date: '2022-04-23', activity_type: 'running', duration_seconds: 28800, calories_kcal: 375, avg_hr_bpm: 123, max_hr_bpm: 146, distance_m: 1772.77, elevation_gain_m: 46.64, hr_zone_1_seconds: 600, hr_zone_5_seconds: 300 }),
    ]);
  });

  test('UserBodyMeasurement example', () => {
    const { measurements } = mapBody(examples(yml, 'UserBodyMeasurement'), new Date('2022-04-24T00:00:00Z'));
    expect(measurements.map((m) => [m.metric, m.value, m.unit])).toEqual([
      ['weight', 90.719, 'kg'],
      ['height', 1.829, 'm'],
    ]);
  });
});
