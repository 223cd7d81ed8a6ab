import fs from 'node:fs';
import path from 'node:path';
import { FitImportError, fitActivityType, importFit } from '../../src/importers/fit';
import { activityFit, type SyntheticSession, weightFit } from '../fixtures/fit/build';
import { createTestDatabase, createUser, type TestDatabase } from '../helpers/db';
import { describeWithSamples, SAMPLES } from '../helpers/samples';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const ACTIVITY_COLUMNS = `activity_date::text, source::text, source_activity_id, activity_type::text, start_time, end_time,
  duration_seconds, distance_m::float8 as distance_m, calories_kcal, avg_hr_bpm, max_hr_bpm,
  hr_zone_1_seconds, hr_zone_2_seconds, hr_zone_3_seconds, hr_zone_4_seconds, hr_zone_5_seconds,
  avg_pace_sec_per_km::float8 as avg_pace_sec_per_km, avg_speed_kmh::float8 as avg_speed_kmh,
  elevation_gain_m::float8 as elevation_gain_m, avg_power_watts, normalized_power_watts,
  training_stress_score::float8 as training_stress_score, training_effect_aerobic::float8 as training_effect_aerobic,
  training_effect_anaerobic::float8 as training_effect_anaerobic, raw_data`;

async function activities(userId: string) {
  const { rows } = await db.pool.query(`select ${ACTIVITY_COLUMNS} from vitalis.wearable_activities where user_id = $1 order by start_time`, [userId]);
  return rows;
}
async function measurements(userId: string) {
  const { rows } = await db.pool.query(
    `select metric::text, value::float8 as value, unit, measured_at, source::text from vitalis.measurements m where user_id = $1 order by measured_at, m.metric`,
    [userId],
  );
  return rows;
}

const run: SyntheticSession = {
  start: '2025-03-01T23:30:00Z',
  sport: 1, // running
  subSport: 0, // generic
  timerSeconds: 1800,
  distanceM: 5000.5,
  calories: 400,
  avgSpeedMs: 2.778,
  avgHr: 150,
  maxHr: 175,
  avgPower: 250,
  normalizedPower: 260,
  ascentM: 42,
  trainingEffect: 3.2,
  anaerobicEffect: 1.1,
  tss: 45.5,
  hrZonesSeconds: [60, 300, 600, 500, 300, 40],
};

test('FIT sport / sub_sport mapping', () => {
  expect(fitActivityType('running', 'generic')).toBe('running');
  expect(fitActivityType('running', 'treadmill')).toBe('treadmill_running');
  expect(fitActivityType('running', 'trail')).toBe('trail_running');
  expect(fitActivityType('cycling', 'indoor_cycling')).toBe('indoor_cycling');
  expect(fitActivityType('cycling', 'mountain')).toBe('mountain_biking');
  expect(fitActivityType('swimming', 'open_water')).toBe('open_water_swimming');
  expect(fitActivityType('training', 'strength_training')).toBe('strength_training');
  expect(fitActivityType('fitness_equipment', 'indoor_rowing')).toBe('indoor_rowing');
  expect(fitActivityType('walking', undefined)).toBe('walking');
  expect(fitActivityType('hiking', 'generic')).toBe('hiking');
  expect(fitActivityType('rowing', 'generic')).toBe('rowing');
  expect(fitActivityType('sailing', 'generic')).toBe('other');
  expect(fitActivityType(254, 77)).toBe('other');
});

