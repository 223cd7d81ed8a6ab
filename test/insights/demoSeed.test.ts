// The demo seed has enough history for insights to appear: a refresh finds the planted
// relationships (HRV follows the previous night's sleep; deep sleep rose after magnesium was
// started), and a second refresh replaces them rather than adding copies.
import { DEMO_MAGNESIUM_DAYS, seedDemo } from '../../seeds/demo';
import { refreshUserInsights } from '../../src/insights/refresh';
import { asRequest, useTestDatabase } from '../helpers/db';
import { TEST_INSIGHTS_CONFIG } from './fixtures';

const db = useTestDatabase();
let userId: string;

const insights = () =>
  asRequest(db.pool, { userId }, async (c) => (await c.query(`select * from vitalis.insights order by insight_key`)).rows);

beforeAll(async () => {
  ({ userId } = await seedDemo(db.url));
});

test('after seeding, a refresh finds the planted correlation and the before/after change', async () => {
  const outcome = await refreshUserInsights(db.pool, TEST_INSIGHTS_CONFIG, userId);
  expect(outcome.correlations).toBeGreaterThanOrEqual(1);
  const rows = await insights();
  const sleepHrv = rows.find((r) => r.insight_key === 'corr:daily.hrv_rmssd_ms|sleep.total_sleep_minutes');
  expect(sleepHrv).toMatchObject({ insight_type: 'correlation', metric_a: 'sleep.total_sleep_minutes', metric_b: 'daily.hrv_rmssd_ms', lag_days: 1 });
  expect(Number(sleepHrv.correlation_r)).toBeGreaterThan(0.3);
  expect(sleepHrv.data_points).toBeGreaterThan(300);

  const { rows: [magnesium] } = await asRequest(db.pool, { userId }, (c) => c.query(`select supplement_id from vitalis.supplements`));
  const deepSleep = rows.find((r) => r.insight_key === `before_after:supplement_start:${magnesium.supplement_id}|sleep.deep_minutes`);
  expect(deepSleep).toMatchObject({ insight_type: 'trend', metric_a: 'sleep.deep_minutes', metric_b: `supplement_start:${magnesium.supplement_id}`, correlation_r: null, lag_days: null });
  expect(deepSleep.title).toMatch(/deep sleep was higher after you started Magnesium glycinate/i);
  expect(Number(deepSleep.effect_size)).toBeGreaterThan(0.3);
  expect(Number(deepSleep.ci_low)).toBeGreaterThan(0);
  expect(Number(deepSleep.p_adjusted)).toBeLessThanOrEqual(0.05);
  expect(deepSleep.details).toMatchObject({ unit: 'min', intervention: { kind: 'supplement_start', label: 'Magnesium glycinate' } });
  expect(deepSleep.details.meanAfter).toBeGreaterThan(deepSleep.details.meanBefore);
  expect(DEMO_MAGNESIUM_DAYS).toBeGreaterThan(28);
  // Every finding carries the analysis' context.
  for (const r of rows) {
    expect(r).toMatchObject({ tests_run: outcome.testsRun, valid_from: expect.anything(), valid_until: expect.anything() });
    expect(r.method).toEqual(expect.any(String));
    expect(r.p_adjusted).not.toBeNull();
  }
});

test('a second refresh leaves the same insights, no duplicates', async () => {
  const first = await insights();
  await refreshUserInsights(db.pool, TEST_INSIGHTS_CONFIG, userId);
  const second = await insights();
  expect(second.map((r) => [r.insight_id, r.insight_key])).toEqual(first.map((r) => [r.insight_id, r.insight_key]));
  expect(new Set(second.map((r) => r.insight_key)).size).toBe(second.length);
});
