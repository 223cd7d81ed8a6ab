import fs from 'node:fs';
import path from 'node:path';
import { garminAdapter } from '../../src/providers/garmin';
import { mapGarminHrv } from '../../src/providers/garmin/hrv';
import { mapGarminPulseOx } from '../../src/providers/garmin/pulseOx';
import { mapGarminRespiration } from '../../src/providers/garmin/respiration';
import { mapGarminStressDetails } from '../../src/providers/garmin/stressDetails';
import { toSyncWindow } from '../../src/providers/engine/windows';
import { mergeDailyRows } from '../../src/providers/shared/mergeRows';
import type { WebhookRequest } from '../../src/providers/types';
import { garminFake } from '../fakeProviders/garmin';
import { inProcessHttp } from '../fakeProviders/inProcess';

// Garmin's HRV, Pulse Ox, respiration and stress details summaries (own fixtures in the Health API
// format) and how they meet the dailies and sleeps of the same day.

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'providers', 'garmin', `${name}.json`), 'utf8')) as Record<string, unknown>[];
const webhook = (body: unknown): WebhookRequest => ({ headers: {}, query: {}, rawBody: Buffer.from(JSON.stringify(body)), body });

describe('garmin summary mapping', () => {
  test('hrv: lastNightAvg (RMSSD, ms) -> daily hrv_rmssd_ms and the night avg_hrv_ms; the summary kept under raw_data.hrv', () => {
    const warnings: string[] = [];
    const { daily, sleep } = mapGarminHrv(fixture('hrv'), warnings);
    expect(daily).toEqual([{ date: '2024-03-10', source: 'garmin', hrv_rmssd_ms: 48, raw_data: { hrv: fixture('hrv')[0] } }]);
    expect(sleep).toEqual([{ sleep_date: '2024-03-10', source: 'garmin', avg_hrv_ms: 48 }]);
    expect(warnings).toEqual([]);
  });

  test('hrv: an out-of-range average is dropped with one warning and no sleep piece', () => {
    const warnings: string[] = [];
    const { daily, sleep } = mapGarminHrv([{ calendarDate: '2024-03-12', startTimeInSeconds: 1710200000, lastNightAvg: 412 }], warnings);
    expect(daily[0]).not.toHaveProperty('hrv_rmssd_ms');
    expect(sleep).toEqual([]);
    expect(warnings).toEqual(['garmin hrv 2024-03-12: hrv_rmssd_ms 412 is outside 1..300; dropped']);
  });

  test('pulseOx: mean and lowest of the all-day values; a spot check counts only on a day without them', () => {
    const [day] = mapGarminPulseOx(fixture('pulseOx'), []);
    expect(day).toMatchObject({ date: '2024-03-10', spo2_avg_pct: 95.3, spo2_min_pct: 93 });
    expect((day!.raw_data as { pulseOx: unknown[] }).pulseOx).toHaveLength(2);
    const spot = { calendarDate: '2024-03-12', startTimeInSeconds: 1710237600, durationInSeconds: 0, timeOffsetSpo2Values: { '0': 98, '30': 96 }, onDemand: true };
    expect(mapGarminPulseOx([spot], [])).toMatchObject([{ date: '2024-03-12', spo2_avg_pct: 97, spo2_min_pct: 96 }]);
  });

  test('pulseOx: a value outside the bounds is dropped per column with a warning', () => {
    const warnings: string[] = [];
    const [day] = mapGarminPulseOx([{ calendarDate: '2024-03-12', startTimeInSeconds: 1710198000, timeOffsetSpo2Values: { '0': 62, '60': 64 } }], warnings);
    expect(day).toMatchObject({ spo2_min_pct: 62 });
    expect(day).not.toHaveProperty('spo2_avg_pct');
    expect(warnings).toEqual(['garmin pulseOx 2024-03-12: spo2_avg_pct 63 is outside 70..100; dropped']);
  });

  test('respiration: records grouped by their local start day, mean of every value; negatives are no value', () => {
    const [day] = mapGarminRespiration(fixture('respiration'), []);
    expect(day).toMatchObject({ date: '2024-03-10', respiratory_rate_avg: 14.6 });
    expect((day!.raw_data as { respiration: unknown[] }).respiration).toHaveLength(3);
    // 23:45 local on the 9th (22:45 UTC) and 00:15 local on the 10th (23:15 UTC on the 9th).
    const rows = mapGarminRespiration(
      [
        { startTimeInSeconds: 1710024300, startTimeOffsetInSeconds: 3600, durationInSeconds: 900, timeOffsetEpochToBreaths: { '0': 12, '60': -1 } },
        { startTimeInSeconds: 1710026100, startTimeOffsetInSeconds: 3600, durationInSeconds: 900, timeOffsetEpochToBreaths: { '0': 16 } },
      ],
      [],
    );
    expect(rows.map((r) => [r.date, r.respiratory_rate_avg])).toEqual([
      ['2024-03-09', 12],
      ['2024-03-10', 16],
    ]);
  });

  test('stressDetails: the later summary of a day replaces the earlier; first and last Body Battery level; stress mean without negatives', () => {
    const rows = mapGarminStressDetails(fixture('stressDetails'), []);
    expect(rows.map(({ raw_data: _, ...r }) => r)).toEqual([
      { date: '2024-03-10', source: 'garmin', stress_avg: 28, body_battery_start: 42, body_battery_end: 38 },
      { date: '2024-03-11', source: 'garmin', stress_avg: 25, body_battery_start: 60, body_battery_end: 58 },
    ]);
    expect(rows[0]!.raw_data).toEqual({ stressDetails: fixture('stressDetails')[1] });
  });

  test('stressDetails: averageStressLevel when sent; out-of-range levels dropped with a warning', () => {
    const warnings: string[] = [];
    const [row] = mapGarminStressDetails([{ calendarDate: '2024-03-12', startTimeInSeconds: 1710198000, averageStressLevel: 33, timeOffsetStressLevelValues: { '0': 90 }, timeOffsetBodyBatteryValues: { '0': 140, '180': 55 } }], warnings);
    expect(row).toMatchObject({ stress_avg: 33, body_battery_end: 55 });
    expect(row).not.toHaveProperty('body_battery_start');
    expect(warnings).toEqual(['garmin stressDetails 2024-03-12: body_battery_start 140 is outside 0..100; dropped']);
  });

  test('a series that is not a map of numbers is a clear error naming the field', () => {
    expect(() => mapGarminHrv([{ calendarDate: '2024-03-10', startTimeInSeconds: 1, hrvValues: '{300: 32}' }], [])).toThrow(/^garmin hrv: \[0\]\.hrvValues: /);
    expect(() => mapGarminRespiration([{ startTimeInSeconds: 1, timeOffsetEpochToBreaths: { '0': '14' } }], [])).toThrow(/^garmin respiration: \[0\]\.timeOffsetEpochToBreaths\.0: /);
  });
});

