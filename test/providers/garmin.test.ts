import fs from 'node:fs';
import path from 'node:path';
import { garminAdapter, fetchGarminUserId } from '../../src/providers/garmin';
import { mapGarminActivities } from '../../src/providers/garmin/activities';
import { mapGarminBodyComps } from '../../src/providers/garmin/bodyComps';
import { mapConnectDailySummary, mapConnectSleep, mapConnectWeights } from '../../src/providers/garmin/connect';
import { mapGarminDailies } from '../../src/providers/garmin/dailies';
import { mapGarminSleeps } from '../../src/providers/garmin/sleeps';
import { toSyncWindow } from '../../src/providers/engine/windows';
import type { WebhookRequest } from '../../src/providers/types';
import { garminFake } from '../fakeProviders/garmin';
import { inProcessHttp } from '../fakeProviders/inProcess';
import { describeWithSamples, sample } from '../helpers/samples';

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'providers', 'garmin', `${name}.json`), 'utf8')) as Record<string, unknown>[];
const webhook = (body: unknown, query: Record<string, string> = {}): WebhookRequest => ({ headers: {}, query, rawBody: Buffer.from(JSON.stringify(body)), body });

describe('garmin mapping (own fixtures, Health API format)', () => {
  test('dailies: seconds become minutes, total calories = active + BMR, stress -1 is no value', () => {
    const warnings: string[] = [];
    const [d1, d2] = mapGarminDailies(fixture('dailies'), warnings);
    expect(d1).toMatchObject({ date: '2024-03-10', source: 'garmin', steps: 11234, distance_m: 8765, active_calories_kcal: 612, total_calories_kcal: 2332, active_minutes: 90, moderate_intensity_minutes: 31, vigorous_intensity_minutes: 20, floors_climbed: 12, resting_hr_bpm: 52, max_hr_bpm: 162, stress_avg: 31 });
    expect(d1!.raw_data).toEqual(fixture('dailies')[0]);
    expect(d1).not.toHaveProperty('source_updated_at');
    expect(d2).not.toHaveProperty('stress_avg');
    expect(warnings).toEqual([]);
  });

  test('sleeps: one row per calendarDate, naps counted apart, stages in minutes, hypnogram ordered', () => {
    const rows = mapGarminSleeps(fixture('sleeps'), []);
    expect(rows).toHaveLength(1);
    const r = rows[0]!;
    expect(r).toMatchObject({ sleep_date: '2024-03-10', sleep_start: '2024-03-09T22:40:00.000Z', sleep_end: '2024-03-10T06:13:00.000Z', total_sleep_minutes: 425, deep_minutes: 90, light_minutes: 230, rem_minutes: 105, awake_minutes: 28, sleep_score: 82, avg_spo2_pct: 95, avg_respiratory_rate: 14.5 });
    // The night's `naps` list has two; the 14:00 one was also uploaded as its own summary and counts once.
    expect(r).toMatchObject({ nap_minutes: 80, nap_count: 2 });
    expect((r.raw_data as { naps: unknown[] }).naps).toEqual([
      { napDurationInSeconds: 3600, napStartTimeInSeconds: 1710075600, napValidation: 'DEVICE', napOffsetInSeconds: 3600, start: '2024-03-10T13:00:00.000Z', end: '2024-03-10T14:00:00.000Z', minutes: 60 },
      { napDurationInSeconds: 1200, napStartTimeInSeconds: 1710082800, napValidation: 'MANUAL', napOffsetInSeconds: 3600, start: '2024-03-10T15:00:00.000Z', end: '2024-03-10T15:20:00.000Z', minutes: 20 },
    ]);
    expect((r.hypnogram as { t: string; stage: string }[]).map((h) => h.stage)).toEqual(['light', 'deep', 'light', 'rem', 'awake']);
  });

  test('sleeps: a separate period is a nap, an overlapping summary another upload of the night, no nap field no nap information', () => {
    const [night, separate] = fixture('sleeps') as [Record<string, unknown>, Record<string, unknown>];
    const plain = Object.fromEntries(Object.entries(night).filter(([k]) => k !== 'naps' && k !== 'totalNapDurationInSeconds'));
    // Neither list nor total: nothing known about naps, so nothing overwrites what is stored.
    const [alone] = mapGarminSleeps([plain], []);
    expect(alone).not.toHaveProperty('nap_minutes');
    expect(alone).not.toHaveProperty('nap_count');
    expect(alone!.raw_data).not.toHaveProperty('naps');
    // Without Garmin's list, the separate summary is the day's nap (50 min asleep of its hour).
    const [withSeparate] = mapGarminSleeps([plain, separate], []);
    expect(withSeparate).toMatchObject({ total_sleep_minutes: 425, nap_minutes: 50, nap_count: 1 });
    // An earlier, shorter upload of the same night is not a nap.
    const earlier = { ...plain, summaryId: 'earlier', durationInSeconds: 20000 };
    const [withUpload] = mapGarminSleeps([earlier, plain], []);
    expect(withUpload).not.toHaveProperty('nap_minutes');
    expect((withUpload!.raw_data as { other_uploads: { summaryId: string }[] }).other_uploads.map((u) => u.summaryId)).toEqual(['earlier']);
    // Only the total: the minutes are known.
    expect(mapGarminSleeps([{ ...plain, totalNapDurationInSeconds: 900 }], [])[0]).toMatchObject({ nap_minutes: 15 });
    expect(mapGarminSleeps([{ ...plain, totalNapDurationInSeconds: 0 }], [])[0]).toMatchObject({ nap_minutes: 0, nap_count: 0 });
  });

  test('Connect dailySleepData: napTimeSeconds is the day\'s nap total (how many is not said)', () => {
    const dto = { calendarDate: '2024-03-10', sleepTimeSeconds: 25200, sleepStartTimestampGMT: 1710022800000, sleepEndTimestampGMT: 1710050400000, napTimeSeconds: 2700 };
    const row = mapConnectSleep({ dailySleepDTO: dto }, []);
    expect(row).toMatchObject({ total_sleep_minutes: 420, nap_minutes: 45 });
    expect(row.nap_count).toBeUndefined();
  });

  test('activities: local start day, type, speed in km/h, pace for runs only', () => {
    const [run, lift] = mapGarminActivities(fixture('activities'), []);
    expect(run).toMatchObject({ activity_date: '2024-03-10', source_activity_id: '11122233344', activity_type: 'running', start_time: '2024-03-10T06:30:00.000Z', end_time: '2024-03-10T07:15:00.000Z', duration_seconds: 2700, distance_m: 8012.5, calories_kcal: 540, avg_hr_bpm: 151, max_hr_bpm: 176, avg_speed_kmh: 10.68, avg_pace_sec_per_km: 337.04, elevation_gain_m: 64.2 });
    expect(lift).toMatchObject({ activity_type: 'strength_training', activity_date: '2024-03-11' });
    expect(lift).not.toHaveProperty('avg_pace_sec_per_km');
  });

  test('bodyComps: grams become kg', () => {
    const rows = mapGarminBodyComps(fixture('bodyComps'), []);
    const at = '2024-03-10T06:10:00.000Z';
    expect(rows).toEqual(
      expect.arrayContaining([
        { metric: 'weight', value: 81.234, unit: 'kg', measured_at: at, source: 'garmin' },
        { metric: 'muscle_mass', value: 37.65, unit: 'kg', measured_at: at, source: 'garmin' },
        { metric: 'bone_mass', value: 3.42, unit: 'kg', measured_at: at, source: 'garmin' },
        { metric: 'body_fat_pct', value: 18.4, unit: '%', measured_at: at, source: 'garmin' },
        { metric: 'body_water_pct', value: 57.3, unit: '%', measured_at: at, source: 'garmin' },
      ]),
    );
  });

  test('out-of-range values are dropped with a warning, the rest of the row is kept', () => {
    const warnings: string[] = [];
    const [row] = mapGarminDailies([{ calendarDate: '2024-03-12', steps: 250000, restingHeartRateInBeatsPerMinute: 55 }], warnings);
    expect(row).toMatchObject({ resting_hr_bpm: 55 });
    expect(row).not.toHaveProperty('steps');
    expect(warnings).toEqual(['garmin dailies 2024-03-12: steps 250000 is outside 0..100000; dropped']);
    const w2: string[] = [];
    expect(mapGarminBodyComps([{ measurementTimeInSeconds: 1710051000, weightInGrams: 2000 }], w2)).toEqual([]);
    expect(w2[0]).toMatch(/weight \(lb\) 4\.409.* is outside 20\.\.1000/);
  });

  test('a field of the wrong type is a clear error naming the field', () => {
    expect(() => mapGarminDailies([{ calendarDate: '2024-03-12', steps: '12' }], [])).toThrow(/^garmin dailies: \[0\]\.steps: .*expected number/);
    expect(() => mapGarminSleeps([{ calendarDate: '12/03/2024', startTimeInSeconds: 1 }], [])).toThrow(/garmin sleeps: \[0\]\.calendarDate: expected a YYYY-MM-DD date/);
  });
});

