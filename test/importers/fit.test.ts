// The FIT importer on the project's own synthetic files (test/fixtures/fit/build.ts, written with
// Garmin's Encoder) and on the real samples. @garmin/fitsdk is ESM-only, so encoding and importing
// run in a child process (test/fixtures/fit/child.ts); the rows are checked here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fitActivityType } from '../../src/importers/fit';
import { activityMessages, bloodPressureMessages, developerField, type FitMessage, monitoringMessages, type SyntheticRecord, type SyntheticSession, weightMessages } from '../fixtures/fit/build';
import type { FitOp } from '../fixtures/fit/child';
import { type FitResult, runFit } from '../fixtures/fit/run';
import { createUser, useTestDatabase } from '../helpers/db';
import { describeWithSamples, SAMPLES } from '../helpers/samples';

const db = useTestDatabase();
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-fit-'));
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
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

const ok = <T = any>(r: FitResult<T> | undefined): T => {
  if (!r || r.error) throw new Error(`expected success, got ${JSON.stringify(r?.error)}`);
  return r.ok;
};
const failed = (r: FitResult | undefined) => {
  if (!r?.error) throw new Error(`expected an error, got ${JSON.stringify(r?.ok)}`);
  return r.error;
};

/** A fixture file in the temp dir; its encode op goes first in the batch. */
const file = (name: string, messages: FitMessage[]): [string, FitOp] => {
  const out = path.join(dir, name);
  return [out, { op: 'encode', messages, out }];
};
const importOp = (fileName: string, userId: string, source?: 'garmin' | 'fit_file'): FitOp => ({ op: 'import', databaseUrl: db.url, userId, file: fileName, source });
const every = (count: number, seconds: number, fn: (i: number) => Omit<SyntheticRecord, 'at'>): SyntheticRecord[] => Array.from({ length: count }, (_, i) => ({ at: i * seconds, ...fn(i) }));