describe('synthetic FIT files (test/fixtures/fit/build.ts)', () => {
  let userId: string;
  beforeAll(async () => {
    userId = await createUser(db.pool);
  });

  test('an activity imports with local date, mapped values and HR zones, and re-import changes nothing', async () => {
    const data = activityFit([run], { serial: 3900123456, created: '2025-03-01T23:29:00Z', utcOffsetSeconds: 3600 });
    const summary = await importFit(db.pool, { userId, data, source: 'garmin' });
    expect(summary).toEqual({ activities: { inserted: 1, updated: 0, skipped: 0 }, measurements: { inserted: 0, updated: 0, skipped: 0 }, warnings: [] });
    const [row, ...more] = await activities(userId);
    expect(more).toHaveLength(0);
    expect(row).toMatchObject({
      activity_date: '2025-03-02', // 23:30 UTC + 1 h local offset
      source: 'garmin',
      source_activity_id: `fit:3900123456:${Date.parse('2025-03-01T23:29:00Z') / 1000}:${Date.parse('2025-03-01T23:30:00Z') / 1000}`,
      activity_type: 'running',
      start_time: new Date('2025-03-01T23:30:00Z'),
      end_time: new Date('2025-03-02T00:00:00Z'),
      duration_seconds: 1800,
      distance_m: 5000.5,
      calories_kcal: 400,
      avg_hr_bpm: 150,
      max_hr_bpm: 175,
      hr_zone_1_seconds: 300,
      hr_zone_2_seconds: 600,
      hr_zone_3_seconds: 500,
      hr_zone_4_seconds: 300,
      hr_zone_5_seconds: 40,
      avg_pace_sec_per_km: 359.97,
      avg_speed_kmh: 10,
      elevation_gain_m: 42,
      avg_power_watts: 250,
      normalized_power_watts: 260,
      training_stress_score: 45.5,
      training_effect_aerobic: 3.2,
      training_effect_anaerobic: 1.1,
    });
    expect(row!.raw_data).toMatchObject({ sport: 'running', total_timer_time: 1800, avg_heart_rate: 150 });

    const again = await importFit(db.pool, { userId, data, source: 'garmin' });
    expect(again.activities).toEqual({ inserted: 0, updated: 0, skipped: 1 });
    expect(await activities(userId)).toHaveLength(1);
  });

  test('out-of-range values are dropped with a warning, not a failure; a cycle gets no pace', async () => {
    const user = await createUser(db.pool);
    const ride: SyntheticSession = { ...run, start: '2025-04-10T08:00:00Z', sport: 2, subSport: 0, avgHr: 10, maxHr: 250, trainingEffect: 5.5, hrZonesSeconds: undefined, avgPower: 4000 };
    const summary = await importFit(db.pool, { userId: user, data: activityFit([ride]), source: 'fit_file' });
    expect(summary.activities.inserted).toBe(1);
    expect(summary.warnings).toEqual([
      expect.stringMatching(/avg_hr_bpm 10 is outside 20..300; dropped/),
      expect.stringMatching(/avg_power_watts 4000 is outside 0..3000; dropped/),
      expect.stringMatching(/training_effect_aerobic 5.5 is outside 0..5; dropped/),
    ]);
    const [row] = await activities(user);
    expect(row).toMatchObject({ activity_date: '2025-04-10', source: 'fit_file', activity_type: 'cycling', avg_hr_bpm: null, max_hr_bpm: 250, avg_power_watts: null, training_effect_aerobic: null, avg_pace_sec_per_km: null, avg_speed_kmh: 10, hr_zone_1_seconds: null });
  });

  test('two sessions give two activities', async () => {
    const user = await createUser(db.pool);
    const swim: SyntheticSession = { ...run, start: '2025-05-01T06:00:00Z', sport: 5, subSport: 18, timerSeconds: 900, distanceM: 750 };
    const bike: SyntheticSession = { ...run, start: '2025-05-01T06:20:00Z', sport: 2, subSport: 0 };
    const summary = await importFit(db.pool, { userId: user, data: activityFit([swim, bike]) });
    expect(summary.activities).toEqual({ inserted: 2, updated: 0, skipped: 0 });
    expect((await activities(user)).map((r) => r.activity_type)).toEqual(['open_water_swimming', 'cycling']);
  });

  test('weight-scale messages become measurements, idempotently', async () => {
    const user = await createUser(db.pool);
    const data = weightFit([
      { at: '2025-03-02T07:00:00Z', weightKg: 80.25, fatPct: 18.5, hydrationPct: 55, muscleKg: 35.2, boneKg: 3.3 },
      { at: '2025-03-03T07:00:00Z', weightKg: 5 }, // 11 lbs: below the weight bound
    ]);
    const summary = await importFit(db.pool, { userId: user, data });
    expect(summary.measurements).toEqual({ inserted: 5, updated: 0, skipped: 0 });
    expect(summary.warnings).toEqual([expect.stringMatching(/weight_scale 2025-03-03T07:00:00.000Z: weight .* is outside 20..1000; dropped/)]);
    const at = new Date('2025-03-02T07:00:00Z');
    expect(await measurements(user)).toEqual([
      { metric: 'weight', value: 80.25, unit: 'kg', measured_at: at, source: 'fit_file' },
      { metric: 'body_fat_pct', value: 18.5, unit: '%', measured_at: at, source: 'fit_file' },
      { metric: 'muscle_mass', value: 35.2, unit: 'kg', measured_at: at, source: 'fit_file' },
      { metric: 'bone_mass', value: 3.3, unit: 'kg', measured_at: at, source: 'fit_file' },
      { metric: 'body_water_pct', value: 55, unit: '%', measured_at: at, source: 'fit_file' },
    ]);
    const again = await importFit(db.pool, { userId: user, data });
    expect(again.measurements).toEqual({ inserted: 0, updated: 0, skipped: 5 });
    expect(await measurements(user)).toHaveLength(5);
  });

  test('odd input gives a clear FIT file error and writes nothing', async () => {
    const user = await createUser(db.pool);
    const good = activityFit([run]);
    const cases: [Buffer, RegExp][] = [
      [Buffer.from('name,weight\nBob,80\n'), /^FIT file: is not a FIT file/],
      [Buffer.alloc(0), /^FIT file: is not a FIT file/],
      [good.subarray(0, 14), /^FIT file: ends unexpectedly/],
      [good.subarray(0, good.length - 20), /^FIT file: ends unexpectedly/],
    ];
    const corrupt = Buffer.from(good);
    corrupt[40] = corrupt[40]! ^ 0xff; // CRC no longer matches
    cases.push([corrupt, /^FIT file: /]);
    for (const [data, message] of cases) {
      const error = await importFit(db.pool, { userId: user, data }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FitImportError);
      expect((error as Error).message).toMatch(message);
    }
    expect(await activities(user)).toHaveLength(0);
  });
});

