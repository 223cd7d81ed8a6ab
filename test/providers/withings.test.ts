import fs from 'node:fs';
import path from 'node:path';
import { ProviderHttpError, RateLimitedError } from '../../src/providers/engine/errors';
import { toSyncWindow } from '../../src/providers/engine/windows';
import type { WebhookRequest } from '../../src/providers/types';
import { withingsAdapter } from '../../src/providers/withings';
import { mapWithingsActivity } from '../../src/providers/withings/activity';
import { withingsBody, WithingsApiError } from '../../src/providers/withings/api';
import { mapWithingsMeasures, withingsValue } from '../../src/providers/withings/measures';
import { mapWithingsSleep } from '../../src/providers/withings/sleep';
import { inProcessHttp } from '../fakeProviders/inProcess';
import { withingsFake, withingsFakeFrom } from '../fakeProviders/withings';
import { describeWithSamples, sample } from '../helpers/samples';

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'providers', 'withings', `${name}.json`), 'utf8')) as unknown;
const form = (fields: Record<string, string>, query: Record<string, string> = {}): WebhookRequest => {
  const raw = new URLSearchParams(fields).toString();
  return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, query, rawBody: Buffer.from(raw), body: undefined };
};
const WINDOW = toSyncWindow(new Date('2024-03-10T00:00:00Z'), new Date('2024-03-13T00:00:00Z'));

describe('withings mapping (own fixtures)', () => {
  test('value x 10^unit', () => {
    expect(withingsValue(72345, -3)).toBe(72.345);
    expect(withingsValue(1953, -2)).toBe(19.53);
    expect(withingsValue(124, 0)).toBe(124);
    expect(withingsValue(7, 2)).toBe(700);
  });

  test('getmeas groups: kg, %, mmHg, hydration as % of the weight; objectives skipped; unknown types warned', () => {
    const warnings: string[] = [];
    const rows = mapWithingsMeasures(fixture('measuregrps'), warnings);
    const at = (iso: string) => rows.filter((r) => r.measured_at === iso).map((r) => [r.metric, r.value, r.unit]);
    expect(at('2024-03-10T06:05:00.000Z')).toEqual([
      ['weight', 72.345, 'kg'],
      ['lean_mass', 58.21, 'kg'],
      ['body_fat_pct', 19.53, '%'],
      ['muscle_mass', 55.321, 'kg'],
      ['bone_mass', 2.889, 'kg'],
      ['body_water_pct', 56.7, '%'],
    ]);
    expect(at('2024-03-10T07:00:00.000Z')).toEqual([
      ['blood_pressure_diastolic', 81, 'mmHg'],
      ['blood_pressure_systolic', 124, 'mmHg'],
      ['heart_rate', 63, 'bpm'],
    ]);
    expect(at('2024-03-11T08:00:00.000Z')).toEqual([['body_temperature', 36.8, 'degC']]);
    expect(at('2024-03-11T08:30:00.000Z')).toEqual([]);
    expect(at('2024-03-11T06:00:00.000Z')).toEqual([['weight', 72.1, 'kg']]);
    expect(warnings).toEqual([
      'withings measure group 5004: category 2 (a user objective); skipped',
      'withings.measure type 8: no metric',
      'withings.measure type 73: no metric',
      'withings.measure type 155: no metric',
    ]);
    expect(rows.every((r) => r.source === 'withings')).toBe(true);
  });

  test('an implausible value is dropped with a warning; a wrong type names the field', () => {
    const warnings: string[] = [];
    expect(mapWithingsMeasures({ measuregrps: [{ grpid: 1, date: 1710050700, category: 1, measures: [{ value: 5, type: 1, unit: 0 }] }] }, warnings)).toEqual([]);
    expect(warnings[0]).toMatch(/^withings measure group 1: weight \(lb\) 11\.0231.* is outside 20\.\.1000; dropped$/);
    expect(() => mapWithingsMeasures({ measuregrps: [{ date: '2024-03-10', category: 1, measures: [] }] }, [])).toThrow(/^withings getmeas: measuregrps\[0\]\.date: .*expected number/);
  });

  test('activity: seconds to minutes, modified is source_updated_at', () => {
    const [day] = mapWithingsActivity(fixture('activities'), []);
    expect(day).toMatchObject({ date: '2024-03-10', source: 'withings', steps: 10234, distance_m: 7650, floors_climbed: 9, active_calories_kcal: 512, total_calories_kcal: 2291, active_minutes: 45, moderate_intensity_minutes: 30, vigorous_intensity_minutes: 15, max_hr_bpm: 158, source_updated_at: '2024-03-10T22:10:00.000Z' });
  });

  test('sleep summary: one row per date, efficiency ratio to %, the shorter period a nap', () => {
    const rows = mapWithingsSleep(fixture('sleep'), []);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ sleep_date: '2024-03-10', sleep_start: '2024-03-09T22:15:00.000Z', sleep_end: '2024-03-10T05:45:00.000Z', total_sleep_minutes: 410, deep_minutes: 90, light_minutes: 220, rem_minutes: 100, awake_minutes: 25, interruptions: 2, sleep_latency_minutes: 10, sleep_efficiency_pct: 94, sleep_score: 83, avg_hr_bpm: 56, min_hr_bpm: 48, avg_respiratory_rate: 14, source_updated_at: '2024-03-10T06:00:00.000Z' });
    const naps = (rows[0]!.raw_data as { naps: { id: number; minutes: number; start: string }[] }).naps;
    expect(naps.map((n) => n.id)).toEqual([9002]);
    // 2,100 s asleep in the 9002 period.
    expect(rows[0]).toMatchObject({ nap_count: 1, nap_minutes: 35 });
    // A date with one period reports no naps (0, not unknown), so a nap deleted at Withings disappears.
    expect(rows[1]).toMatchObject({ nap_count: 0, nap_minutes: 0 });
  });
});

