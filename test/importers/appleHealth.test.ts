import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppleHealthImportError, describeAccounts, type ElementAccount, importAppleHealth, type AppleHealthSummary, unbalanced } from '../../src/importers/appleHealth';
import { createUser, useTestDatabase } from '../helpers/db';
import { describeWithSamples, SAMPLES } from '../helpers/samples';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'apple-health', 'export.xml');
/** Every element kind and Record type the importer handles, and ones it does not. */
const EVERY_KIND = path.join(__dirname, '..', 'fixtures', 'apple-health', 'every-kind.xml');
const db = useTestDatabase();
let tmp: string;
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-apple-'));
});
afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function daily(userId: string) {
  const { rows } = await db.pool.query(
    `select date::text, source::text, steps, distance_m, active_calories_kcal, total_calories_kcal, resting_hr_bpm, max_hr_bpm,
            hrv_rmssd_ms, spo2_avg_pct::float8 as spo2_avg_pct, spo2_min_pct::float8 as spo2_min_pct,
            respiratory_rate_avg::float8 as respiratory_rate_avg, vo2_max_ml_kg_min::float8 as vo2_max_ml_kg_min, floors_climbed, active_minutes, raw_data
       from vitalis.wearable_daily where user_id = $1 order by date`,
    [userId],
  );
  return rows;
}
async function sleep(userId: string) {
  const { rows } = await db.pool.query(
    `select sleep_date::text, sleep_start, sleep_end, total_sleep_minutes, deep_minutes, rem_minutes, light_minutes, awake_minutes,
            sleep_efficiency_pct::float8 as sleep_efficiency_pct, sleep_latency_minutes, avg_hrv_ms, nap_minutes, nap_count, hypnogram, raw_data
       from vitalis.wearable_sleep where user_id = $1 order by sleep_date`,
    [userId],
  );
  return rows;
}
async function activities(userId: string) {
  const { rows } = await db.pool.query(
    `select activity_date::text, activity_type::text, source_activity_id, start_time, duration_seconds, distance_m::float8 as distance_m,
            calories_kcal, avg_hr_bpm, max_hr_bpm, elevation_gain_m::float8 as elevation_gain_m
       from vitalis.wearable_activities where user_id = $1 order by start_time`,
    [userId],
  );
  return rows;
}
async function measurements(userId: string) {
  const { rows } = await db.pool.query(
    `select metric::text, value::float8 as value, unit, measured_at, source::text from vitalis.measurements where user_id = $1 order by measured_at, metric`,
    [userId],
  );
  return rows;
}
async function rowCount(userId: string): Promise<number> {
  const { rows } = await db.pool.query(
    `select (select count(*) from vitalis.wearable_daily where user_id = $1) + (select count(*) from vitalis.wearable_sleep where user_id = $1)
          + (select count(*) from vitalis.wearable_activities where user_id = $1) + (select count(*) from vitalis.measurements where user_id = $1) as n`,
    [userId],
  );
  return Number(rows[0].n);
}

/**
 * The top-level elements of an export, counted by a plain scan of its tags rather than by the
 * importer's parser: per element name, and per type attribute for Records and Correlations.
 */
function countElements(xml: string): Map<string, number> {
  const counts = new Map<string, number>();
  let depth = 0;
  for (const m of xml.slice(xml.indexOf('<HealthData')).matchAll(/<(\/?)(\w+)((?:[^>"]|"[^"]*")*?)(\/?)>/g)) {
    if (m[1]) {
      depth--;
      continue;
    }
    if (depth === 1) {
      const type = / type="([^"]*)"/.exec(m[3]!)?.[1];
      const key = m[2] === 'Record' || m[2] === 'Correlation' ? `${m[2]} ${type}` : m[2]!;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    if (!m[4]) depth++;
  }
  return counts;
}

/** Per account, read and how it splits: used + each skip reason. */
function accounting(elements: ElementAccount[]): Map<string, { read: number; used: number; skipped: number }> {
  return new Map(elements.map((e) => [e.type === undefined ? e.element : `${e.element} ${e.type}`, { read: e.read, used: e.used, skipped: e.skipped.reduce((n, x) => n + x.count, 0) }]));
}

/** Rows in = rows used + rows skipped, per element kind and type, and every element of the file is read. */
function expectEveryRowAccounted(xml: string, elements: ElementAccount[]): void {
  const books = accounting(elements);
  for (const [key, a] of books) expect({ key, sum: a.used + a.skipped }).toEqual({ key, sum: a.read });
  expect(new Map([...books].map(([key, a]) => [key, a.read]))).toEqual(countElements(xml));
}

/** Builds a zip with the system zip CLI: `files` maps entry names to contents. */
function makeZip(name: string, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(tmp, 'zip-'));
  for (const [entry, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, entry)), { recursive: true });
    fs.writeFileSync(path.join(dir, entry), content);
  }
  const out = path.join(tmp, name);
  execFileSync('zip', ['-q', '-r', out, ...Object.keys(files).map((f) => f.split('/')[0]!)], { cwd: dir });
  return out;
}