describe('garmin variants real accounts send (own fixtures: *-variants.json)', () => {
  test('activities: a manual entry has only a summaryId, a device one may have only an activityId; one with neither is skipped by name, not the whole answer', () => {
    const warnings: string[] = [];
    const rows = mapGarminActivities(fixture('activities-variants'), warnings);
    expect(rows.map((r) => [r.source_activity_id, r.activity_type, r.activity_date, r.duration_seconds])).toEqual([
      ['x4d2e8f-manual-0312', 'walking', '2024-03-12', 2400],
      ['33344455566', 'swimming', '2024-03-13', 1800],
    ]);
    expect(warnings).toEqual(['garmin activities [2] (YOGA at 2024-03-13T19:00:00.000Z): no activityId or summaryId; skipped']);
  });

  test('activities: a triathlon is stored as its legs, once; the MULTI_SPORT parent that sums them is skipped by name', () => {
    const warnings: string[] = [];
    const summaries = fixture('activities-multisport');
    const rows = mapGarminActivities(summaries, warnings);
    expect(rows.map((r) => [r.source_activity_id, r.activity_type, r.duration_seconds])).toEqual([
      ['44455566601', 'open_water_swimming', 900],
      ['44455566602', 'other', 150],
      ['44455566603', 'cycling', 2400],
      ['44455566604', 'other', 90],
      ['44455566605', 'running', 960],
    ]);
    // The race counts once: its legs add up to the parent's own duration and distance.
    const parent = summaries[0] as { durationInSeconds: number; distanceInMeters: number };
    expect(rows.reduce((t, r) => t + Number(r.duration_seconds ?? 0), 0)).toBe(parent.durationInSeconds);
    expect(rows.reduce((t, r) => t + Number(r.distance_m ?? 0), 0)).toBe(parent.distanceInMeters);
    expect(warnings).toEqual([
      'garmin activities [0] (MULTI_SPORT at 2024-06-09T06:00:00.000Z): multisport parent 44455566600 "Lakeside Sprint Triathlon"; its legs are stored as activities of their own, so it is skipped (its time would count twice)',
    ]);
  });

  test('activities: a parent without the isParent flag is still known by the legs that name it; a lone MULTI_SPORT summary is kept', () => {
    const [parent, ...legs] = fixture('activities-multisport');
    const unflagged = { ...parent, isParent: undefined };
    const warnings: string[] = [];
    expect(mapGarminActivities([...legs, unflagged], warnings)).toHaveLength(5);
    expect(warnings).toHaveLength(1);
    // Alone, with neither the flag nor a leg naming it, it is the only record of that time.
    const [lone] = mapGarminActivities([unflagged], []);
    expect(lone).toMatchObject({ source_activity_id: '44455566600', activity_type: 'multisport', duration_seconds: 4500 });
  });

  test('sleeps: the FINAL summary of a night wins over its longer TENTATIVE upload, which stays in raw_data', () => {
    const [night] = mapGarminSleeps(fixture('sleeps-variants'), []).filter((r) => r.sleep_date === '2024-03-12');
    expect(night).toMatchObject({ sleep_start: '2024-03-11T22:55:00.000Z', total_sleep_minutes: 415, deep_minutes: 85, sleep_score: 76 });
    expect(night).not.toHaveProperty('nap_count');
    const raw = night!.raw_data as { validation: string; other_uploads: { validation: string }[] };
    expect([raw.validation, raw.other_uploads.map((u) => u.validation)]).toEqual(['ENHANCED_FINAL', ['ENHANCED_TENTATIVE']]);
  });

  test('sleeps: a night re-sent with the same start and validation takes the later summary\'s values', () => {
    const [night] = mapGarminSleeps(fixture('sleeps-variants'), []).filter((r) => r.sleep_date === '2024-03-13');
    expect(night).toMatchObject({ total_sleep_minutes: 395, sleep_score: 81, awake_minutes: 25 });
  });
});

