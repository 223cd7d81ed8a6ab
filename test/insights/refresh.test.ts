// The refresh (src/insights/refresh.ts): findings stored with every column, replaced rather than
// duplicated, a dismissed finding kept dismissed, findings that no longer hold removed, expiry
// from today, and one user's refresh never touching another's insights.
import { refreshUserInsights } from '../../src/insights/refresh';
import { asRequest, createUser, pgError, useTestDatabase } from '../helpers/db';
import { plantSleepAndHrv, TEST_INSIGHTS_CONFIG } from './fixtures';

const db = useTestDatabase();
let user: string;
let other: string;

// The pair's key (metrics in series order); metricA is whichever leads.
const KEY = 'corr:daily.hrv_rmssd_ms|sleep.total_sleep_minutes';

async function insightsOf(userId: string) {
  return asRequest(db.pool, { userId }, async (c) => (await c.query(`select *, valid_from::text as valid_from, valid_until::text as valid_until from vitalis.insights order by insight_key`)).rows);
}

beforeAll(async () => {
  user = await createUser(db.pool);
  other = await createUser(db.pool);
  await plantSleepAndHrv(db.pool, user, { days: 200, slope: 0.25, seed: 7 });
  await plantSleepAndHrv(db.pool, other, { days: 200, slope: 0.25, seed: 8 });
});

test('a refresh stores the planted correlation with every column filled', async () => {
  const outcome = await refreshUserInsights(db.pool, TEST_INSIGHTS_CONFIG, user);
  expect(outcome.correlations).toBeGreaterThanOrEqual(1);
  const rows = await insightsOf(user);
  const found = rows.find((r) => r.insight_key === KEY);
  const { rows: [today] } = await db.pool.query(`select ((now() at time zone 'UTC')::date)::text as d, ((now() at time zone 'UTC')::date + 7)::text as until`);
  expect(found).toMatchObject({
    user_id: user,
    insight_type: 'correlation',
    metric_a: 'sleep.total_sleep_minutes',
    metric_b: 'daily.hrv_rmssd_ms',
    lag_days: 1,
    data_points: 199,
    tests_run: outcome.testsRun,
    is_dismissed: false,
    valid_from: today.d,
    valid_until: today.until,
  });
  expect(found.title).toMatch(/sleep duration/i);
  expect(found.body).toMatch(/199/);
  expect(Number(found.correlation_r)).toBeGreaterThan(0.4);
  expect(Number(found.spearman_rho)).toBeGreaterThan(0.4);
  expect(Number(found.effect_size)).toBeCloseTo(Number(found.spearman_rho), 2);
  expect(Number(found.p_value)).toBeLessThan(0.001);
  expect(Number(found.p_adjusted)).toBeGreaterThanOrEqual(Number(found.p_value));
  expect(Number(found.p_adjusted)).toBeLessThanOrEqual(0.05);
  expect(Number(found.ci_low)).toBeLessThan(Number(found.spearman_rho));
  expect(Number(found.ci_high)).toBeGreaterThan(Number(found.spearman_rho));
  expect(found.method).toMatch(/Spearman/);
  expect(found.details).toMatchObject({ labelA: 'sleep duration', labelB: 'HRV', unitB: 'ms' });
  expect(found.details.nEffective).toBeGreaterThan(30);
  // Pairs within a family (sleep duration and sleep score) are never tested.
  expect(rows.filter((r) => r.metric_a?.startsWith('sleep.') && r.metric_b?.startsWith('sleep.'))).toEqual([]);
});

test('a second refresh replaces the findings instead of adding to them', async () => {
  const before = await insightsOf(user);
  await refreshUserInsights(db.pool, TEST_INSIGHTS_CONFIG, user);
  const after = await insightsOf(user);
  expect(after.map((r) => r.insight_key)).toEqual(before.map((r) => r.insight_key));
  expect(after.map((r) => r.insight_id)).toEqual(before.map((r) => r.insight_id));
  const { rows } = await db.pool.query(`select insight_key, count(*)::int as n from vitalis.insights where user_id = $1 group by 1 having count(*) > 1`, [user]);
  expect(rows).toEqual([]);
});