describe('withings variants real accounts send (own fixtures: *-variants.json)', () => {
  const variants = () => withingsAdapter.fetchWindow(inProcessHttp(withingsFakeFrom({ measuregrps: 'measuregrps-variants', sleep: 'sleep-variants' })), WINDOW);

  test('a group a shared scale could not attribute (attrib 1) is not stored as the user\'s; a manual entry (attrib 2) is', async () => {
    const batch = await variants();
    expect(batch.measurements.map((m) => [m.measured_at, m.metric, m.value])).toEqual([
      ['2024-03-12T06:40:00.000Z', 'weight', 81.234],
      ['2024-03-12T19:00:00.000Z', 'weight', 81.2],
    ]);
    expect(batch.warnings).toContain("withings measure group 6002: attrib 1 (captured by a shared device, may be another user's); skipped");
  });

  test('attrib as Withings documents it: the sign-up entry (4) gives its height only; device (8), blood-pressure best value (5) and confirmed (7) groups are stored', () => {
    const warnings: string[] = [];
    const rows = mapWithingsMeasures(fixture('measuregrps-attrib'), warnings);
    expect(rows.map((m) => [m.measured_at, m.metric, m.value])).toEqual([
      ['2024-01-01T10:00:00.000Z', 'height', 1.78],
      ['2024-03-12T08:00:00.000Z', 'weight', 80.42],
      ['2024-03-12T08:00:00.000Z', 'pulse_wave_velocity', 7.705],
      ['2024-03-13T09:00:00.000Z', 'blood_pressure_diastolic', 78],
      ['2024-03-13T09:00:00.000Z', 'blood_pressure_systolic', 121],
      ['2024-03-13T09:00:00.000Z', 'heart_rate', 63],
      ['2024-03-14T08:00:00.000Z', 'weight', 80.95],
    ]);
    expect(warnings).toContain('withings measure group 7001: attrib 4 (entered when the account was created, which Withings says may not be accurate; only its height is kept): weight not stored');
  });

  test('an attrib Withings does not document is skipped by name: attrib 10 (a per-foot reading) does not replace the whole-body value of the same instant', () => {
    const warnings: string[] = [];
    const rows = mapWithingsMeasures(fixture('measuregrps-attrib'), warnings);
    expect(rows.filter((m) => m.metric === 'pulse_wave_velocity').map((m) => m.value)).toEqual([7.705]);
    expect(rows.some((m) => m.metric === 'weight' && m.value === 80.1)).toBe(false);
    expect(warnings).toEqual(
      expect.arrayContaining([
        'withings measure group 7003: attrib 10 (not a value Withings documents, so whose reading it is and what it measures is unknown); skipped',
        'withings measure group 7004: attrib 3 (not a value Withings documents, so whose reading it is and what it measures is unknown); skipped',
      ]),
    );
    // Every group is accounted for: stored, or named in a warning.
    expect(warnings).toHaveLength(3);
  });

  test('a user objective (category 2) reaching the mapper is skipped by name, never stored', () => {
    const warnings: string[] = [];
    const groups = (fixture('measuregrps-variants') as { measuregrps: { category: number }[] }).measuregrps.filter((g) => g.category === 2);
    expect(mapWithingsMeasures({ measuregrps: groups }, warnings)).toEqual([]);
    expect(warnings).toEqual(['withings measure group 6004: category 2 (a user objective); skipped']);
  });

  test('the same night from two devices is one night, not a night and a nap; a real nap still counts', async () => {
    const [night] = (await variants()).sleep.filter((s) => s.sleep_date === '2024-03-11');
    // 9102 (Sleep Analyzer, 22:40-06:50) is the longer; 9103 (ScanWatch, 23:05-06:35) lies inside it.
    expect(night).toMatchObject({ sleep_start: '2024-03-10T22:40:00.000Z', sleep_end: '2024-03-11T06:50:00.000Z', total_sleep_minutes: 440, nap_count: 1, nap_minutes: 25 });
    const raw = night!.raw_data as { id: number; naps: { id: number }[]; other_devices: { id: number }[] };
    expect([raw.id, raw.naps.map((n) => n.id), raw.other_devices.map((d) => d.id)]).toEqual([9102, [9104], [9103]]);
  });

  test('sleep_latency (durationtosleep is deprecated) is asked for and read; an efficiency sent as a percentage stays one', async () => {
    const [night] = (await variants()).sleep.filter((s) => s.sleep_date === '2024-03-11');
    expect(night).toMatchObject({ sleep_latency_minutes: 9, sleep_efficiency_pct: 89 });
  });

  test('a night Withings took from another app has its asleep time in asleepduration (stages null): asked for and stored', async () => {
    const [night] = (await variants()).sleep.filter((s) => s.sleep_date === '2024-03-12');
    expect(night).toMatchObject({ total_sleep_minutes: 426, sleep_efficiency_pct: 95, awake_minutes: 24, nap_count: 0 });
    expect(night).not.toHaveProperty('deep_minutes');
  });

  test('a period with no data object maps to its times only', () => {
    const [row] = mapWithingsSleep({ series: [{ id: 1, date: '2024-03-12', startdate: 1710195600, enddate: 1710222600 }] }, []);
    expect(row).toMatchObject({ sleep_date: '2024-03-12', sleep_start: '2024-03-11T22:20:00.000Z', sleep_end: '2024-03-12T05:50:00.000Z', nap_count: 0 });
    expect(row).not.toHaveProperty('total_sleep_minutes');
  });

  test('getactivity names its data_fields: Withings leaves the unasked ones out', async () => {
    const [day] = (await withingsAdapter.fetchWindow(inProcessHttp(withingsFake), WINDOW)).daily;
    expect(day).toMatchObject({ date: '2024-03-10', steps: 10234, distance_m: 7650, active_minutes: 45, max_hr_bpm: 158 });
  });
});

