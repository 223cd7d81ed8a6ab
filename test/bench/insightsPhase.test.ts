// The nightly insights refresh benchmark phase in smoke mode (three users, 90 days) against this
// file's test database: the nightly queue finds every user, every user is refreshed at both
// concurrencies, and every figure the report names is there. Timings are never asserted.
import { formatInsightsReport, insightsBenchOptions, runInsightsBench, type InsightsBenchResult } from '../../bench/phases/insightsRefresh';
import { useTestDatabase } from '../helpers/db';

const db = useTestDatabase({ ignoreIdleClientErrors: true });
let result: InsightsBenchResult;

beforeAll(async () => {
  result = await runInsightsBench(db.url, insightsBenchOptions({}, true), () => {});
}, 120_000);

test('options: 1,000 users x 2 years by default, three users x 90 days when smoke, sizes checked', () => {
  expect(insightsBenchOptions({}, false)).toMatchObject({ users: 1000, days: 730, targetUsers: 100_000, nightHours: 6 });
  expect(insightsBenchOptions({ BENCH_INSIGHTS_USERS: '50', BENCH_INSIGHTS_YEARS: '1' }, false)).toMatchObject({ users: 50, days: 365 });
  expect(insightsBenchOptions({}, true)).toMatchObject({ users: 3, days: 90 });
  expect(() => insightsBenchOptions({ BENCH_INSIGHTS_USERS: '0' }, false)).toThrow(/BENCH_INSIGHTS_USERS/);
});

test('the users have the data the phase promises and the nightly run queues each of them', () => {
  for (const table of ['wearable_daily', 'wearable_sleep', 'mood_journal', 'supplements', 'supplement_logs']) {
    expect({ table, some: result.data.rows[table]! > 0 }).toEqual({ table, some: true });
  }
  expect(result.queue.queued).toBe(3);
  expect(result.findings.seriesMean).toBeGreaterThan(5);
  expect(result.findings.testsRunMean).toBeGreaterThan(10);
});

test('both runs refresh every user and report seconds per user and the 100K-user night', () => {
  expect(result.runs.map((r) => [r.concurrency, r.users])).toEqual([[1, 3], [2, 3]]);
  for (const run of result.runs) {
    expect(run.secondsPerUser).toBeGreaterThan(0);
    expect(run.perUserMs.n).toBe(3);
    expect(run.hoursForTarget).toBeCloseTo((run.secondsPerUser * 100_000) / 3600, 1);
    expect(run.fitsNight).toBe(run.hoursForTarget <= 6);
  }
  expect(formatInsightsReport(result)).toMatch(/Insights nightly refresh: 3 users x 90 days/);
});