describeWithSamples('garmin connect mapping (../shared/samples/garmin_connect)', () => {
  const body = (f: string) => (JSON.parse(sample('garmin_connect', f)) as { body: unknown }).body;

  test('weight-dayview: grams to kg at timestampGMT', () => {
    const rows = mapConnectWeights(body('weight-dayview.json'), []);
    const at = '2025-06-15T14:14:36.000Z';
    expect(rows).toEqual(
      expect.arrayContaining([
        { metric: 'weight', value: 59.72, unit: 'kg', measured_at: at, source: 'garmin' },
        { metric: 'bone_mass', value: 3.539, unit: 'kg', measured_at: at, source: 'garmin' },
        { metric: 'muscle_mass', value: 26.979, unit: 'kg', measured_at: at, source: 'garmin' },
        { metric: 'body_fat_pct', value: 19.3, unit: '%', measured_at: at, source: 'garmin' },
      ]),
    );
  });

  test('dailySleepData: stage seconds to minutes, GMT timestamps', () => {
    expect(mapConnectSleep(body('dailySleepData.json'), [])).toMatchObject({ sleep_date: '2021-07-20', sleep_start: '2021-07-20T05:20:00.000Z', sleep_end: '2021-07-20T12:59:00.000Z', total_sleep_minutes: 429, deep_minutes: 74, light_minutes: 312, rem_minutes: 43, awake_minutes: 30, avg_spo2_pct: 92, avg_respiratory_rate: 15, nap_minutes: 0, nap_count: 0 });
  });

  test('usersummary daily', () => {
    expect(mapConnectDailySummary(body('usersummary-daily.json'), [])).toMatchObject({ date: '2025-06-14', steps: 5459, distance_m: 4471, active_calories_kcal: 99, total_calories_kcal: 2252, resting_hr_bpm: 51, max_hr_bpm: 104, stress_avg: 24, floors_climbed: 4, active_minutes: 70 });
  });
});

