// The benchmark's data generator and COPY encoder: deterministic and physiologically plausible.
import { copyLine } from '../../bench/copy';
import { DAILY_COLUMNS, SLEEP_COLUMNS, ACTIVITY_COLUMNS, generateBloodwork, generateUsers, generateWearables, type MarkerDefinition } from '../../bench/generate';
import { Random } from '../../bench/random';
import { percentile, summarize } from '../../bench/stats';

const end = '2026-06-30';
const start = '2024-07-01';

test('the PRNG is deterministic per seed', () => {
  const a = new Random('x');
  const b = new Random('x');
  const c = new Random('y');
  const sa = Array.from({ length: 5 }, () => a.next());
  expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
  expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
  expect(new Random('x').uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const r = new Random('dist');
  const normals = Array.from({ length: 20000 }, () => r.normal(58, 7));
  const mean = normals.reduce((s, v) => s + v, 0) / normals.length;
  expect(mean).toBeGreaterThan(57.7);
  expect(mean).toBeLessThan(58.3);
  const gammas = Array.from({ length: 20000 }, () => r.gamma(5, 2));
  expect(gammas.reduce((s, v) => s + v, 0) / gammas.length).toBeCloseTo(10, 0);
});

test('users are deterministic, and a smaller run is a prefix of a larger one', () => {
  const small = generateUsers({ seed: 's', users: 3, endDate: end });
  const large = generateUsers({ seed: 's', users: 10, endDate: end });
  expect(large.slice(0, 3)).toEqual(small);
  expect(new Set(large.map((u) => u.userId)).size).toBe(10);
  expect(generateWearables(large[2]!, { seed: 's', startDate: start, endDate: end })).toEqual(
    generateWearables(small[2]!, { seed: 's', startDate: start, endDate: end }),
  );
  for (const u of large) {
    expect(u.dailySources.length).toBeGreaterThanOrEqual(2);
    expect(u.sleepSources.length).toBeGreaterThanOrEqual(1);
  }
});

test('wearable data is plausible and keyed uniquely', () => {
  const users = generateUsers({ seed: 'plausible', users: 12, endDate: end });
  const restingHr: number[] = [];
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok && problems.length < 20) problems.push(what);
  };
  let activities = 0;
  for (const user of users) {
    const data = generateWearables(user, { seed: 'plausible', startDate: start, endDate: end });
    check(new Set(data.daily.map((r) => `${r.date as string}/${r.source as string}`)).size === data.daily.length, 'daily key');
    check(new Set(data.sleep.map((r) => `${r.sleep_date as string}/${r.source as string}`)).size === data.sleep.length, 'sleep key');
    check(new Set(data.activities.map((r) => r.source_activity_id)).size === data.activities.length, 'activity key');
    activities += data.activities.length;
    for (const row of data.daily) {
      check(Object.keys(row).every((k) => (DAILY_COLUMNS as readonly string[]).includes(k)), `daily columns ${Object.keys(row).join()}`);
      check((row.date as string) >= start && (row.date as string) <= end, `daily date ${row.date as string}`);
      if (typeof row.resting_hr_bpm === 'number') restingHr.push(row.resting_hr_bpm);
      if (row.spo2_avg_pct !== undefined) check((row.spo2_avg_pct as number) >= 94 && (row.spo2_avg_pct as number) <= 99, `spo2 ${row.spo2_avg_pct as number}`);
      if (row.steps !== undefined) check((row.steps as number) >= 0, 'steps');
    }
    for (const row of data.sleep) {
      check(Object.keys(row).every((k) => (SLEEP_COLUMNS as readonly string[]).includes(k)), 'sleep columns');
      const total = row.total_sleep_minutes as number;
      check(total >= 360 && total <= 540, `sleep ${total}`);
      check((row.deep_minutes as number) + (row.rem_minutes as number) + (row.light_minutes as number) === total, 'stages add up');
      check(Date.parse(row.sleep_end as string) > Date.parse(row.sleep_start as string), 'sleep end after start');
    }
    for (const row of data.activities) {
      check(Object.keys(row).every((k) => (ACTIVITY_COLUMNS as readonly string[]).includes(k)), 'activity columns');
      const zones = [1, 2, 3, 4, 5].reduce((s, z) => s + (row[`hr_zone_${z}_seconds`] as number), 0);
      check(zones === row.duration_seconds, 'zones add up to the duration');
    }
  }
  expect(problems).toEqual([]);
  const s = summarize(restingHr);
  expect(s.meanMs).toBeGreaterThan(50);
  expect(s.meanMs).toBeLessThan(66);
  const weeks = (Date.parse(end) - Date.parse(start)) / (7 * 86_400_000);
  const perWeek = activities / users.length / weeks;
  expect(perWeek).toBeGreaterThan(3);
  expect(perWeek).toBeLessThan(5);
});

test('blood panels come every 3-6 months with one result per marker', () => {
  const markers: MarkerDefinition[] = Array.from({ length: 50 }, (_, i) => ({
    biomarkerId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    canonicalName: `m${i}`, displayName: `Marker ${i}`, subcategory: null, unit: 'mg/dL',
    normalLow: i % 3 === 0 ? null : 10, normalHigh: i % 4 === 0 ? null : 100,
  }));
  const [user] = generateUsers({ seed: 'b', users: 1, endDate: end });
  const blood = generateBloodwork(user!, markers, { seed: 'b', startDate: start, endDate: end, markersPerPanel: 40 });
  expect(blood.panels.length).toBeGreaterThanOrEqual(4);
  expect(blood.panels.length).toBeLessThanOrEqual(9);
  expect(blood.markers).toHaveLength(blood.panels.length * 40);
  for (const panel of blood.panels) {
    const ids = blood.markers.filter((m) => m.panel_id === panel.panel_id).map((m) => m.biomarker_id);
    expect(new Set(ids).size).toBe(ids.length);
  }
  expect(blood.markers.every((m) => (m.value_numeric as number) > 0)).toBe(true);
  expect(blood.coreMarkerIds.length).toBe(36);
});

test('COPY lines escape text and JSON', () => {
  const line = copyLine(['u1'], { a: 'tab\there', b: null, c: { note: 'back\\slash\nline' }, d: true, e: 1.5 }, ['a', 'b', 'c', 'd', 'e', 'missing']);
  expect(line).toBe('u1\ttab\\there\t\\N\t{"note":"back\\\\\\\\slash\\\\nline"}\tt\t1.5\t\\N\n');
});

test('percentiles use the nearest rank', () => {
  const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
  expect(percentile(sorted, 0.5)).toBe(50);
  expect(percentile(sorted, 0.99)).toBe(99);
  expect(percentile([7], 0.99)).toBe(7);
});
