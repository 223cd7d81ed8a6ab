// The correlation tests of one run: every pair of series from different families (two yes/no
// series are not paired: a correlation between two binaries says little a reader can use), at
// every lag from -maxLag to +maxLag. Lag L pairs A on day d with B on day d + L; a negative lag is
// B leading A, so both directions are tested ("does poor sleep follow a hard workout" and "does a
// hard workout follow poor sleep" are different questions). Each test pairs only the days where
// both values exist and is skipped below minPairedDays or when either side is constant there.
import { correlationInterval, correlationPValue, effectiveSampleSizeForCorrelation, pearson, spearman } from '../../stats';
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
  pValue: number;
  ciLow: number;
  ciHigh: number;
}

export function testablePair(a: DailySeries, b: DailySeries): boolean {
  return a.family !== b.family && !(a.kind === 'binary' && b.kind === 'binary');
}

export function correlationTests(
  series: readonly DailySeries[],
  grid: DayGrid,
  autocorrelation: ReadonlyMap<string, number>,
  options: Pick<AnalysisOptions, 'maxLag' | 'minPairedDays'>,
): CorrelationTest[] {
  const sorted = [...series].sort((x, y) => (x.metric < y.metric ? -1 : x.metric > y.metric ? 1 : 0));
  const tests: CorrelationTest[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i] as DailySeries;
      const b = sorted[j] as DailySeries;
      if (!testablePair(a, b)) continue;
      const columnA = grid.columns.get(a.metric) as number[];
      const columnB = grid.columns.get(b.metric) as number[];
      for (let lag = -options.maxLag; lag <= options.maxLag; lag++) {
        const x: number[] = [];
        const y: number[] = [];
        for (let d = Math.max(0, -lag); d < grid.length && d + lag < grid.length; d++) {
          const va = columnA[d] as number;
          const vb = columnB[d + lag] as number;
          if (Number.isNaN(va) || Number.isNaN(vb)) continue;
          x.push(va);
          y.push(vb);
        }
        if (x.length < options.minPairedDays) continue;
        const rho = spearman(x, y);
        const r = pearson(x, y);
        if (Number.isNaN(rho) || Number.isNaN(r)) continue;
        const nEffective = effectiveSampleSizeForCorrelation(x.length, autocorrelation.get(a.metric) ?? 0, autocorrelation.get(b.metric) ?? 0);
        const ci = correlationInterval(rho, nEffective);
        tests.push({ a, b, lag, n: x.length, nEffective, pearsonR: r, spearmanRho: rho, pValue: correlationPValue(rho, nEffective), ciLow: ci.low, ciHigh: ci.high });
      }
    }
  }
  return tests;
}
