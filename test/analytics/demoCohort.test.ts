import { seedDemo } from '../../seeds/demo';
import { seedBenchmarkCohort } from '../../seeds/benchmarkCohort';
import { asRequest, useTestDatabase } from '../helpers/db';

// The demo data shows the benchmarks working: the demo user's group has enough people to be
// published, and she gets her percentiles.

const db = useTestDatabase();

test('after the demo seed, the demo user sees her percentiles among women of 30-39', async () => {
  const { userId } = await seedDemo(db.url, 100);
  const { rows: groups } = await db.pool.query(`select sex, age_band, n from analytics.benchmark_daily_metrics where metric = 'steps' order by 1, 2`);
  // 12 cohort women and the demo user; 12 men; 12 women of 40-49; and the total.
  expect(groups).toEqual([
    { sex: 'all', age_band: 'all', n: 37 },
    { sex: 'female', age_band: '30-39', n: 13 },
    { sex: 'female', age_band: '40-49', n: 12 },
    { sex: 'male', age_band: '30-39', n: 12 },
  ]);
  const mine = await asRequest(db.pool, { userId }, async (c) =>
    (await c.query(`select kind, metric, sex, age_band, group_size, percentile, reason from vitalis.my_benchmark_percentiles()`)).rows);
  const published = mine.filter((r) => r.percentile !== null);
  expect(published.map((r) => r.metric)).toEqual(expect.arrayContaining(['steps', 'resting_hr_bpm', 'hrv_rmssd_ms', 'total_sleep_minutes', 'glucose']));
  expect(published.every((r) => r.sex === 'female' && r.age_band === '30-39' && r.group_size === 13)).toBe(true);
  // Ferritin and TSH: only the demo user has them, so there is no group to compare with.
  expect(mine.filter((r) => r.metric === 'ferritin').map((r) => r.reason)).toEqual([expect.stringMatching(/^fewer than 10 people of your group/)]);
  // Running it again adds nobody.
  expect(await seedBenchmarkCohort(db.url)).toBe(0);
});
