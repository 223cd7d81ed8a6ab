// Before/after tests around interventions: for each intervention and metric, the
// interventionWindowDays before the day against the same number after (the day itself left out:
// a supplement started that evening would blur it). Daily values are autocorrelated, so each
// side's n is replaced by its AR(1) effective n, n (1 - r1) / (1 + r1), with r1 the lag-1
// autocorrelation pooled over both windows (each centred on its own mean, so the shift being
// tested does not inflate it), then Welch's t-test with Welch-Satterthwaite df.
import { mean, sampleVariance } from 'simple-statistics';
import { effectiveSampleSizeAr1, hedgesG, lag1Autocorrelation, welchTest } from '../../stats';
import { dayNumber, type DayGrid } from './grid';
import type { AnalysisOptions, DailySeries, Intervention } from './types';

export const BEFORE_AFTER_METHOD = 'Welch t-test, AR(1)-adjusted n';
export const BEFORE_AFTER_METHOD_UNADJUSTED = 'Welch t-test';

export interface InterventionTest {
  intervention: Intervention;
  series: DailySeries;
  nBefore: number;
  nAfter: number;
  nEffectiveBefore: number;
  nEffectiveAfter: number;
  meanBefore: number;
  meanAfter: number;
  difference: number;
  ciLow: number;
  ciHigh: number;
  effectSize: number;
  pValue: number;
  method: string;
}

function window(column: readonly number[], from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i >= 0 && i < column.length ? (column[i] as number) : Number.NaN);
  return out;
}

export function interventionTests(
  series: readonly DailySeries[],
  interventions: readonly Intervention[],
  grid: DayGrid,
  options: Pick<AnalysisOptions, 'interventionWindowDays' | 'minInterventionDays'>,
  adjustForAutocorrelation: boolean,
): InterventionTest[] {
  const byMetric = new Map(series.map((s) => [s.metric, s]));
  const continuous = [...series].filter((s) => s.kind === 'continuous').sort((x, y) => (x.metric < y.metric ? -1 : 1));
  const tests: InterventionTest[] = [];
  for (const intervention of interventions) {
    const day = dayNumber(intervention.day) - grid.start;
    const metrics = intervention.metrics?.length ? intervention.metrics.flatMap((m) => byMetric.get(m) ?? []) : continuous;
    for (const s of metrics) {
      const column = grid.columns.get(s.metric) as number[];
      const beforeDays = window(column, day - options.interventionWindowDays, day - 1);
      const afterDays = window(column, day + 1, day + options.interventionWindowDays);
      const before = beforeDays.filter((v) => !Number.isNaN(v));
      const after = afterDays.filter((v) => !Number.isNaN(v));
      if (before.length < Math.max(2, options.minInterventionDays) || after.length < Math.max(2, options.minInterventionDays)) continue;
      const varianceBefore = sampleVariance(before);
      const varianceAfter = sampleVariance(after);
      // Constant on both sides: no spread to test a shift against (and no effect size); not a test.
      if (varianceBefore === 0 && varianceAfter === 0) continue;
      const r1 = adjustForAutocorrelation ? lag1Autocorrelation(beforeDays, afterDays) : 0;
      const nEffectiveBefore = effectiveSampleSizeAr1(before.length, r1);
      const nEffectiveAfter = effectiveSampleSizeAr1(after.length, r1);
      const meanBefore = mean(before);
      const meanAfter = mean(after);
      const welch = welchTest({ mean: meanBefore, variance: varianceBefore, n: nEffectiveBefore }, { mean: meanAfter, variance: varianceAfter, n: nEffectiveAfter });
      tests.push({
        intervention,
        series: s,
        nBefore: before.length,
        nAfter: after.length,
        nEffectiveBefore,
        nEffectiveAfter,
        meanBefore,
        meanAfter,
        difference: welch.difference,
        ciLow: welch.ciLow,
        ciHigh: welch.ciHigh,
        effectSize: hedgesG(before, after),
        pValue: welch.pValue,
        method: adjustForAutocorrelation ? BEFORE_AFTER_METHOD : BEFORE_AFTER_METHOD_UNADJUSTED,
      });
    }
  }
  return tests;
}