describeWithSamples('withings mapping (../shared/samples/withings/body-measures.json)', () => {
  test('value x 10^unit per group, the undocumented type 18 warned', () => {
    const json = JSON.parse(sample('withings', 'body-measures.json')) as unknown;
    const warnings: string[] = [];
    const rows = mapWithingsMeasures(withingsBody(json, 'sample'), warnings);
    expect(rows.filter((r) => r.measured_at === '2015-05-31T06:06:23.000Z').map((r) => [r.metric, r.value, r.unit])).toEqual([
      ['blood_pressure_diastolic', 68, 'mmHg'],
      ['blood_pressure_systolic', 104, 'mmHg'],
      ['heart_rate', 41, 'bpm'],
      ['weight', 74.126, 'kg'],
    ]);
    expect(rows.find((r) => r.measured_at === '2015-04-20T17:13:56.000Z')).toMatchObject({ metric: 'weight', value: 74.128 });
    expect(rows.filter((r) => r.measured_at === '2015-02-23T19:24:49.000Z').map((r) => [r.metric, r.value])).toEqual([
      ['height', 1.93],
      ['body_temperature', 37],
    ]);
    expect(rows.filter((r) => r.metric === 'heart_rate').map((r) => r.value)).toEqual([41, 51, 47]);
    expect(warnings).toEqual(['withings.measure type 18: no metric']);
  });
});

