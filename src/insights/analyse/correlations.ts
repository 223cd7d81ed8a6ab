// The correlation tests of one run: every pair of series from different families (two yes/no
// series are not paired: a correlation between two binaries says little a reader can use), at
// every lag from -maxLag to +maxLag. Lag L pairs A on day d with B on day d + L; a negative lag is
// B leading A, so both directions are tested ("does poor sleep follow a hard workout" and "does a
// hard workout follow poor sleep" are different questions). Each test pairs only the days where
// both values exist and is skipped below minPairedDays or when either side is constant there.
//
// Most tests are far from significant, and the t distribution's CDF is the costliest step of a
// test. Student's t has heavier tails than the normal, so a |t| below the normal's 1 - fdr/2
// quantile has p > fdr at every df; such a test can neither be a finding nor help one (Simes'
// combination and Benjamini-Hochberg only ever lift a p above fdr further), so its p is recorded
// as 1 without computing it. No reported figure changes; a run costs about a third less.
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { averageRanksWithin, correlationPValue, correlationTStatistic, effectiveSampleSizeForCorrelation, pearson, sortedOrder } from '../../stats';
import type { DayGrid } from './grid';
import type { AnalysisOptions, DailySeries } from './types';

export interface CorrelationTest {
  /** The pair in canonical (metric-sorted) order: a is the first. */
  a: DailySeries;
  b: DailySeries;
  /** B's day minus A's day; negative when B leads. */
  lag: number;
  n: number;
  nEffective: number;
  pearsonR: number;
  spearmanRho: number;
  /** Exact when at most fdr; 1 stands for "certainly above fdr" (see above). */
  pValue: number;
}

export function testablePair(a: DailySeries, b: DailySeries): boolean {
  return a.family !== b.family && !(a.kind === 'binary' && b.kind === 'binary');
}

export function correlationTests(
  series: readonly DailySeries[],
  grid: DayGrid,
  autocorrelation: ReadonlyMap<string, number>,
  options: Pick<AnalysisOptions, 'maxLag' | 'minPairedDays' | 'fdr'>,
): CorrelationTest[] {
  const screen = normalQuantile(1 - options.fdr / 2, 0, 1);
  const sorted = [...series].sort((x, y) => (x.metric < y.metric ? -1 : x.metric > y.metric ? 1 : 0));
  const columns = sorted.map((s) => grid.columns.get(s.metric) as Float64Array);
  const orders = columns.map(sortedOrder);
  // Buffers reused by every test (thousands per run).
  const keepA = new Uint8Array(grid.length);
  const keepB = new Uint8Array(grid.length);
  const ranksA = new Float64Array(grid.length);
  const ranksB = new Float64Array(grid.length);
  const x = new Float64Array(grid.length);
  const y = new Float64Array(grid.length);
  const rx = new Float64Array(grid.length);
  const ry = new Float64Array(grid.length);
  const tests: CorrelationTest[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i] as DailySeries;
      const b = sorted[j] as DailySeries;
      if (!testablePair(a, b)) continue;
      const columnA = columns[i] as Float64Array;
      const columnB = columns[j] as Float64Array;
      for (let lag = -options.maxLag; lag <= options.maxLag; lag++) {
        // Day d of A pairs with day d + lag of B when both hold a value.
        keepA.fill(0);
        keepB.fill(0);
        let n = 0;
        for (let d = Math.max(0, -lag); d < grid.length && d + lag < grid.length; d++) {
          const va = columnA[d] as number;
          const vb = columnB[d + lag] as number;
          // NaN (a missing day) is the only value unequal to itself; inline, as this loop runs
          // millions of times per user (a call per day cost more than the rest of the test).
          if (va !== va || vb !== vb) continue;
          keepA[d] = 1;
          keepB[d + lag] = 1;
          n++;
        }
        if (n < options.minPairedDays) continue;
        averageRanksWithin(columnA, orders[i] as number[], keepA, ranksA);
        averageRanksWithin(columnB, orders[j] as number[], keepB, ranksB);
        for (let d = 0, k = 0; d < grid.length; d++) {
          if (keepA[d] !== 1) continue;
          x[k] = columnA[d] as number;
          y[k] = columnB[d + lag] as number;
          rx[k] = ranksA[d] as number;
          ry[k] = ranksB[d + lag] as number;
          k++;
        }
        const rho = pearson(rx, ry, n);
        const r = pearson(x, y, n);
        if (Number.isNaN(rho) || Number.isNaN(r)) continue;
        const nEffective = effectiveSampleSizeForCorrelation(n, autocorrelation.get(a.metric) ?? 0, autocorrelation.get(b.metric) ?? 0);
        const pValue = Math.abs(correlationTStatistic(rho, nEffective)) < screen ? 1 : correlationPValue(rho, nEffective);
        tests.push({ a, b, lag, n, nEffective, pearsonR: r, spearmanRho: rho, pValue });
      }
    }
  }
  return tests;
}
