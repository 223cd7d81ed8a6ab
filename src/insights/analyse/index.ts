// The analysis of one user's daily series: lagged correlations between every testable pair and
// before/after comparisons around interventions, all corrected for the autocorrelation of daily
// data and held to one Benjamini-Hochberg false discovery rate. Pure and deterministic: the same
// input gives the same findings in the same order (the insights refresh stores them; the
// simulation in bench/insights proves the error rates).
//
// Lags run both ways (-maxLag..maxLag: each series leading the other). What a user is shown is a
// pair, so the pair is the hypothesis: its lag tests are combined by Simes' test into one p (valid
// for the positively dependent tests of neighbouring lags), and BH runs over those pair p-values
// and every before/after test. Adjusting each lag test on its own controls the rate over lag
// tests, not over the pairs reported (a real association lights up several neighbouring lags and
// inflates the count of discoveries that the false ones are measured against); the simulation
// measures both (AnalysisTuning.family). A finding reports the pair's lag with the smallest p.
import { benjaminiHochberg, correlationInterval, lag1Autocorrelation, simesCombination } from '../../stats';
import { correlationTests, type CorrelationTest } from './correlations';
import { toGrid } from './grid';
import { interventionTests } from './interventions';
import { correlationText, interventionText } from './text';
import type { AnalysisOptions, AnalysisResult, CorrelationFinding, DailySeries, Intervention, InterventionFinding } from './types';

export type * from './types';

/** Switches for the simulation's ablations; production uses the defaults. */
export interface AnalysisTuning {
  /** Effective n from lag-1 autocorrelation (default true); false treats days as independent. */
  autocorrelation: boolean;
  /**
   * What one Benjamini-Hochberg hypothesis is: `pair` (default) combines a pair's lags with
   * Simes' test so the false discovery rate holds for the pairs reported; `test` adjusts every
   * lag separately, which controls the rate over lag tests but not over reported pairs.
   */
  family: 'pair' | 'test';
}

const DEFAULT_TUNING: AnalysisTuning = { autocorrelation: true, family: 'pair' };

function validate(options: AnalysisOptions): void {
  const integer = (name: keyof AnalysisOptions, min: number) => {
    const v = options[name];
    if (!Number.isInteger(v) || v < min) throw new Error(`${name}: must be an integer >= ${min} (got ${v})`);
  };
  integer('minPairedDays', 4);
  integer('maxLag', 0);
  integer('interventionWindowDays', 2);
  integer('minInterventionDays', 2);
  if (!(options.fdr > 0 && options.fdr < 1)) throw new Error(`fdr: must be between 0 and 1 (got ${options.fdr})`);
}

function pairKey(test: CorrelationTest): string {
  return `corr:${test.a.metric}|${test.b.metric}`;
}

/** Smaller p first, then the shorter lag, then B following A: one winner per pair, always the same. */
function better(x: CorrelationTest, y: CorrelationTest): boolean {
  if (x.pValue !== y.pValue) return x.pValue < y.pValue;
  if (Math.abs(x.lag) !== Math.abs(y.lag)) return Math.abs(x.lag) < Math.abs(y.lag);
  return x.lag > y.lag;
}