const run: SyntheticSession = {
  start: '2025-03-01T23:30:00Z',
  sport: 'running',
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

test('FIT sport / sub_sport mapping, in the profile’s and in the SDK’s spelling', () => {
  expect(fitActivityType('running', 'generic')).toBe('running');
  expect(fitActivityType('running', 'treadmill')).toBe('treadmill_running');
  expect(fitActivityType('running', 'trail')).toBe('trail_running');
  expect(fitActivityType('cycling', 'indoor_cycling')).toBe('indoor_cycling');
  expect(fitActivityType('cycling', 'indoorCycling')).toBe('indoor_cycling');
  expect(fitActivityType('cycling', 'virtualActivity')).toBe('indoor_cycling');
  expect(fitActivityType('cycling', 'mountain')).toBe('mountain_biking');
  expect(fitActivityType('swimming', 'openWater')).toBe('open_water_swimming');
  expect(fitActivityType('training', 'strengthTraining')).toBe('strength_training');
  expect(fitActivityType('fitnessEquipment', 'indoorRowing')).toBe('indoor_rowing');
  expect(fitActivityType('walking', undefined)).toBe('walking');
  expect(fitActivityType('hiking', 'generic')).toBe('hiking');
  expect(fitActivityType('sailing', 'generic')).toBe('other');
  expect(fitActivityType(254, 77)).toBe('other');
});

describe('synthetic FIT files (test/fixtures/fit/build.ts)', () => {
  const users: Record<string, string> = {};
  let results: Record<string, FitResult[]> = {};

  beforeAll(async () => {
    for (const name of ['run', 'ride', 'multi', 'noHr', 'noPower', 'zeroPower', 'powerMeter', 'monitoring', 'weight', 'noSession', 'odd', 'bp', 'dev', 'chained']) users[name] = await createUser(db.pool);
    const ride: SyntheticSession = { ...run, start: '2025-04-10T08:00:00Z', sport: 'cycling', avgHr: 10, maxHr: 250, trainingEffect: 5.5, hrZonesSeconds: undefined, avgPower: 4000 };
    const swim: SyntheticSession = { ...run, start: '2025-05-01T06:00:00Z', sport: 'swimming', subSport: 'openWater', timerSeconds: 900, distanceM: 750, laps: 3, records: every(10, 60, (i) => ({ heartRate: 120 + i, distance: i * 75 })) };
    const bike: SyntheticSession = { ...run, start: '2025-05-01T06:20:00Z', sport: 'cycling', laps: 2, records: every(5, 300, (i) => ({ heartRate: 140, power: 200, distance: 750 + i * 2000 })) };
    // The session says nothing of heart rate or speed (as some COROS and old Garmin files do); the records do.
    const noHr: SyntheticSession = {
      start: '2025-06-01T07:00:00Z', sport: 'running', timerSeconds: 600, calories: 120,
      records: every(11, 60, (i) => ({ heartRate: [130, 140, 150, 155, 160, 178, 165, 160, 150, 145, 161][i], speed: 3, distance: i * 180 })),
    };
    const rideBase: SyntheticSession = { start: '2025-07-01T07:00:00Z', sport: 'cycling', timerSeconds: 3600, distanceM: 30000, avgSpeedMs: 8.333, avgHr: 140, maxHr: 170 };
    const noPower: SyntheticSession = { ...rideBase, avgPower: 0, normalizedPower: 0, records: every(6, 600, () => ({ heartRate: 140, speed: 8.3 })) };
    const zeroPower: SyntheticSession = { ...rideBase, avgPower: 0, records: every(6, 600, () => ({ heartRate: 140, power: 0 })) };
    const powerMeter: SyntheticSession = { ...rideBase, records: every(6, 600, (i) => ({ heartRate: 140, power: [180, 0, 220, 240, 200, 180][i] })) };

    const files = {
      run: file('run.fit', activityMessages([run], { serial: 3900123456, created: '2025-03-01T23:29:00Z', utcOffsetSeconds: 3600 })),
      ride: file('ride.fit', activityMessages([ride])),
      // The third session lost its start time and timestamp: no date to file it under.
      multi: file('multi.fit', activityMessages([swim, bike, { ...run, start: '2025-05-01T09:00:00Z' }]).map((m) => (m.mesg === 'SESSION' && m.messageIndex === 2 ? { ...m, startTime: undefined, timestamp: undefined } : m))),
      noHr: file('no-hr.fit', activityMessages([noHr])),
      noPower: file('no-power.fit', activityMessages([noPower])),
      zeroPower: file('zero-power.fit', activityMessages([zeroPower], { serial: 7 })),
      powerMeter: file('power-meter.fit', activityMessages([powerMeter], { serial: 8 })),
      monitoring: file('monitoring.fit', monitoringMessages('2025-03-02T00:00:00Z')),
      weight: file('weight.fit', weightMessages([
        { at: '2025-03-02T07:00:00Z', weightKg: 80.25, fatPct: 18.5, hydrationPct: 55, muscleKg: 35.2, boneKg: 3.3, bmi: 24.1, metabolicAge: 38 },
        { at: '2025-03-03T07:00:00Z', weightKg: 5 }, // 11 lbs: below the weight bound
      ])),
      bp: file('blood-pressure.fit', bloodPressureMessages([{ at: '2025-03-04T08:00:00Z', systolic: 121, diastolic: 79, heartRate: 61, meanArterial: 93 }])),
      // A running-power pod's developer field on every record and on the session, whose heart rate is missing.
      dev: file('developer-fields.fit', activityMessages([
        { start: '2025-08-01T06:00:00Z', sport: 'running', timerSeconds: 240, distanceM: 1000, developerFields: { 0: 251 }, records: every(5, 60, (i) => ({ heartRate: 150 + i, developerFields: { 0: 240 + i * 5 } })) },
      ], { developer: developerField(0, 'Power', 'Watts') })),
      // Two FIT files to chain into one (the protocol allows it): different devices, different time zones.
      chainA: file('chain-a.fit', activityMessages([{ ...run, start: '2025-09-01T20:00:00Z', hrZonesSeconds: undefined }], { serial: 11, created: '2025-09-01T19:59:00Z', utcOffsetSeconds: 3600 })),
      chainB: file('chain-b.fit', activityMessages([{ ...rideBase, start: '2025-09-02T02:00:00Z' }], { serial: 12, created: '2025-09-02T01:59:00Z', utcOffsetSeconds: -5 * 3600 })),
      noSession: file('no-session.fit', activityMessages([{ ...run, records: every(3, 10, () => ({ heartRate: 120 })) }]).filter((m) => m.mesg !== 'SESSION' && m.mesg !== 'TIME_IN_ZONE')),
    };
    const ops: FitOp[] = Object.values(files).map(([, op]) => op);
    const plan: [string, FitOp][] = [
      ['run', importOp(files.run[0], users.run!, 'garmin')],
      ['run', importOp(files.run[0], users.run!, 'garmin')],
      ['ride', importOp(files.ride[0], users.ride!)],
      ['multi', importOp(files.multi[0], users.multi!)],
      ['multi', { op: 'decode', file: files.multi[0] }],
      ['noHr', importOp(files.noHr[0], users.noHr!)],
      ['noHr', importOp(files.noHr[0], users.noHr!)],
      ['noHr', { op: 'decode', file: files.noHr[0] }],
      ['noPower', importOp(files.noPower[0], users.noPower!)],
      ['zeroPower', importOp(files.zeroPower[0], users.zeroPower!)],
      ['powerMeter', importOp(files.powerMeter[0], users.powerMeter!)],
      ['monitoring', importOp(files.monitoring[0], users.monitoring!)],
      ['weight', importOp(files.weight[0], users.weight!)],
      ['weight', importOp(files.weight[0], users.weight!)],
      ['noSession', importOp(files.noSession[0], users.noSession!)],
      ['bp', importOp(files.bp[0], users.bp!)],
      ['dev', importOp(files.dev[0], users.dev!)],
      ['dev', { op: 'decode', file: files.dev[0] }],
    ];
    // Damaged copies of the run: not FIT, empty, cut in the header, cut in the data, a flipped byte.
    const good = path.join(dir, 'run.fit');
    const odd = ['not-fit.csv', 'empty.fit', 'cut-header.fit', 'cut-data.fit', 'corrupt.fit'].map((n) => path.join(dir, n));
    const [cases, encoded] = [odd, ops.length];
    for (const f of cases) plan.push(['odd', importOp(f, users.odd!)]);
    const all = await runFit([...ops, { op: 'decode', file: good }]);
    expect(all.slice(0, encoded).every((r) => r.ok)).toBe(true);
    const bytes = fs.readFileSync(good);
    const corrupt = Buffer.from(bytes);
    corrupt[40] = corrupt[40]! ^ 0xff;
    fs.writeFileSync(odd[0]!, 'name,weight\nBob,80\n');
    fs.writeFileSync(odd[1]!, Buffer.alloc(0));
    fs.writeFileSync(odd[2]!, bytes.subarray(0, 10));
    fs.writeFileSync(odd[3]!, bytes.subarray(0, bytes.length - 20));
    fs.writeFileSync(odd[4]!, corrupt);
    // A chained file (A then B), B alone, A then B cut short; and after A's end: 16 zero bytes
    // (padding), 16 bytes of which one is not zero (a tail that is not padding).
    const [chainA, chainB] = [fs.readFileSync(files.chainA[0]), fs.readFileSync(files.chainB[0])];
    const chained = ['chained.fit', 'padded.fit', 'chain-cut.fit', 'tail.fit'].map((n) => path.join(dir, n));
    const notPadding = Buffer.alloc(16);
    notPadding[15] = 0x01;
    fs.writeFileSync(chained[0]!, Buffer.concat([chainA, chainB]));
    fs.writeFileSync(chained[1]!, Buffer.concat([chainA, Buffer.alloc(16)]));
    fs.writeFileSync(chained[2]!, Buffer.concat([chainA, chainB.subarray(0, chainB.length - 5)]));
    fs.writeFileSync(chained[3]!, Buffer.concat([chainA, notPadding]));
    plan.push(...[chained[0]!, files.chainB[0], chained[1]!, chained[2]!, chained[3]!].map((f): [string, FitOp] => ['chained', importOp(f, users.chained!)]));
    const out = await runFit(plan.map(([, op]) => op));
    results = {};
    plan.forEach(([name], i) => (results[name] ??= []).push(out[i]!));
  }, 120000);

  test('an activity imports with local date, mapped values and HR zones; the summary says what was read; re-import changes nothing', async () => {
    const [first, again] = results.run!;
    expect(ok(first)).toEqual({
      fileType: 'activity',
      read: { sessions: 1, laps: 1, records: 0, weightScale: 0, bloodPressure: 0 },
      activities: { inserted: 1, updated: 0, skipped: 0 },
      measurements: { inserted: 0, updated: 0, skipped: 0 },
      skipped: [],
      warnings: [],
    });
    const [row, ...more] = await activities(users.run!);
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
    // raw_data keeps the session under the FIT profile's field names, with nothing derived.
    expect(row!.raw_data).toMatchObject({ sport: 'running', total_timer_time: 1800, avg_heart_rate: 150 });
    expect(row!.raw_data.derived).toBeUndefined();
    expect(ok(again).activities).toEqual({ inserted: 0, updated: 0, skipped: 1 });
    expect(await activities(users.run!)).toHaveLength(1);
  });

  test('out-of-range values are dropped with a warning, not a failure; a ride gets no pace', async () => {
    const summary = ok(results.ride![0]);
    expect(summary.activities.inserted).toBe(1);
    expect(summary.warnings).toEqual([
      expect.stringMatching(/avg_hr_bpm 10 is outside 20..300; dropped/),
      expect.stringMatching(/avg_power_watts 4000 is outside 0..3000; dropped/),
      expect.stringMatching(/training_effect_aerobic 5.5 is outside 0..5; dropped/),
    ]);
    const [row] = await activities(users.ride!);
    expect(row).toMatchObject({ activity_date: '2025-04-10', source: 'fit_file', activity_type: 'cycling', avg_hr_bpm: null, max_hr_bpm: 250, avg_power_watts: null, training_effect_aerobic: null, avg_pace_sec_per_km: null, avg_speed_kmh: 10, hr_zone_1_seconds: null });
  });

  test('the summary accounts for every session of the file: each is written or skipped with a reason', async () => {
    const [imported, decoded] = results.multi!;
    const summary = ok(imported);
    const sdkSessions = ok(decoded).messages.sessionMesgs as unknown[];
    expect(sdkSessions).toHaveLength(3);
    expect(summary.read).toEqual({ sessions: 3, laps: 6, records: 15, weightScale: 0, bloodPressure: 0 });
    expect(summary.activities).toEqual({ inserted: 2, updated: 0, skipped: 0 });
    expect(summary.skipped).toEqual([{ reason: 'session 2: no start_time, so no date to file it under', count: 1 }]);
    const written = summary.activities.inserted + summary.activities.updated + summary.activities.skipped;
    const skippedSessions = (summary.skipped as { reason: string; count: number }[]).filter((s) => s.reason.startsWith('session ')).reduce((n, s) => n + s.count, 0);
    expect(written + skippedSessions).toBe(sdkSessions.length);
    expect((await activities(users.multi!)).map((r) => r.activity_type)).toEqual(['open_water_swimming', 'cycling']);
  });

  test('a session without heart rate, distance or speed takes them from its records, and raw_data.derived says so', async () => {
    const [imported, again, decoded] = results.noHr!;
    expect(ok(imported)).toMatchObject({ activities: { inserted: 1, updated: 0, skipped: 0 }, read: { sessions: 1, records: 11 }, warnings: [] });
    // The independent reading: the SDK's session has no heart rate, its records do.
    const sdk = ok(decoded).messages;
    expect(sdk.sessionMesgs[0].avgHeartRate).toBeUndefined();
    const hr = (sdk.recordMesgs as { heartRate: number }[]).map((r) => r.heartRate);
    const [row] = await activities(users.noHr!);
    expect(row).toMatchObject({
      avg_hr_bpm: Math.round(hr.reduce((a, b) => a + b, 0) / hr.length), // 154
      max_hr_bpm: Math.max(...hr), // 178
      distance_m: 1800,
      avg_speed_kmh: 10.8, // 1800 m in 600 s
      avg_pace_sec_per_km: 333.33,
      duration_seconds: 600,
      calories_kcal: 120,
    });
    expect(row!.avg_hr_bpm).toBe(154);
    expect(row!.raw_data.derived).toEqual(['distance_m', 'avg_speed_kmh', 'avg_hr_bpm', 'max_hr_bpm']);
    expect(ok(again).activities).toEqual({ inserted: 0, updated: 0, skipped: 1 });
  });

  test('a ride without a power meter stores no power, not 0 W; a power meter’s own zeros still count', async () => {
    const [noPower] = await activities(users.noPower!);
    expect(noPower).toMatchObject({ avg_power_watts: null, normalized_power_watts: null, avg_hr_bpm: 140 });
    expect(noPower!.raw_data).toMatchObject({ avg_power: 0, no_power_meter: true });
    const [zeros] = await activities(users.zeroPower!);
    expect(zeros).toMatchObject({ avg_power_watts: null, normalized_power_watts: null });
    expect(zeros!.raw_data.no_power_meter).toBe(true);
    const [meter] = await activities(users.powerMeter!);
    expect(meter).toMatchObject({ avg_power_watts: 170 }); // (180 + 0 + 220 + 240 + 200 + 180) / 6, coasting included
    expect(meter!.raw_data).toMatchObject({ derived: ['avg_power_watts'] });
    expect(meter!.raw_data.no_power_meter).toBeUndefined();
  });

  test('a monitoring file is refused by name, not as "no session"', async () => {
    expect(failed(results.monitoring![0])).toEqual({
      name: 'FitImportError',
      message: 'FIT file: is a FIT monitoring (all-day steps and heart rate) file, which Vitalis does not import (it imports FIT activity, weight-scale and blood-pressure files); nothing was written',
    });
    expect(await activities(users.monitoring!)).toHaveLength(0);
  });

  test('an activity file without a session says what it holds', async () => {
    expect(failed(results.noSession![0]).message).toBe('FIT file: is a FIT activity file with no session, weigh-in or blood-pressure reading (3 records, 1 laps, no session summarising them); nothing was written');
  });

  test('weight-scale messages become measurements, idempotently; fields with no metric are named', async () => {
    const [first, again] = results.weight!;
    const summary = ok(first);
    expect(summary).toMatchObject({ fileType: 'weight', read: { weightScale: 2 }, measurements: { inserted: 6, updated: 0, skipped: 0 } });
    expect(summary.warnings).toEqual([expect.stringMatching(/weight_scale 2025-03-03T07:00:00.000Z: weight .* is outside 20..1000; dropped/)]);
    expect(summary.skipped).toEqual([{ reason: 'weight_scale field metabolicAge: no measurement metric for it', count: 1 }]);
    const at = new Date('2025-03-02T07:00:00Z');
    expect(await measurements(users.weight!)).toEqual([
      { metric: 'weight', value: 80.25, unit: 'kg', measured_at: at, source: 'fit_file' },
      { metric: 'body_fat_pct', value: 18.5, unit: '%', measured_at: at, source: 'fit_file' },
      { metric: 'muscle_mass', value: 35.2, unit: 'kg', measured_at: at, source: 'fit_file' },
      { metric: 'bone_mass', value: 3.3, unit: 'kg', measured_at: at, source: 'fit_file' },
      { metric: 'body_water_pct', value: 55, unit: '%', measured_at: at, source: 'fit_file' },
      { metric: 'bmi', value: 24.1, unit: 'kg/m2', measured_at: at, source: 'fit_file' },
    ]);
    expect(ok(again).measurements).toEqual({ inserted: 0, updated: 0, skipped: 6 });
    expect(await measurements(users.weight!)).toHaveLength(6);
  });

  test('a blood-pressure file becomes systolic, diastolic and heart-rate measurements; mean arterial pressure is named as not imported', async () => {
    const summary = ok(results.bp![0]);
    expect(summary).toMatchObject({ fileType: 'bloodPressure', read: { bloodPressure: 1 }, measurements: { inserted: 3, updated: 0, skipped: 0 }, warnings: [] });
    expect(summary.skipped).toEqual([{ reason: 'blood_pressure field meanArterialPressure: no measurement metric for it', count: 1 }]);
    const at = new Date('2025-03-04T08:00:00Z');
    expect(await measurements(users.bp!)).toEqual([
      { metric: 'blood_pressure_systolic', value: 121, unit: 'mmHg', measured_at: at, source: 'fit_file' },
      { metric: 'blood_pressure_diastolic', value: 79, unit: 'mmHg', measured_at: at, source: 'fit_file' },
      { metric: 'heart_rate', value: 61, unit: 'bpm', measured_at: at, source: 'fit_file' },
    ]);
  });

  test('a file with developer fields imports; its session keeps them in raw_data and takes heart rate from the records', async () => {
    const [imported, decoded] = results.dev!;
    expect(ok(imported)).toMatchObject({ activities: { inserted: 1 }, read: { records: 5 }, warnings: [], skipped: [] });
    const sdk = ok(decoded).messages;
    expect(sdk.recordMesgs.map((r: { developerFields: Record<string, number> }) => r.developerFields[0])).toEqual([240, 245, 250, 255, 260]);
    const [row] = await activities(users.dev!);
    expect(row).toMatchObject({ avg_hr_bpm: 152, max_hr_bpm: 154, distance_m: 1000, avg_power_watts: null });
    expect(row!.raw_data).toMatchObject({ developer_fields: { 0: 251 }, derived: ['avg_hr_bpm', 'max_hr_bpm'] });
  });

  test('a chained FIT file: each of its files keeps its own serial number and time zone, so importing one alone later finds it stored', async () => {
    const [imported, alone, , cut, tail] = results.chained!;
    expect(ok(imported)).toEqual({
      fileType: 'activity',
      read: { sessions: 2, laps: 2, records: 0, weightScale: 0, bloodPressure: 0 },
      activities: { inserted: 2, updated: 0, skipped: 0 },
      measurements: { inserted: 0, updated: 0, skipped: 0 },
      skipped: [],
      warnings: [],
    });
    const rows = await activities(users.chained!);
    expect(rows.map((r) => [r.source_activity_id, r.activity_date, r.activity_type])).toEqual([
      [`fit:11:${Date.parse('2025-09-01T19:59:00Z') / 1000}:${Date.parse('2025-09-01T20:00:00Z') / 1000}`, '2025-09-01', 'running'],
      // 02:00 UTC is the evening before in B's own time zone (UTC-5), not the next day in A's (UTC+1).
      [`fit:12:${Date.parse('2025-09-02T01:59:00Z') / 1000}:${Date.parse('2025-09-02T02:00:00Z') / 1000}`, '2025-09-01', 'cycling'],
    ]);
    expect(ok(alone).activities).toEqual({ inserted: 0, updated: 0, skipped: 1 });
    const bytesA = fs.statSync(path.join(dir, 'chain-a.fit')).size;
    expect(failed(cut).message).toMatch(new RegExp(`^FIT file: its chained file 2 \\(from byte ${bytesA}\\) ends unexpectedly`));
    expect(failed(tail).message).toBe(`FIT file: has 16 bytes after its end (from byte ${bytesA}) that are not a FIT file`);
    expect(await activities(users.chained!)).toHaveLength(2);
  });

  test('zero bytes after the last FIT file are padding: the file imports and the summary warns of them', async () => {
    const [, , padded] = results.chained!;
    const bytesA = fs.statSync(path.join(dir, 'chain-a.fit')).size;
    expect(ok(padded)).toMatchObject({
      read: { sessions: 1 },
      activities: { inserted: 0, updated: 0, skipped: 1 }, // file A, already stored from the chained file
      warnings: [`FIT file: 16 zero bytes after its end (from byte ${bytesA}), padding with no data; ignored`],
    });
  });

  test('odd input gives a clear FIT file error and writes nothing', async () => {
    const messages = results.odd!.map((r) => failed(r));
    expect(messages.every((e) => e.name === 'FitImportError')).toBe(true);
    expect(messages.map((e) => e.message)).toEqual([
      expect.stringMatching(/^FIT file: is not a FIT file/),
      expect.stringMatching(/^FIT file: is not a FIT file/),
      expect.stringMatching(/^FIT file: is not a FIT file \(only 10 bytes\)/),
      expect.stringMatching(/^FIT file: ends unexpectedly/),
      'FIT file: is damaged (its checksum does not match its contents)',
    ]);
    expect(await activities(users.odd!)).toHaveLength(0);
  });
});

describeWithSamples('the real Garmin FIT samples', () => {
  const sample = (name: string) => path.join(SAMPLES, 'garmin_fit', name);
  let userId: string;
  let weightUser: string;
  let eofUser: string;
  let out: FitResult[];
  beforeAll(async () => {
    [userId, weightUser, eofUser] = [await createUser(db.pool), await createUser(db.pool), await createUser(db.pool)];
    out = await runFit([
      importOp(sample('Activity.fit'), userId, 'garmin'),
      importOp(sample('Activity.fit'), userId, 'garmin'),
      { op: 'decode', file: sample('Activity.fit') },
      importOp(sample('WeightScaleSingleUser.fit'), weightUser, 'garmin'),
      importOp(sample('WeightScaleSingleUser.fit'), weightUser, 'garmin'),
      importOp(sample('activity-unexpected-eof.fit'), eofUser),
    ]);
  }, 60000);

  test('Activity.fit imports one running activity matching the SDK’s own session; re-import changes nothing', async () => {
    expect(ok(out[0])).toEqual({
      fileType: 'activity',
      read: { sessions: 1, laps: 1, records: 14, weightScale: 0, bloodPressure: 0 },
      activities: { inserted: 1, updated: 0, skipped: 0 },
      measurements: { inserted: 0, updated: 0, skipped: 0 },
      skipped: [],
      warnings: [],
    });
    const session = ok(out[2]).messages.sessionMesgs[0];
    const rows = await activities(userId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      activity_date: '2012-04-09', // local_timestamp is UTC-4
      source: 'garmin',
      source_activity_id: `fit:2147483647:${Date.parse('2012-04-09T21:22:26Z') / 1000}:${Date.parse('2012-04-09T21:22:26Z') / 1000}`,
      activity_type: 'running',
      start_time: new Date(session.startTime),
      end_time: new Date(Date.parse(session.startTime) + session.totalElapsedTime * 1000),
      duration_seconds: Math.round(session.totalTimerTime), // 13.749 s
      distance_m: session.totalDistance, // 5.73
      calories_kcal: session.totalCalories,
      avg_hr_bpm: null, // no heart rate in the session nor in its records
      max_hr_bpm: null,
      avg_speed_kmh: Math.round(session.enhancedAvgSpeed * 3.6 * 100) / 100, // 1.5
      avg_pace_sec_per_km: 2398.08,
      elevation_gain_m: session.totalAscent,
      training_effect_aerobic: null,
    });
    expect(ok(out[1]).activities).toEqual({ inserted: 0, updated: 0, skipped: 1 });
    expect(await activities(userId)).toHaveLength(1);
  });

  test('WeightScaleSingleUser.fit imports weight and body fat', async () => {
    expect(ok(out[3])).toMatchObject({ fileType: 'weight', activities: { inserted: 0, updated: 0, skipped: 0 }, measurements: { inserted: 4, updated: 0, skipped: 0 }, warnings: [], skipped: [] });
    const first = new Date('2009-09-09T21:38:00Z');
    const second = new Date('2009-09-09T22:38:00Z');
    expect(await measurements(weightUser)).toEqual([
      { metric: 'weight', value: 75.8, unit: 'kg', measured_at: first, source: 'garmin' },
      { metric: 'body_fat_pct', value: 22.3, unit: '%', measured_at: first, source: 'garmin' },
      { metric: 'weight', value: 76.09, unit: 'kg', measured_at: second, source: 'garmin' },
      { metric: 'body_fat_pct', value: 25.1, unit: '%', measured_at: second, source: 'garmin' },
    ]);
    expect(ok(out[4]).measurements).toEqual({ inserted: 0, updated: 0, skipped: 4 });
  });

  test('activity-unexpected-eof.fit gives a clear error and writes nothing', async () => {
    expect(failed(out[5]).message).toMatch(/^FIT file: ends unexpectedly/);
    expect(await activities(eofUser)).toHaveLength(0);
  });
});
