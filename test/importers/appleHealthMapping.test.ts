import fc from 'fast-check';
import { AppleHealthAggregator } from '../../src/importers/appleHealth/aggregate';
import { ObservedOffsets } from '../../src/importers/appleHealth/offsets';
import { mergeHourly, addHourly } from '../../src/importers/appleHealth/hourly';
import { Ledger } from '../../src/importers/appleHealth/ledger';
import { SleepAggregator, sleepStage } from '../../src/importers/appleHealth/sleep';
import { rankOf, SourceRanks } from '../../src/importers/appleHealth/sources';
import { Tally } from '../../src/importers/appleHealth/tally';
import { localDateAt, parseAppleTime } from '../../src/importers/appleHealth/time';
import { fractionToPct, toCelsius, toKcal, toMetres } from '../../src/importers/appleHealth/units';
import { appleActivityType } from '../../src/importers/appleHealth/workouts';

test('Apple dates: the local date is the one written, the instant applies the offset', () => {
  expect(parseAppleTime('2024-01-02 07:10:00 +0100')).toEqual({ ms: Date.parse('2024-01-02T06:10:00Z'), localDate: '2024-01-02', offsetMin: 60, localHour: 7 });
  // West of UTC late in the evening: still the 1st locally, already the 2nd in UTC.
  expect(parseAppleTime('2024-01-01 22:30:00 -0500')).toMatchObject({ ms: Date.parse('2024-01-02T03:30:00Z'), localDate: '2024-01-01', offsetMin: -300 });
  expect(parseAppleTime('2024-03-31 03:20:00 +0530')?.offsetMin).toBe(330);
  expect(parseAppleTime('2024-01-02T07:10:00Z')).toBeUndefined();
  expect(parseAppleTime(undefined)).toBeUndefined();
  expect(localDateAt(Date.parse('2024-03-30T23:30:00Z'), 120)).toBe('2024-03-31');
});

test('units', () => {
  expect(toMetres(1, 'mi')).toBeCloseTo(1609.344);
  expect(toMetres(2, 'km')).toBe(2000);
  expect(toMetres(2, 'furlong')).toBeUndefined();
  expect(toKcal(4.184, 'kJ')).toBeCloseTo(1);
  expect(toKcal(100, 'Cal')).toBe(100);
  expect(fractionToPct(0.97, '%')).toBeCloseTo(97);
  expect(toCelsius(98.6, 'degF')).toBeCloseTo(37);
});

test('workout types: the enum value, indoor and open-water variants, unknown to other', () => {
  expect(appleActivityType('HKWorkoutActivityTypeRunning')).toBe('running');
  expect(appleActivityType('HKWorkoutActivityTypeRunning', [{ key: 'HKIndoorWorkout', value: '1' }])).toBe('treadmill_running');
  expect(appleActivityType('HKWorkoutActivityTypeSwimming', [{ key: 'HKSwimmingLocationType', value: '2' }])).toBe('open_water_swimming');
  expect(appleActivityType('HKWorkoutActivityTypeTraditionalStrengthTraining')).toBe('strength_training');
  expect(appleActivityType('HKWorkoutActivityTypeHighIntensityIntervalTraining')).toBe('hiit');
  expect(appleActivityType('HKWorkoutActivityTypeUnderwaterDiving')).toBe('other');
  expect(appleActivityType(undefined)).toBe('other');
});

test('source ranking: Watch, then iPhone, then apps', () => {
  expect(rankOf('Jane’s Apple Watch', undefined)).toBe(0);
  expect(rankOf('Series 9', '<<HKDevice: 0x1>, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch7,1>')).toBe(0);
  expect(rankOf('Jane’s iPhone', undefined)).toBe(1);
  expect(rankOf('Withings', undefined)).toBe(2);
});