describeWithSamples('the real Garmin FIT samples', () => {
  const read = (name: string) => fs.readFileSync(path.join(SAMPLES, 'garmin_fit', name));
  let userId: string;
  beforeAll(async () => {
    userId = await createUser(db.pool);
  });

  test('Activity.fit imports one running activity; re-import changes nothing', async () => {
    const data = read('Activity.fit');
    const summary = await importFit(db.pool, { userId, data, source: 'garmin' });
    expect(summary).toEqual({ activities: { inserted: 1, updated: 0, skipped: 0 }, measurements: { inserted: 0, updated: 0, skipped: 0 }, warnings: [] });
    const rows = await activities(userId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      activity_date: '2012-04-09', // local_timestamp is UTC-4
      source: 'garmin',
      source_activity_id: `fit:2147483647:${Date.parse('2012-04-09T21:22:26Z') / 1000}:${Date.parse('2012-04-09T21:22:26Z') / 1000}`,
      activity_type: 'running',
      start_time: new Date('2012-04-09T21:22:26Z'),
      end_time: new Date('2012-04-09T21:22:39.749Z'),
      duration_seconds: 14, // total_timer_time 13.749 s
      distance_m: 5.73,
      calories_kcal: 0,
      avg_hr_bpm: null,
      max_hr_bpm: null,
      avg_speed_kmh: 1.5, // avg_speed 0.417 m/s
      avg_pace_sec_per_km: 2398.08,
      elevation_gain_m: 0,
      training_effect_aerobic: null,
    });
    const again = await importFit(db.pool, { userId, data, source: 'garmin' });
    expect(again.activities).toEqual({ inserted: 0, updated: 0, skipped: 1 });
    expect(await activities(userId)).toHaveLength(1);
  });

  test('WeightScaleSingleUser.fit imports weight and body fat', async () => {
    const user = await createUser(db.pool);
    const summary = await importFit(db.pool, { userId: user, data: read('WeightScaleSingleUser.fit'), source: 'garmin' });
    expect(summary).toEqual({ activities: { inserted: 0, updated: 0, skipped: 0 }, measurements: { inserted: 4, updated: 0, skipped: 0 }, warnings: [] });
    const first = new Date('2009-09-09T21:38:00Z');
    const second = new Date('2009-09-09T22:38:00Z');
    expect(await measurements(user)).toEqual([
      { metric: 'weight', value: 75.8, unit: 'kg', measured_at: first, source: 'garmin' },
      { metric: 'body_fat_pct', value: 22.3, unit: '%', measured_at: first, source: 'garmin' },
      { metric: 'weight', value: 76.09, unit: 'kg', measured_at: second, source: 'garmin' },
      { metric: 'body_fat_pct', value: 25.1, unit: '%', measured_at: second, source: 'garmin' },
    ]);
    const again = await importFit(db.pool, { userId: user, data: read('WeightScaleSingleUser.fit'), source: 'garmin' });
    expect(again.measurements).toEqual({ inserted: 0, updated: 0, skipped: 4 });
  });

  test('activity-unexpected-eof.fit gives a clear error and writes nothing', async () => {
    const user = await createUser(db.pool);
    await expect(importFit(db.pool, { userId: user, data: read('activity-unexpected-eof.fit') })).rejects.toThrow(/^FIT file: ends unexpectedly/);
    expect(await activities(user)).toHaveLength(0);
    expect(await measurements(user)).toHaveLength(0);
  });
});
