// The insights statistics phase (issue 14, item 3): the simulation of bench/insights at scale,
// BENCH_INSIGHTS_STATS_USERS synthetic users (200; smoke 10) at 90 and at 365 days of data, each
// analysed by the real analyse(). Reports the false discovery proportion and the recall of planted
// effects for correlations and before/after comparisons, for the production settings and for two
// ablations: without the autocorrelation correction (days treated as independent), and with
// Benjamini-Hochberg over every lag test instead of over pairs. Pure computation: no database.
// BENCH_INSIGHTS_STATS=0 skips the phase.
import { runSimulation, type SimulationSummary } from '../insights/simulation';
import type { AnalysisTuning } from '../../src/insights/analyse';

export interface InsightsStatisticsBenchOptions {
  users: number;
  days: number[];
  seed: string;
}

export interface InsightsStatisticsRun {
  variant: 'production' | 'no autocorrelation correction' | 'BH over lag tests';
  summary: SimulationSummary;
}

export interface InsightsStatisticsBenchResult {
  options: InsightsStatisticsBenchOptions;
  runs: InsightsStatisticsRun[];
  seconds: number;
}

const VARIANTS: readonly [InsightsStatisticsRun['variant'], Partial<AnalysisTuning>][] = [
  ['production', {}],
  ['no autocorrelation correction', { autocorrelation: false }],
  ['BH over lag tests', { family: 'test' }],
];

export function insightsStatisticsBenchOptions(env: NodeJS.ProcessEnv, smoke: boolean): InsightsStatisticsBenchOptions {
  const users = Number(env.BENCH_INSIGHTS_STATS_USERS ?? (smoke ? 10 : 200));
  if (!(Number.isInteger(users) && users >= 1 && users <= 100_000)) throw new Error(`BENCH_INSIGHTS_STATS_USERS must be an integer in [1, 100000], got "${env.BENCH_INSIGHTS_STATS_USERS}"`);
  return { users, days: [90, 365], seed: `${env.BENCH_SEED || 'vitalis'}/insights-statistics` };
}

export function runInsightsStatisticsBench(options: InsightsStatisticsBenchOptions, log: (message: string) => void): InsightsStatisticsBenchResult {
  const t0 = Date.now();
  const runs: InsightsStatisticsRun[] = [];
  for (const days of options.days) {
    for (const [variant, tuning] of VARIANTS) {
      log(`insights statistics: ${options.users} synthetic users x ${days} days, ${variant}`);
      runs.push({ variant, summary: runSimulation({ users: options.users, days, seed: options.seed, tuning }) });
    }
  }
  return { options, runs, seconds: Math.round((Date.now() - t0) / 100) / 10 };
}

const percent = (x: number) => `${(100 * x).toFixed(1)} %`;

export function formatInsightsStatisticsReport(r: InsightsStatisticsBenchResult): string {
  const lines = [`Insights statistics (${r.options.users} synthetic users per length, ${r.seconds} s): false discovery proportion (mean over users; pooled) and recall of planted effects`];
  for (const { variant, summary: s } of r.runs) {
    const c = s.correlations;
    const i = s.interventions;
    lines.push(
      `  ${String(s.days).padStart(3)} days  ${variant.padEnd(30)} ${Math.round(s.testsRunMean)} tests/user | correlations FDP ${percent(c.fdpMean)} (${percent(c.fdpPooled)}), ` +
        `recall ${percent(c.recall)} (${c.found}/${c.planted}), right lag ${percent(c.lagRightShare)} | before/after FDP ${percent(i.fdpMean)} (${percent(i.fdpPooled)}), recall ${percent(i.recall)} (${i.found}/${i.planted})`,
    );
  }
  return lines.join('\n');
}

// The phase alone, without a database: `npx tsx bench/phases/insightsStatistics.ts` (same variables).
if (require.main === module) {
  const t0 = Date.now();
  const result = runInsightsStatisticsBench(insightsStatisticsBenchOptions(process.env, process.env.BENCH_SMOKE === '1'), (m) => process.stderr.write(`[insights ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}\n`));
  process.stdout.write(`${formatInsightsStatisticsReport(result)}\n\n${JSON.stringify(result, null, 2)}\n`);
}