describe('garmin fetchWindow through the fake Health API', () => {
  test('a 2-day window is pulled in 24 h upload windows for every summary type', async () => {
    const http = inProcessHttp(garminFake);
    const batch = await garminAdapter.fetchWindow(http, toSyncWindow(new Date('2024-03-09T12:00:00Z'), new Date('2024-03-11T20:00:00Z')));
    expect(http.calls).toHaveLength(3 * 8);
    for (const c of http.calls) expect(Number(c.query.uploadEndTimeInSeconds) - Number(c.query.uploadStartTimeInSeconds)).toBeLessThanOrEqual(86400);
    expect(batch.daily.map((d) => d.date)).toEqual(['2024-03-10']);
    expect(batch.sleep.map((s) => s.sleep_date)).toEqual(['2024-03-10']);
    expect(batch.activities.map((a) => a.source_activity_id).sort()).toEqual(['11122233344', '11122233399']);
    expect(batch.measurements.find((m) => m.metric === 'weight')?.value).toBe(81.234);
  });

  test('the fake refuses an upload window over 86400 s, as Garmin does', () => {
    expect(garminFake({ method: 'GET', path: '/dailies', query: { uploadStartTimeInSeconds: '0', uploadEndTimeInSeconds: '86401' }, headers: { authorization: 'Bearer x' }, body: '' })).toMatchObject({ status: 400 });
  });

  test('a long window is requested as backfill in pieces of at most 90 days', async () => {
    const http = inProcessHttp(garminFake);
    const batch = await garminAdapter.fetchWindow(http, toSyncWindow(new Date('2024-01-01T00:00:00Z'), new Date('2024-05-01T00:00:00Z')));
    expect(http.calls.every((c) => c.path.startsWith('/backfill/'))).toBe(true);
    expect(http.calls).toHaveLength(2 * 8);
    for (const c of http.calls) expect(Number(c.query.summaryEndTimeInSeconds) - Number(c.query.summaryStartTimeInSeconds)).toBeLessThanOrEqual(90 * 86400);
    expect(batch.warnings).toHaveLength(2);
    expect(batch.daily).toEqual([]);
  });

  test('user id and token', async () => {
    expect(await fetchGarminUserId(inProcessHttp(garminFake))).toBe('garmin-user-1');
    expect(garminAdapter.fetchExternalUserId).toBe(fetchGarminUserId);
    const now = new Date('2024-03-10T00:00:00Z');
    expect(garminAdapter.parseToken({ access_token: 'a', refresh_token: 'r', expires_in: 86400, token_type: 'bearer', scope: 'PARTNER_READ CONNECT_READ' }, now)).toEqual({ accessToken: 'a', refreshToken: 'r', expiresAt: new Date('2024-03-11T00:00:00Z'), scope: ['PARTNER_READ', 'CONNECT_READ'] });
    expect(() => garminAdapter.parseToken({ error: 'invalid_grant', error_description: 'bad code' }, now)).toThrow('garmin token endpoint: invalid_grant (bad code)');
  });
});