describe('the hand-written export (two sources, DST, a night across midnight)', () => {
  let userId: string;
  let summary: AppleHealthSummary;
  beforeAll(async () => {
    userId = await createUser(db.pool);
    summary = await importAppleHealth(db.pool, { userId, path: FIXTURE });
  });

  test('summary counts rows, dropped values and unknown types', () => {
    expect(summary.daily).toEqual({ inserted: 3, updated: 0, skipped: 0 });
    expect(summary.sleep).toEqual({ inserted: 2, updated: 0, skipped: 0 });
    expect(summary.activities).toEqual({ inserted: 2, updated: 0, skipped: 0 });
    // The blood pressure pair is written twice by Apple (top level and inside the Correlation).
    expect(summary.measurements).toEqual({ inserted: 5, updated: 0, skipped: 2 });
    // 49 top-level Records + 1 Correlation + 2 Workouts + 2 ActivitySummary elements.
    expect(summary.recordsRead).toBe(54);
    expect(summary.unmappedTypes).toEqual([{ type: 'HKQuantityTypeIdentifierHeadphoneAudioExposure', count: 2 }]);
    expect(summary.skipped).toEqual([
      { reason: 'measurements.weight outside 20..1000', count: 1 },
      { reason: 'wearable_daily.max_hr_bpm outside 20..300', count: 1 },
      { reason: 'wearable_daily.steps outside 0..100000', count: 1 },
    ]);
  });

  test('every element is accounted for: the iPhone steps the Watch also counted are skipped as overlap, the iPhone night as another source', () => {
    expectEveryRowAccounted(fs.readFileSync(FIXTURE, 'utf8'), summary.elements);
    const steps = summary.elements.find((e) => e.type === 'HKQuantityTypeIdentifierStepCount')!;
    // 9 step records: the Watch's 4 and the iPhone's 10:00 and 17:00 ones used; the iPhone's 10:00 and 23:30 overlap the Watch; 150000 is out of bounds.
    expect(steps).toEqual({
      element: 'Record', type: 'HKQuantityTypeIdentifierStepCount', read: 9, used: 6, rows: { wearable_daily: 3 },
      skipped: [
        { reason: "overlap: a better-ranked source (the Watch before the iPhone) counted the same hour; this source's total stays in raw_data.devices", count: 2 },
        { reason: 'wearable_daily.steps outside 0..100000', count: 1 },
      ],
    });
    expect(unbalanced(summary.elements)).toEqual([]);
    const lines = describeAccounts(summary.elements);
    expect(lines).toContain(
      "Record HKQuantityTypeIdentifierStepCount: read 9 = used 6 (merged into 3 wearable_daily rows) + skipped 3 (2 overlap: a better-ranked source (the Watch before the iPhone) counted the same hour; this source's total stays in raw_data.devices; 1 wearable_daily.steps outside 0..100000)",
    );
    expect(lines).toContain('Correlation HKCorrelationTypeIdentifierBloodPressure: read 1 = used 1 (written as 2 measurements rows) + skipped 0');
    expect(lines).toHaveLength(summary.elements.length);
    const sleepRecords = summary.elements.find((e) => e.type === 'HKCategoryTypeIdentifierSleepAnalysis')!;
    expect(sleepRecords).toMatchObject({ read: 11, used: 10, rows: { wearable_sleep: 2 }, skipped: [{ reason: expect.stringMatching(/^another source's sleep was chosen/), count: 1 }] });
  });

  test('daily rows: the Watch wins per metric (steps hour by hour), each device is kept in raw_data, units converted, local dates from the offsets', async () => {
    const rows = await daily(userId);
    expect(rows.map((r) => r.date)).toEqual(['2024-03-30', '2024-03-31', '2024-04-01']);
    const [d30, d31, d01] = rows;
    // The Watch's 3500 plus the iPhone's 500 from the hour without the Watch; not 3500 + 4700.
    expect(d30).toMatchObject({
      source: 'apple_health', steps: 4000, distance_m: 2500, active_calories_kcal: 324, total_calories_kcal: 1824, resting_hr_bpm: 52,
      max_hr_bpm: 145, spo2_avg_pct: 96, spo2_min_pct: 95, respiratory_rate_avg: 15, vo2_max_ml_kg_min: 45.6, floors_climbed: 7, active_minutes: 35,
    });
    expect(d30.raw_data.devices['Jane’s iPhone']).toEqual({ steps: 4700, distance_m: 1609.3 });
    expect(d30.raw_data.devices['Activity Summary']).toEqual({ active_calories_kcal: 330, active_minutes: 36 });
    expect(d30.raw_data.chosen).toMatchObject({ steps: ['Jane’s Apple Watch', 'Jane’s iPhone'], distance_m: ['Jane’s Apple Watch'], resting_hr_bpm: 'Jane’s Apple Watch' });
    // 00:30 +0100 on the 31st is still the 30th in UTC; 23:30 +0200 on the 31st is 21:30 UTC.
    expect(d31).toMatchObject({ steps: 100 });
    expect(d01).toMatchObject({ steps: 800, distance_m: 805 });
    expect(d01.raw_data.chosen.steps).toEqual(['Jane’s iPhone']);
  });

  test('HRV SDNN never lands in an RMSSD column', async () => {
    const rows = await daily(userId);
    expect(rows.every((r) => r.hrv_rmssd_ms === null)).toBe(true);
    expect(rows[0].raw_data.hrv_sdnn_ms).toBe(48.5);
    expect((await sleep(userId)).every((r) => r.avg_hrv_ms === null)).toBe(true);
  });

  test('sleep: one row per waking date; the staged Watch night wins over the iPhone in-bed, naps kept aside', async () => {
    const [night, next] = await sleep(userId);
    expect(night).toMatchObject({
      sleep_date: '2024-03-31', total_sleep_minutes: 405, deep_minutes: 60, rem_minutes: 95, light_minutes: 250, awake_minutes: 15, sleep_efficiency_pct: 96.4,
    });
    expect(night.sleep_start.toISOString()).toBe('2024-03-30T22:10:00.000Z');
    expect(night.sleep_end.toISOString()).toBe('2024-03-31T05:10:00.000Z');
    expect(night.hypnogram[0]).toEqual({ t: '2024-03-30T22:10:00.000Z', stage: 'awake' });
    expect(night.hypnogram.map((h: { stage: string }) => h.stage)).toEqual(['awake', 'light', 'deep', 'rem', 'light', 'awake', 'rem']);
    expect(night.raw_data.other_sources).toEqual([expect.objectContaining({ source: 'Jane’s iPhone', in_bed_minutes: 435 })]);
    expect(night.raw_data.naps).toEqual([expect.objectContaining({ source: 'Jane’s Apple Watch', sleep_start: '2024-03-31T12:00:00.000Z', light_minutes: 30 })]);
    expect(night).toMatchObject({ nap_minutes: 30, nap_count: 1 });
    expect(night.raw_data.naps[0]).toMatchObject({ start: '2024-03-31T12:00:00.000Z', end: '2024-03-31T12:30:00.000Z', minutes: 30 });
    // iPhone only: unstaged, in bed 450 min, asleep 420, asleep 15 min after going to bed; no other period: no naps (0, not unknown).
    expect(next).toMatchObject({ sleep_date: '2024-04-01', total_sleep_minutes: 420, deep_minutes: null, sleep_efficiency_pct: 93.3, sleep_latency_minutes: 15, hypnogram: null, nap_minutes: 0, nap_count: 0 });
  });

  test('workouts: statistics and attributes, indoor flag, stable ids', async () => {
    const [run, ride] = await activities(userId);
    expect(run).toMatchObject({
      activity_date: '2024-03-31', activity_type: 'running', duration_seconds: 1800, distance_m: 5200, calories_kcal: 400, avg_hr_bpm: 150, max_hr_bpm: 172, elevation_gain_m: 45,
      source_activity_id: 'apple:Jane’s Apple Watch:2024-03-31 08:00:00 +0200:HKWorkoutActivityTypeRunning',
    });
    expect(run.start_time.toISOString()).toBe('2024-03-31T06:00:00.000Z');
    expect(ride).toMatchObject({ activity_type: 'indoor_cycling', distance_m: 16093.44, calories_kcal: 400, avg_hr_bpm: null });
  });

  test('measurements: pounds kept as lbs, fractions as percent, degF as written, blood pressure once', async () => {
    const rows = (await measurements(userId)).map((r) => ({ ...r, measured_at: r.measured_at.toISOString() }));
    expect(rows).toEqual([
      { metric: 'body_fat_pct', value: 21.5, unit: '%', measured_at: '2024-03-30T06:00:00.000Z', source: 'apple_health' },
      { metric: 'weight', value: 165.3, unit: 'lbs', measured_at: '2024-03-30T06:00:00.000Z', source: 'apple_health' },
      { metric: 'body_temperature', value: 98.6, unit: 'degF', measured_at: '2024-03-31T06:00:00.000Z', source: 'apple_health' },
      { metric: 'blood_pressure_diastolic', value: 80, unit: 'mmHg', measured_at: '2024-03-31T07:00:00.000Z', source: 'apple_health' },
      { metric: 'blood_pressure_systolic', value: 120, unit: 'mmHg', measured_at: '2024-03-31T07:00:00.000Z', source: 'apple_health' },
    ]);
  });

  test('re-importing the same file changes nothing', async () => {
    const before = { d: await daily(userId), s: await sleep(userId), a: await activities(userId), m: await measurements(userId) };
    const again = await importAppleHealth(db.pool, { userId, path: FIXTURE });
    expect(again.daily).toEqual({ inserted: 0, updated: 0, skipped: 3 });
    expect(again.sleep).toEqual({ inserted: 0, updated: 0, skipped: 2 });
    expect(again.activities).toEqual({ inserted: 0, updated: 0, skipped: 2 });
    expect(again.measurements).toEqual({ inserted: 0, updated: 0, skipped: 7 });
    expect({ d: await daily(userId), s: await sleep(userId), a: await activities(userId), m: await measurements(userId) }).toEqual(before);
  });
});

describe('every row kind (every-kind.xml): rows in = rows used + rows skipped, per element kind and type', () => {
  let userId: string;
  let summary: AppleHealthSummary;
  const xml = fs.readFileSync(EVERY_KIND, 'utf8');
  const OVERLAP = "overlap: a better-ranked source (the Watch before the iPhone) counted the same hour; this source's total stays in raw_data.devices";
  const UNMAPPED = 'unmapped type: Vitalis has no column for it';
  const NO_TABLE = 'not imported: Vitalis has no table for it';
  const WINDOW = `date outside 2000-01-01..${new Date().getUTCFullYear() + 1}-12-31`;
  beforeAll(async () => {
    userId = await createUser(db.pool);
    summary = await importAppleHealth(db.pool, { userId, path: EVERY_KIND });
  });

  test('each element kind and type: read = used + skipped, and read is what the file holds', () => {
    expectEveryRowAccounted(xml, summary.elements);
    // The fixture holds every element kind Apple writes and every Record type the importer maps.
    const kinds = new Set(summary.elements.map((e) => e.element));
    expect([...kinds].sort()).toEqual(['ActivitySummary', 'Audiogram', 'ClinicalRecord', 'Correlation', 'ExportDate', 'Me', 'Record', 'VisionPrescription', 'Workout']);
  });

  test('why each skipped element was skipped', () => {
    const books = Object.fromEntries(summary.elements.map((e) => [e.type ?? e.element, { read: e.read, used: e.used, rows: e.rows, skipped: Object.fromEntries(e.skipped.map((x) => [x.reason, x.count])) }]));
    const Q = 'HKQuantityTypeIdentifier';
    expect(books).toMatchObject({
      [`${Q}StepCount`]: { read: 8, used: 3, rows: { wearable_daily: 2 }, skipped: { [OVERLAP]: 1, [WINDOW]: 1, 'unreadable startDate/endDate': 1, 'value is not a number': 1, 'wearable_daily.steps outside 0..100000': 1 } },
      [`${Q}DistanceWalkingRunning`]: { read: 2, used: 1, skipped: { 'unknown unit "furlong"': 1 } },
      [`${Q}BasalEnergyBurned`]: { read: 2, used: 1, skipped: { 'no active energy that day to add basal energy to (total_calories_kcal); kept in raw_data.devices': 1 } },
      [`${Q}RestingHeartRate`]: { read: 2, used: 1, skipped: { "resting_hr_bpm taken from a better-ranked source; this source's figure stays in raw_data.devices": 1 } },
      [`${Q}HeartRate`]: { read: 3, used: 2, skipped: { 'wearable_daily.max_hr_bpm outside 20..300': 1 } },
      [`${Q}BodyMass`]: { read: 3, used: 1, rows: { measurements: 1 }, skipped: { 'unknown unit "oz"': 1, 'measurements.weight outside 20..1000': 1 } },
      [`${Q}HeadphoneAudioExposure`]: { read: 1, used: 0, skipped: { [UNMAPPED]: 1 } },
      HKCategoryTypeIdentifierMindfulSession: { read: 1, used: 0, skipped: { [UNMAPPED]: 1 } },
      HKCategoryTypeIdentifierSleepAnalysis: {
        read: 18, used: 11, rows: { wearable_sleep: 2 },
        skipped: {
          "another source's sleep was chosen for that date; kept in raw_data.other_sources": 3,
          'in bed or awake only, outside the night: no sleep to count as a nap; kept in raw_data.in_bed_periods': 1,
          'in bed or awake only on a date without a night: no sleep recorded': 1,
          'unknown sleep value "HKCategoryValueSleepAnalysisNapping"': 1,
          'endDate not after startDate': 1,
        },
      },
      HKCorrelationTypeIdentifierBloodPressure: { read: 1, used: 1, rows: { measurements: 2 }, skipped: {} },
      HKCorrelationTypeIdentifierFood: { read: 1, used: 0, skipped: { [UNMAPPED]: 1 } },
      Workout: { read: 3, used: 1, rows: { wearable_activities: 1 }, skipped: { 'unreadable startDate/endDate': 1, [WINDOW]: 1 } },
      ActivitySummary: {
        read: 4, used: 1, rows: { wearable_daily: 1 },
        skipped: { 'empty rings: no active energy or exercise that day': 1, "the devices' own records cover that day; the rings stay in raw_data.devices['Activity Summary']": 1, [`dateComponents unreadable or outside 2000-01-01..${new Date().getUTCFullYear() + 1}-12-31`]: 1 },
      },
      ClinicalRecord: { read: 1, used: 0, skipped: { [NO_TABLE]: 1 } },
      Audiogram: { read: 1, used: 0, skipped: { [NO_TABLE]: 1 } },
      VisionPrescription: { read: 1, used: 0, skipped: { [NO_TABLE]: 1 } },
    });
    // Every mapped type that is only used: each is in a row of its table.
    for (const type of ['ActiveEnergyBurned', 'AppleExerciseTime', 'FlightsClimbed', 'OxygenSaturation', 'RespiratoryRate', 'VO2Max', 'HeartRateVariabilitySDNN']) expect(books[`${Q}${type}`]).toEqual({ read: 1, used: 1, rows: { wearable_daily: 1 }, skipped: {} });
    for (const type of ['LeanBodyMass', 'BodyFatPercentage', 'BodyMassIndex', 'Height', 'BodyTemperature', 'BloodPressureSystolic', 'BloodPressureDiastolic']) expect(books[`${Q}${type}`]).toEqual({ read: 1, used: 1, rows: { measurements: 1 }, skipped: {} });
  });

  test('the rows the accounts name are the rows written', async () => {
    const sum = (table: 'measurements' | 'wearable_activities') => summary.elements.reduce((n, e) => n + (e.rows[table] ?? 0), 0);
    // Measurement rows sent: the blood pressure pair twice (top level and in the Correlation), merged by the measurements key.
    expect(sum('measurements')).toBe(summary.measurements.inserted + summary.measurements.updated + summary.measurements.skipped);
    expect(summary.measurements).toEqual({ inserted: 8, updated: 0, skipped: 2 });
    expect(sum('wearable_activities')).toBe(summary.activities.inserted);
    const days = await daily(userId);
    // 2024-05-13's only figure (150000 steps) is out of bounds: no row; 2024-05-12 has the rings alone.
    expect(days.map((d) => d.date)).toEqual(['2024-05-10', '2024-05-11', '2024-05-12']);
    expect(days.filter((d) => d.steps !== null)).toHaveLength(summary.elements.find((e) => e.type === 'HKQuantityTypeIdentifierStepCount')!.rows.wearable_daily!);
    expect(days[0]).toMatchObject({ steps: 1400, distance_m: 800, resting_hr_bpm: 55, max_hr_bpm: 150, total_calories_kcal: 1850 });
    expect(days[1]).toMatchObject({ steps: 3000, total_calories_kcal: null });
    expect(days[2]).toMatchObject({ active_calories_kcal: 310, active_minutes: 30 });
  });

  test('naps: minutes asleep outside the night, from the night\'s source; a day with only a nap has no night', async () => {
    const [night, napDay, ...rest] = await sleep(userId);
    expect(rest).toEqual([]);
    // The Watch's night (stages only, 23:00-06:45) and its 14:00-14:40 nap with 5 minutes awake; the iPhone's 20-minute nap is another source's.
    expect(night).toMatchObject({ sleep_date: '2024-05-11', total_sleep_minutes: 450, deep_minutes: 60, rem_minutes: 100, light_minutes: 290, awake_minutes: 15, nap_minutes: 35, nap_count: 1 });
    expect(night.sleep_end.toISOString()).toBe('2024-05-11T04:45:00.000Z');
    expect(night.raw_data.naps).toEqual([expect.objectContaining({ start: '2024-05-11T12:00:00.000Z', end: '2024-05-11T12:40:00.000Z', minutes: 35, awake_minutes: 5 })]);
    expect(night.raw_data.in_bed_periods).toEqual([expect.objectContaining({ sleep_start: '2024-05-11T15:00:00.000Z', in_bed_minutes: 20, asleep_minutes: 0 })]);
    expect(night.raw_data.other_sources.map((o: { source: string; kind: string }) => [o.source, o.kind])).toEqual([['Sam’s iPhone', 'night'], ['Sam’s iPhone', 'nap']]);
    expect(napDay).toMatchObject({
      sleep_date: '2024-05-12', sleep_start: null, sleep_end: null, total_sleep_minutes: null, deep_minutes: null, sleep_efficiency_pct: null, hypnogram: null, nap_minutes: 40, nap_count: 1,
    });
    expect(napDay.raw_data.naps).toEqual([expect.objectContaining({ start: '2024-05-12T11:00:00.000Z', minutes: 40 })]);
  });

  test('re-importing gives the same accounting and changes nothing', async () => {
    const before = { d: await daily(userId), s: await sleep(userId), m: await measurements(userId) };
    const again = await importAppleHealth(db.pool, { userId, path: EVERY_KIND });
    expect(again.elements).toEqual(summary.elements);
    expect(again.sleep).toEqual({ inserted: 0, updated: 0, skipped: 2 });
    expect({ d: await daily(userId), s: await sleep(userId), m: await measurements(userId) }).toEqual(before);
  });
});

test('a file that is not XML is refused as not an Apple Health export', async () => {
  const userId = await createUser(db.pool);
  const csv = path.join(tmp, 'steps.csv');
  fs.writeFileSync(csv, 'date,steps\n2024-01-01,100\n');
  const empty = path.join(tmp, 'empty.xml');
  fs.writeFileSync(empty, '');
  for (const file of [csv, empty]) {
    const error = await importAppleHealth(db.pool, { userId, path: file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppleHealthImportError);
    expect((error as Error).message).toMatch(/: is not an Apple Health export: it is not XML \(.+\); expected export\.zip or export\.xml/);
  }
});

test('export.zip: the apple_health_export/export.xml entry is streamed, progress reaches the end', async () => {
  const xml = fs.readFileSync(FIXTURE, 'utf8');
  const zip = makeZip('export.zip', { 'apple_health_export/export_cda.xml': '<ClinicalDocument/>', 'apple_health_export/export.xml': xml });
  const userId = await createUser(db.pool);
  const progress: { bytesRead: number; totalBytes: number }[] = [];
  const summary = await importAppleHealth(db.pool, { userId, path: zip, onProgress: (p) => progress.push(p) });
  expect(summary.daily.inserted).toBe(3);
  expect(summary.sleep.inserted).toBe(2);
  expect((await daily(userId))[0]).toMatchObject({ date: '2024-03-30', steps: 4000 });
  expect(progress.at(-1)).toEqual({ bytesRead: Buffer.byteLength(xml), totalBytes: Buffer.byteLength(xml) });
});

test('a Spanish export.zip (exportar.zip holding exportar.xml) is read like an English one', async () => {
  const xml = fs.readFileSync(FIXTURE, 'utf8');
  const zip = makeZip('exportar.zip', { 'apple_health_export/export_cda.xml': '<ClinicalDocument/>', 'apple_health_export/exportar.xml': xml });
  const userId = await createUser(db.pool);
  const summary = await importAppleHealth(db.pool, { userId, path: zip });
  expect(summary.daily.inserted).toBe(3);
  expect(summary.sleep.inserted).toBe(2);
});

test('a zip without export.xml is refused clearly', async () => {
  const zip = makeZip('other.zip', { 'apple_health_export/export_cda.xml': '<ClinicalDocument/>' });
  const userId = await createUser(db.pool);
  await expect(importAppleHealth(db.pool, { userId, path: zip })).rejects.toThrow(/the zip has no export\.xml/);
  await expect(importAppleHealth(db.pool, { userId, path: zip })).rejects.toBeInstanceOf(AppleHealthImportError);
});

test('malformed XML after batches were written leaves nothing behind and names the line and column', async () => {
  // Enough weight records that batches are flushed (in the same transaction) before the bad line.
  const header = fs.readFileSync(FIXTURE, 'utf8').split('<HealthData')[0]!;
  const lines = Array.from({ length: 8000 }, (_, i) => {
    const at = new Date(Date.UTC(2023, 0, 1) + i * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
    return ` <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="kg" creationDate="${at} +0000" startDate="${at} +0000" endDate="${at} +0000" value="70.${i % 10}"/>`;
  });
  const file = path.join(tmp, 'broken.xml');
  fs.writeFileSync(file, `${header}<HealthData locale="en_GB">\n${lines.join('\n')}\n <Record type="x" value="1"<Record/>\n</HealthData>\n`);
  const badLine = header.split('\n').length + 8001;
  const userId = await createUser(db.pool);
  const error = await importAppleHealth(db.pool, { userId, path: file }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppleHealthImportError);
  expect((error as Error).message).toMatch(new RegExp(`malformed XML at line ${badLine}, column \\d+`));
  expect(await rowCount(userId)).toBe(0);
});

test('control characters XML does not allow (iOS writes U+000B in some values) are read as spaces and counted, not fatal', async () => {
  const header = fs.readFileSync(FIXTURE, 'utf8').split('<HealthData')[0]!;
  const step = (at: string, source: string, value: number, meta = '') =>
    ` <Record type="HKQuantityTypeIdentifierStepCount" sourceName="${source}" unit="count" creationDate="2024-03-30 ${at}:05:00 +0200" startDate="2024-03-30 ${at}:00:00 +0200" endDate="2024-03-30 ${at}:05:00 +0200" value="${value}">${meta}</Record>`;
  const body = [
    step('10', 'My Watch', 400),
    step('11', 'My\u000bWatch', 500),
    step('12', 'My Watch', 600, '<MetadataEntry key="HKMetadataKeySyncIdentifier" value="a\u0000b\u000c"/>'),
  ].join('\n');
  const file = path.join(tmp, 'controls.xml');
  fs.writeFileSync(file, `${header}<HealthData locale="en_GB">\n${body}\n</HealthData>\n`);
  const controlLine = header.split('\n').length + 2;
  const userId = await createUser(db.pool);
  const summary = await importAppleHealth(db.pool, { userId, path: file });
  expect(summary.recordsRead).toBe(3);
  expect(summary.warnings).toContainEqual(expect.stringMatching(new RegExp(`^3 characters XML does not allow .* read as spaces; the first on line ${controlLine}$`)));
  const [day] = await daily(userId);
  expect(day).toMatchObject({ date: '2024-03-30', steps: 1500 });
  expect(Object.keys(day.raw_data.devices).sort()).toEqual(['My Watch']);
});

test('a control character before the root element is still not XML', async () => {
  const file = path.join(tmp, 'binary.xml');
  fs.writeFileSync(file, '\u0001\u0002<HealthData></HealthData>');
  const userId = await createUser(db.pool);
  await expect(importAppleHealth(db.pool, { userId, path: file })).rejects.toThrow(/is not an Apple Health export: it is not XML/);
});

test('a file cut off mid-element and a file that is not an export are refused', async () => {
  const userId = await createUser(db.pool);
  const xml = fs.readFileSync(FIXTURE, 'utf8');
  const cut = path.join(tmp, 'cut.xml');
  fs.writeFileSync(cut, xml.slice(0, Math.floor(xml.length * 0.8)));
  await expect(importAppleHealth(db.pool, { userId, path: cut })).rejects.toThrow(/malformed XML at line \d+, column \d+/);
  const other = path.join(tmp, 'other.xml');
  fs.writeFileSync(other, '<?xml version="1.0"?><gpx></gpx>');
  await expect(importAppleHealth(db.pool, { userId, path: other })).rejects.toThrow(/is not an Apple Health export/);
  await expect(importAppleHealth(db.pool, { userId, path: path.join(tmp, 'missing.zip') })).rejects.toThrow(/cannot be read \(ENOENT\)/);
  expect(await rowCount(userId)).toBe(0);
});

test('an aborted import writes nothing', async () => {
  const userId = await createUser(db.pool);
  const controller = new AbortController();
  controller.abort(new Error('user cancelled'));
  await expect(importAppleHealth(db.pool, { userId, path: FIXTURE, signal: controller.signal })).rejects.toThrow('user cancelled');
  expect(await rowCount(userId)).toBe(0);
});

describeWithSamples('the tdda/applehealthdata sample export', () => {
  test('imports the rows a reading of the file predicts', async () => {
    const file = path.join(SAMPLES, 'apple_health', 'export6s3sample.xml');
    const xml = fs.readFileSync(file, 'utf8');
    // 15 Records, 1 Workout, 2 ActivitySummary elements.
    expect([(xml.match(/<Record /g) ?? []).length, (xml.match(/<Workout /g) ?? []).length, (xml.match(/<ActivitySummary /g) ?? []).length]).toEqual([15, 1, 2]);
    const userId = await createUser(db.pool);
    const summary = await importAppleHealth(db.pool, { userId, path: file });
    expect(summary).toMatchObject({ recordsRead: 18, unmappedTypes: [], skipped: [], daily: { inserted: 4 }, sleep: { inserted: 0 }, activities: { inserted: 1 }, measurements: { inserted: 0 } });
    // Every element accounted for: all used (one source, no overlap), bar the export's date and the profile.
    expectEveryRowAccounted(xml, summary.elements);
    expect(summary.elements.map((e) => [e.type ?? e.element, e.read, e.used, e.rows])).toEqual([
      ['ActivitySummary', 2, 2, { wearable_daily: 2 }],
      ['ExportDate', 1, 0, {}],
      ['Me', 1, 0, {}],
      ['HKQuantityTypeIdentifierDistanceWalkingRunning', 5, 5, { wearable_daily: 1 }],
      ['HKQuantityTypeIdentifierStepCount', 10, 10, { wearable_daily: 1 }],
      ['Workout', 1, 1, { wearable_activities: 1 }],
    ]);
    const rows = await daily(userId);
    // Steps of 13 Sept 2014: 329+283+426+61+10+200+390+320+216+282; distance of 20 Sept: 2.88+2.84+1.42+6.39+5.9 m.
    expect(rows.map((r) => [r.date, r.steps, r.distance_m, r.active_calories_kcal, r.active_minutes])).toEqual([
      ['2014-09-13', 2517, null, null, null],
      ['2014-09-20', null, 19, null, null],
      ['2016-04-14', null, null, 701, 89],
      ['2016-04-15', null, null, 57, 6],
    ]);
    const [workout] = await activities(userId);
    expect(workout).toMatchObject({ activity_date: '2016-04-02', activity_type: 'other', duration_seconds: 1904, distance_m: 0, calories_kcal: 139 });
    expect(workout.start_time.toISOString()).toBe('2016-04-02T09:40:38.000Z');
  });
});