test('hourly merge takes each hour from the best source that has it', () => {
  let watch = addHourly(undefined, 9, 1000);
  watch = addHourly(watch, 10, 500);
  let phone = addHourly(undefined, 9, 1200);
  phone = addHourly(phone, 14, 300);
  const both = mergeHourly([['watch', watch], ['phone', phone]])!;
  expect(both).toMatchObject({ total: 1800, used: ['watch', 'phone'] });
  // Which source each hour was taken from: the accounting counts the iPhone's 09:00 record as an overlap.
  expect(both.winners.flatMap((w, hour) => (w ? [[hour, w]] : []))).toEqual([[9, 'watch'], [10, 'watch'], [14, 'phone']]);
  expect(watch.records[9]).toBe(1);
  expect(mergeHourly([['watch', undefined], ['phone', phone]])).toMatchObject({ total: 1500, used: ['phone'] });
  expect(mergeHourly([['watch', undefined]])).toBeUndefined();
});

describe('naps and nights', () => {
  const CORE = sleepStage('HKCategoryValueSleepAnalysisAsleepCore')!;
  const IN_BED = sleepStage('HKCategoryValueSleepAnalysisInBed')!;
  /** Periods of one source at UTC+2, given as local "HH:MM" on a date; returns the rows and the ledger's sleep account. */
  function periods(list: [date: string, from: string, to: string, stage?: number][]) {
    const agg = new SleepAggregator();
    const at = (date: string, hm: string) => Date.parse(`${date}T${hm}:00+02:00`);
    for (const [date, from, to, stage] of list) {
      const start = at(date, from);
      let end = at(date, to);
      if (end <= start) end += 86_400_000;
      agg.add('Watch', stage ?? CORE, start, end, 120, 120, undefined);
    }
    const ledger = new Ledger();
    const rows = agg.rows(new SourceRanks(), new Tally(), ledger);
    return { rows, account: ledger.list()[0] };
  }

  test('a short daytime period alone is a nap: a row with the nap columns and no night', () => {
    const { rows, account } = periods([['2024-06-01', '13:00', '14:30']]);
    expect(rows).toEqual([{ sleep_date: '2024-06-01', source: 'apple_health', nap_minutes: 90, nap_count: 1, raw_data: expect.objectContaining({ naps: [expect.objectContaining({ minutes: 90 })] }) }]);
    expect(account).toMatchObject({ read: 0, used: 1, rows: { wearable_sleep: 1 } });
  });

  test('a short sleep at night, a long one by day, or one past 21:00 is the night', () => {
    for (const [from, to] of [['03:00', '05:30'], ['09:00', '15:00'], ['19:00', '21:30']] as const) {
      const { rows } = periods([['2024-06-01', from, to]]);
      expect(rows).toEqual([expect.objectContaining({ sleep_start: expect.any(String), nap_minutes: 0, nap_count: 0 })]);
    }
  });

  test('the night is the longest non-nap period; naps are the other periods with sleep in them, in-bed-only periods are not naps', () => {
    const { rows, account } = periods([
      ['2024-06-01', '23:00', '06:30'],
      ['2024-06-02', '10:00', '10:20'],
      ['2024-06-02', '13:00', '13:45'],
      ['2024-06-02', '16:00', '16:30', IN_BED],
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ sleep_date: '2024-06-02', total_sleep_minutes: 450, nap_minutes: 65, nap_count: 2 });
    expect((rows[0]!.raw_data as { naps: { minutes: number }[] }).naps.map((n) => n.minutes)).toEqual([20, 45]);
    expect(account).toMatchObject({ used: 3, skipped: [{ reason: expect.stringMatching(/^in bed or awake only, outside the night/), count: 1 }] });
  });
});