test('a dismissed finding that is found again stays dismissed', async () => {
  const id = (await insightsOf(user)).find((r) => r.insight_key === KEY).insight_id;
  await asRequest(db.pool, { userId: user }, (c) => c.query('select vitalis.dismiss_insight($1)', [id]), true);
  await refreshUserInsights(db.pool, TEST_INSIGHTS_CONFIG, user);
  const again = (await insightsOf(user)).find((r) => r.insight_key === KEY);
  expect(again).toMatchObject({ insight_id: id, is_dismissed: true });
  expect(again.dismissed_at).not.toBeNull();
  await asRequest(db.pool, { userId: user }, (c) => c.query('select vitalis.dismiss_insight($1, false)', [id]), true);
});

test('a finding that no longer holds is removed; one the user dismissed is kept, still dismissed', async () => {
  const stale = await createUser(db.pool);
  await plantSleepAndHrv(db.pool, stale, { days: 200, slope: 0.25, seed: 9 });
  await refreshUserInsights(db.pool, TEST_INSIGHTS_CONFIG, stale);
  // A finding an earlier refresh stored, dismissed by the user, and another not dismissed: neither holds now.
  await db.pool.query(
    `insert into vitalis.insights (user_id, insight_key, insight_type, title, body, is_dismissed, dismissed_at) values
       ($1, 'corr:mood.mood_score|daily.steps', 'correlation', 'old', 'old', false, null),
       ($1, 'corr:mood.energy_score|daily.steps', 'correlation', 'old dismissed', 'old', true, now()),
       ($1, null, 'summary', 'a weekly summary', 'kept: not a kind the refresh makes', false, null)`,
    [stale],
  );
  const outcome = await refreshUserInsights(db.pool, TEST_INSIGHTS_CONFIG, stale);
  expect(outcome.removed).toBe(1);
  const keys = (await insightsOf(stale)).map((r) => r.insight_key ?? r.title);
  expect(keys).not.toContain('corr:mood.mood_score|daily.steps');
  expect(keys).toContain('corr:mood.energy_score|daily.steps');
  expect(keys).toContain('a weekly summary');
  expect(keys).toContain(KEY);
});

test('without a relationship nothing is stored, and earlier findings go', async () => {
  const flat = await createUser(db.pool);
  await plantSleepAndHrv(db.pool, flat, { days: 200, slope: 0, seed: 11 });
  await db.pool.query(`insert into vitalis.insights (user_id, insight_key, insight_type, title, body) values ($1, $2, 'correlation', 'old', 'old')`, [flat, KEY]);
  const outcome = await refreshUserInsights(db.pool, TEST_INSIGHTS_CONFIG, flat);
  expect(outcome.testsRun).toBeGreaterThan(0);
  expect(outcome.correlations).toBe(0);
  expect(await insightsOf(flat)).toEqual([]);
});

test('one user\'s refresh reads and writes only that user\'s rows', async () => {
  await db.pool.query(`insert into vitalis.insights (user_id, insight_key, insight_type, title, body) values ($1, 'corr:x|y', 'correlation', 'theirs', 'theirs')`, [other]);
  const otherBefore = await insightsOf(other);
  await refreshUserInsights(db.pool, TEST_INSIGHTS_CONFIG, user);
  expect(await insightsOf(other)).toEqual(otherBefore);
  // The other user's own refresh finds their own planted effect from their own 199 pairs.
  await refreshUserInsights(db.pool, TEST_INSIGHTS_CONFIG, other);
  const theirs = await insightsOf(other);
  expect(theirs.find((r) => r.insight_key === KEY)?.data_points).toBe(199);
  expect(theirs.every((r) => r.user_id === other)).toBe(true);
});

test('clients cannot write the new columns: only dismissing goes through', async () => {
  await asRequest(db.pool, { userId: user }, async (c) => {
    expect((await pgError(c, () => c.query(`update vitalis.insights set p_adjusted = 0.5, insight_key = 'mine'`)))?.code).toBe('42501');
    expect((await pgError(c, () => c.query(`insert into vitalis.insights (title, body, insight_key) values ('x', 'y', 'corr:a|b')`)))?.code).toBe('42501');
  });
});