describe('merging pieces of one day (shared mergeRows)', () => {
  test('a later piece wins a column, null and missing never erase, raw_data merges, newest source_updated_at', () => {
    const merged = mergeDailyRows([
      { date: '2024-03-10', source: 'garmin', steps: 10, stress_avg: 20, raw_data: { a: 1 }, source_updated_at: '2024-03-10T10:00:00.000Z' },
      { date: '2024-03-09', source: 'garmin', steps: 5 },
      { date: '2024-03-10', source: 'garmin', steps: null, stress_avg: 31, raw_data: { b: 2 }, source_updated_at: '2024-03-10T09:00:00.000Z' },
    ]);
    expect(merged).toEqual([
      { date: '2024-03-09', source: 'garmin', steps: 5 },
      { date: '2024-03-10', source: 'garmin', steps: 10, stress_avg: 31, raw_data: { a: 1, b: 2 }, source_updated_at: '2024-03-10T10:00:00.000Z' },
    ]);
  });
});

describe('garmin fetchWindow and webhooks with every summary type', () => {
  test('one row per day and table: steps from dailies and HRV, SpO2, respiration, Body Battery from their summaries', async () => {
    const http = inProcessHttp(garminFake);
    const batch = await garminAdapter.fetchWindow(http, toSyncWindow(new Date('2024-03-09T12:00:00Z'), new Date('2024-03-11T20:00:00Z')));
    for (const type of ['hrv', 'pulseOx', 'respiration', 'stressDetails']) expect(http.calls.filter((c) => c.path === `/${type}`)).toHaveLength(3);
    expect(batch.daily).toHaveLength(1);
    const { raw_data: raw, ...day } = batch.daily[0]!;
    // stress_avg: dailies' 31 wins over the stress details mean (28).
    expect(day).toEqual({
      date: '2024-03-10', source: 'garmin', steps: 11234, distance_m: 8765, active_calories_kcal: 612, total_calories_kcal: 2332, active_minutes: 90, moderate_intensity_minutes: 31, vigorous_intensity_minutes: 20,
      floors_climbed: 12, resting_hr_bpm: 52, max_hr_bpm: 162, stress_avg: 31, hrv_rmssd_ms: 48, spo2_avg_pct: 95.3, spo2_min_pct: 93, respiratory_rate_avg: 14.6, body_battery_start: 42, body_battery_end: 38,
    });
    expect(Object.keys(raw as object)).toEqual(expect.arrayContaining(['steps', 'calendarDate', 'hrv', 'pulseOx', 'respiration', 'stressDetails']));
    expect(batch.sleep).toHaveLength(1);
    expect(batch.sleep[0]).toMatchObject({ sleep_date: '2024-03-10', total_sleep_minutes: 425, sleep_score: 82, avg_hrv_ms: 48 });
    expect(batch.warnings).toEqual([]);
  });

  test('a long window asks for backfill of the new types too', async () => {
    const http = inProcessHttp(garminFake);
    await garminAdapter.fetchWindow(http, toSyncWindow(new Date('2024-01-01T00:00:00Z'), new Date('2024-03-01T00:00:00Z')));
    expect(http.calls.map((c) => c.path)).toEqual(expect.arrayContaining(['/backfill/hrv', '/backfill/pulseOx', '/backfill/respiration', '/backfill/stressDetails']));
  });

  test('push: hrv, pulseox, allDayRespiration and stressDetails bodies become one merged row per day', () => {
    const [event] = garminAdapter.parseWebhook!(webhook({ hrv: fixture('hrv'), pulseox: fixture('pulseOx'), allDayRespiration: fixture('respiration'), stressDetails: fixture('stressDetails').slice(0, 2) }));
    expect(event!.externalUserId).toBe('garmin-user-1');
    expect(event!.batch!.daily).toEqual([expect.objectContaining({ date: '2024-03-10', hrv_rmssd_ms: 48, spo2_avg_pct: 95.3, respiratory_rate_avg: 14.6, stress_avg: 28, body_battery_end: 38 })]);
    expect(event!.batch!.sleep).toEqual([{ sleep_date: '2024-03-10', source: 'garmin', avg_hrv_ms: 48 }]);
    expect(event!.batch!.warnings).toEqual([]);
  });

  test('ping: the new keys give the upload window to pull', () => {
    const ping = (start: number, end: number) => [{ userId: 'garmin-user-1', userAccessToken: 'uat-1', uploadStartTimeInSeconds: start, uploadEndTimeInSeconds: end, callbackURL: `https://apis.garmin.com/wellness-api/rest/respiration?uploadStartTimeInSeconds=${start}&uploadEndTimeInSeconds=${end}` }];
    const events = garminAdapter.parseWebhook!(webhook({ allDayRespiration: ping(1710026000, 1710027000), hrv: ping(1710051000, 1710052000) }));
    expect(events).toEqual([{ externalUserId: 'garmin-user-1', window: { start: new Date(1710026000_000), end: new Date(1710052000_000) } }]);
  });
});