test('the aggregation reads the same whatever the order of the records (its last-date, last-source, last-account and last-hour shortcuts)', () => {
  // The importer remembers the last date and source (DailyAggregator), the last ledger account,
  // the last best-ranked source and the last hour of offsets: records in export order (grouped by
  // type, in time order) and the same records shuffled must give the same rows and accounts.
  const types = ['StepCount', 'HeartRate', 'ActiveEnergyBurned', 'RestingHeartRate', 'DistanceWalkingRunning', 'BodyMass', 'Unmapped'].map((t) => `HKQuantityTypeIdentifier${t}`);
  const sources = ['Jane’s Apple Watch', 'Jane’s iPhone', 'Scale'];
  const record = fc.record({ type: fc.constantFrom(...types), source: fc.constantFrom(...sources), day: fc.integer({ min: 1, max: 3 }), hour: fc.integer({ min: 0, max: 23 }), value: fc.integer({ min: 1, max: 200 }), unit: fc.constantFrom('count', 'count/min', 'kcal', 'km', 'kg', 'furlong') });
  const attrs = (r: { type: string; source: string; day: number; hour: number; value: number; unit: string }, i: number) => {
    const at = `2024-03-0${r.day} ${String(r.hour).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} +0100`;
    return { type: r.type, sourceName: r.source, unit: r.unit, value: String(r.value), startDate: at, endDate: at, creationDate: at };
  };
  const run = (list: Record<string, string>[]) => {
    const a = new AppleHealthAggregator();
    for (const r of list) a.record({ ...r });
    const rows = a.finish();
    const offsets = a.offsets.list().map((o) => o.offset_minutes);
    return { rows, elements: a.ledger.list(), measurements: a.pending.measurements.map((m) => JSON.stringify(m)).sort(), hours: a.offsets.size, offsets: [...new Set(offsets)].sort(), skipped: a.tally.skipped(), unmapped: a.tally.unmappedTypes() };
  };
  fc.assert(fc.property(fc.array(record, { maxLength: 120 }), fc.integer(), (records, seed) => {
    // Distinct instants, so no tie (the latest resting heart rate) depends on the order, and one
    // offset, so the first offset seen in an hour does not either.
    const list = records.map(attrs);
    const grouped = [...list].sort((x, y) => (x.type! < y.type! ? -1 : x.type! > y.type! ? 1 : x.startDate! < y.startDate! ? -1 : 1));
    const shuffled = [...list].sort((x, y) => ((Number(x.value) * 31 + seed) % 7) - ((Number(y.value) * 31 + seed) % 7) || (x.startDate! < y.startDate! ? 1 : -1));
    const expected = run(grouped);
    expect(run(shuffled)).toEqual(expected);
    expect(run(list)).toEqual(expected);
  }), { numRuns: 200 });
});

test('ObservedOffsets: the first offset seen in each UTC hour, however the hours come', () => {
  fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3599 }), fc.constantFrom(-300, 0, 60, 120)), { maxLength: 60 }), (list) => {
    const o = new ObservedOffsets();
    const first = new Map<number, { ms: number; offsetMin: number }>();
    for (const [hour, s, offsetMin] of list) {
      const ms = Date.UTC(2024, 2, 1, hour) + s * 1000;
      o.observe({ ms, offsetMin, localDate: '', localHour: 0 });
      if (!first.has(hour)) first.set(hour, { ms, offsetMin });
    }
    expect(o.list()).toEqual([...first.values()].sort((a, b) => a.ms - b.ms).map((f) => ({ local: new Date(f.ms + f.offsetMin * 60_000).toISOString().slice(0, 19), offset_minutes: f.offsetMin })));
  }), { numRuns: 300 });
});

test('SourceRanks: a source keeps its best rank whatever came before', () => {
  const r = new SourceRanks();
  r.note('Other', undefined);
  expect(r.rank('Other')).toBe(2);
  r.note('Other', '<<HKDevice>, model:Watch>');
  r.note('Other', undefined);
  r.note('Jane’s iPhone', undefined);
  r.note('Other', undefined);
  r.note('Jane’s iPhone', '<<HKDevice>, model:Watch>');
  expect([r.rank('Other'), r.rank('Jane’s iPhone'), r.rank('Unseen')]).toEqual([0, 0, 2]);
});
