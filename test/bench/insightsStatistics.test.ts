// The insights statistics bench phase at smoke scale: its options, that it runs every variant at
// both lengths, and that the summary prints the figures it measured.
import { formatInsightsStatisticsReport, insightsStatisticsBenchOptions, runInsightsStatisticsBench } from '../../bench/phases/insightsStatistics';

test('options: 200 users (10 in smoke mode), BENCH_INSIGHTS_STATS_USERS checked', () => {
  expect(insightsStatisticsBenchOptions({}, false)).toEqual({ users: 200, days: [90, 365], seed: 'vitalis/insights-statistics' });
  expect(insightsStatisticsBenchOptions({ BENCH_SEED: 's' }, true)).toMatchObject({ users: 10, seed: 's/insights-statistics' });
  expect(() => insightsStatisticsBenchOptions({ BENCH_INSIGHTS_STATS_USERS: '0' }, false)).toThrow('BENCH_INSIGHTS_STATS_USERS must be an integer in [1, 100000], got "0"');
});

test('runs production and both ablations at 90 and 365 days and reports FDP and recall', () => {
  const result = runInsightsStatisticsBench({ users: 3, days: [90, 365], seed: 'bench-test' }, () => {});
  expect(result.runs.map((r) => `${r.summary.days} ${r.variant}`)).toEqual([
    '90 production',
    '90 no autocorrelation correction',
    '90 BH over lag tests',
    '365 production',
    '365 no autocorrelation correction',
    '365 BH over lag tests',
  ]);
  const production365 = result.runs[3]!.summary;
  expect(production365.users).toBe(3);
  expect(production365.correlations.planted).toBe(12); // 4 planted pairs per user
  const report = formatInsightsStatisticsReport(result);
  expect(report).toContain(`correlations FDP ${(100 * production365.correlations.fdpMean).toFixed(1)} %`);
  expect(report).toContain(`recall ${(100 * production365.correlations.recall).toFixed(1)} % (${production365.correlations.found}/12)`);
});