describe('garmin webhooks', () => {
  test('verify: the callback URL token must match the configured secret', () => {
    const req = webhook({}, { token: 's3cret' });
    expect(garminAdapter.verifyWebhook!(req, { clientSecret: 'c', webhookSecret: 's3cret' })).toBe(true);
    expect(garminAdapter.verifyWebhook!(req, { clientSecret: 'c', webhookSecret: 'other' })).toBe(false);
    expect(garminAdapter.verifyWebhook!(webhook({}), { clientSecret: 'c', webhookSecret: 's3cret' })).toBe(false);
    expect(garminAdapter.verifyWebhook!(req, { clientSecret: 'c' })).toBe(false);
  });

  test('push: summaries mapped and grouped by userId', () => {
    const other = { ...fixture('dailies')[1]!, userId: 'garmin-user-2' };
    const events = garminAdapter.parseWebhook!(webhook({ dailies: [fixture('dailies')[0], other], bodyComps: fixture('bodyComps'), epochs: [{ userId: 'garmin-user-1' }] }));
    expect(events.map((e) => e.externalUserId).sort()).toEqual(['garmin-user-1', 'garmin-user-2']);
    const one = events.find((e) => e.externalUserId === 'garmin-user-1')!;
    expect(one.window).toBeUndefined();
    expect(one.batch!.daily.map((d) => d.date)).toEqual(['2024-03-10']);
    expect(one.batch!.measurements).toHaveLength(6);
    expect(one.batch!.warnings).toContain('garmin.epochs: not stored');
    expect(events.find((e) => e.externalUserId === 'garmin-user-2')!.batch!.daily[0]!.steps).toBe(6021);
  });

  test('ping: a window per user from the upload times', () => {
    const ping = (type: string, start: number, end: number) => ({ userId: 'garmin-user-1', userAccessToken: 'uat-1', uploadStartTimeInSeconds: start, uploadEndTimeInSeconds: end, callbackURL: `https://apis.garmin.com/wellness-api/rest/${type}?uploadStartTimeInSeconds=${start}&uploadEndTimeInSeconds=${end}&token=x` });
    const events = garminAdapter.parseWebhook!(webhook({ dailies: [ping('dailies', 1710025200, 1710028800)], sleeps: [ping('sleeps', 1710021600, 1710025200)] }));
    expect(events).toEqual([{ externalUserId: 'garmin-user-1', window: { start: new Date(1710021600_000), end: new Date(1710028800_000) } }]);
  });

  test('a malformed notification is a clear error', () => {
    expect(() => garminAdapter.parseWebhook!(webhook([1, 2]))).toThrow('garmin webhook: body must be a JSON object keyed by summary type');
    expect(() => garminAdapter.parseWebhook!(webhook({ dailies: [{ calendarDate: '2024-03-10' }] }))).toThrow('garmin webhook: dailies[0].userId must be a string');
  });
});