describe('withings fetchWindow through the fake API', () => {
  test('follows more/offset for every action and merges the pages', async () => {
    const http = inProcessHttp(withingsFake);
    const batch = await withingsAdapter.fetchWindow(http, WINDOW);
    expect(http.calls.map((c) => `${c.path} ${c.query.action} ${c.query.offset ?? '-'}`)).toEqual([
      '/measure getmeas -',
      '/measure getmeas 2',
      '/measure getmeas 4',
      '/v2/measure getactivity -',
      '/v2/measure getactivity 2',
      '/v2/sleep getsummary -',
      '/v2/sleep getsummary 2',
    ]);
    expect(http.calls[0]!.query).toMatchObject({ category: '1', startdate: '1710028800', enddate: '1710287999' });
    expect(http.calls[3]!.query).toMatchObject({ startdateymd: '2024-03-10', enddateymd: '2024-03-12' });
    expect(batch.measurements).toHaveLength(12);
    expect(batch.daily.map((d) => d.date)).toEqual(['2024-03-10', '2024-03-11', '2024-03-12']);
    expect(batch.sleep.map((s) => [s.sleep_date, s.total_sleep_minutes])).toEqual([
      ['2024-03-10', 410],
      ['2024-03-11', 380],
    ]);
  });

  test('status != 0 with HTTP 200 is an error', async () => {
    expect(() => withingsBody({ status: 503, body: {}, error: 'Invalid Params' }, 'POST /measure getmeas')).toThrow(new WithingsApiError(503, 'POST /measure getmeas', 'Invalid Params'));
    expect(() => withingsBody({ status: 401, body: {} }, 'x')).toThrow(ProviderHttpError);
    expect(() => withingsBody({ status: 601, body: {} }, 'x')).toThrow(RateLimitedError);
    const http = inProcessHttp((req) => withingsFake({ ...req, body: req.body.replace('getsummary', 'getsleep') }));
    await expect(withingsAdapter.fetchWindow(http, WINDOW)).rejects.toThrow('POST /v2/sleep getsummary: Withings status 2554 (Unknown action getsleep)');
  });

  test('token: the {status, body} envelope, userid, comma scopes', () => {
    const now = new Date('2024-03-10T00:00:00Z');
    expect(withingsAdapter.parseToken({ status: 0, body: { userid: 363, access_token: 'a', refresh_token: 'r', expires_in: 10800, scope: 'user.info,user.metrics', token_type: 'Bearer' } }, now)).toEqual({ accessToken: 'a', refreshToken: 'r', expiresAt: new Date('2024-03-10T03:00:00Z'), scope: ['user.info', 'user.metrics'], externalUserId: '363' });
    expect(() => withingsAdapter.parseToken({ status: 503, body: {}, error: 'Invalid Params: invalid code' }, now)).toThrow('withings token endpoint: status 503 (Invalid Params: invalid code)');
    expect(withingsAdapter.tokenExtraParams).toEqual({ action: 'requesttoken' });
  });
});

describe('withings webhooks', () => {
  test('verify: the callback URL token must match', () => {
    expect(withingsAdapter.verifyWebhook!(form({ userid: '363', appli: '1' }, { token: 'tok' }), { clientSecret: 'c', webhookSecret: 'tok' })).toBe(true);
    expect(withingsAdapter.verifyWebhook!(form({ userid: '363', appli: '1' }, { token: 'bad' }), { clientSecret: 'c', webhookSecret: 'tok' })).toBe(false);
    expect(withingsAdapter.verifyWebhook!(form({ userid: '363', appli: '1' }), { clientSecret: 'c' })).toBe(false);
  });

  test('form fields become a window; date-only notifications cover the day; bed events are ignored', () => {
    expect(withingsAdapter.parseWebhook!(form({ userid: '363', appli: '1', startdate: '1710050700', enddate: '1710050700' }))).toEqual([{ externalUserId: '363', window: { start: new Date('2024-03-10T06:05:00Z'), end: new Date('2024-03-10T06:05:01Z') } }]);
    expect(withingsAdapter.parseWebhook!(form({ userid: '363', appli: '44', date: '2024-03-11' }))).toEqual([{ externalUserId: '363', window: { start: new Date('2024-03-11T00:00:00Z'), end: new Date('2024-03-12T00:00:00Z') } }]);
    expect(withingsAdapter.parseWebhook!(form({ userid: '363', appli: '50', date: '2024-03-11' }))).toEqual([]);
    expect(() => withingsAdapter.parseWebhook!(form({ appli: '1' }))).toThrow('withings webhook: userid must be a number');
    const parsed: WebhookRequest = { headers: {}, query: {}, rawBody: Buffer.from(''), body: { userid: '363', appli: '16', startdate: '1710028800', enddate: '1710115199' } };
    expect(withingsAdapter.parseWebhook!(parsed)[0]!.window).toEqual({ start: new Date('2024-03-10T00:00:00Z'), end: new Date('2024-03-11T00:00:00Z') });
  });
});