export function analyse(series: DailySeries[], interventions: Intervention[], options: AnalysisOptions, tuning: Partial<AnalysisTuning> = {}): AnalysisResult {
  validate(options);
  const { autocorrelation, family } = { ...DEFAULT_TUNING, ...tuning };
  const seen = new Set<string>();
  for (const s of series) {
    if (seen.has(s.metric)) throw new Error(`series: metric "${s.metric}" appears twice`);
    seen.add(s.metric);
  }
  const grid = toGrid(series);
  const r1 = new Map(series.map((s) => [s.metric, autocorrelation ? lag1Autocorrelation(grid.columns.get(s.metric) as Float64Array) : 0]));
  const correlations = correlationTests(series, grid, r1, options);
  const beforeAfter = interventionTests(series, interventions, grid, options, autocorrelation);

  // Group each pair's lag tests; the pair's best lag is what a finding reports.
  const pairs = new Map<string, CorrelationTest[]>();
  for (const test of correlations) {
    const key = pairKey(test);
    const group = pairs.get(key);
    if (group) group.push(test);
    else pairs.set(key, [test]);
  }

  // One BH family: the correlation hypotheses (pairs or lag tests) and every before/after test.
  const hypotheses: { p: number; pair?: string; test?: CorrelationTest }[] =
    family === 'pair'
      ? [...pairs].map(([key, tests]) => ({ p: simesCombination(tests.map((t) => t.pValue)), pair: key }))
      : correlations.map((test) => ({ p: test.pValue, pair: pairKey(test), test }));
  const interventionStart = hypotheses.length;
  for (const test of beforeAfter) hypotheses.push({ p: test.pValue });
  const adjusted = benjaminiHochberg(hypotheses.map((h) => h.p));
  const testsRun = hypotheses.length;

  // Per pair: the adjusted p of its hypothesis, and the lag that carries it.
  const winners = new Map<string, { test: CorrelationTest; pAdjusted: number }>();
  for (let i = 0; i < interventionStart; i++) {
    const h = hypotheses[i] as { pair: string; test?: CorrelationTest };
    const pAdjusted = adjusted[i] as number;
    const candidate = h.test ?? (pairs.get(h.pair) as CorrelationTest[]).reduce((best, t) => (better(t, best) ? t : best));
    const current = winners.get(h.pair);
    if (!current || pAdjusted < current.pAdjusted || (pAdjusted === current.pAdjusted && better(candidate, current.test))) winners.set(h.pair, { test: candidate, pAdjusted });
  }

  const correlationFindings: CorrelationFinding[] = [];
  for (const [key, { test, pAdjusted }] of winners) {
    if (pAdjusted > options.fdr) continue;
    // Report the leading series as A, so lagDays (B's day minus A's) is never negative.
    const [lead, follow] = test.lag >= 0 ? [test.a, test.b] : [test.b, test.a];
    const ci = correlationInterval(test.spearmanRho, test.nEffective);
    const finding = {
      kind: 'correlation' as const,
      key,
      metricA: lead.metric,
      metricB: follow.metric,
      lagDays: Math.abs(test.lag),
      n: test.n,
      nEffective: test.nEffective,
      pearsonR: test.pearsonR,
      spearmanRho: test.spearmanRho,
      pValue: test.pValue,
      pAdjusted,
      ciLow: ci.low,
      ciHigh: ci.high,
    };
    correlationFindings.push({ ...finding, ...correlationText(lead, follow, finding, testsRun) });
  }
  correlationFindings.sort((x, y) => x.pAdjusted - y.pAdjusted || Math.abs(y.spearmanRho) - Math.abs(x.spearmanRho) || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));

  const interventionFindings: InterventionFinding[] = [];
  beforeAfter.forEach((test, i) => {
    const pAdjusted = adjusted[interventionStart + i] as number;
    if (pAdjusted > options.fdr) return;
    interventionFindings.push({
      kind: 'intervention',
      key: `before_after:${test.intervention.key}|${test.series.metric}`,
      metric: test.series.metric,
      intervention: test.intervention.key,
      nBefore: test.nBefore,
      nAfter: test.nAfter,
      meanBefore: test.meanBefore,
      meanAfter: test.meanAfter,
      difference: test.difference,
      ciLow: test.ciLow,
      ciHigh: test.ciHigh,
      effectSize: test.effectSize,
      pValue: test.pValue,
      pAdjusted,
      method: test.method,
      ...interventionText(test, pAdjusted, testsRun),
    });
  });
  interventionFindings.sort((x, y) => x.pAdjusted - y.pAdjusted || Math.abs(y.effectSize) - Math.abs(x.effectSize) || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));

  return { testsRun, correlations: correlationFindings, interventions: interventionFindings };
}
