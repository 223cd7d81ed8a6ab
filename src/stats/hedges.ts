// Hedges' g: the difference of means (second minus first) over the pooled standard deviation,
// times the small-sample correction J = 1 - 3 / (4 (n1 + n2) - 9) (Hedges 1981). Uses the raw
// counts: it describes the size of the shift, not its uncertainty.
import { mean, sampleVariance } from 'simple-statistics';

export function hedgesG(first: readonly number[], second: readonly number[]): number {
  const n1 = first.length;
  const n2 = second.length;
  if (n1 < 2 || n2 < 2) return Number.NaN;
  const pooled = Math.sqrt(((n1 - 1) * sampleVariance(first as number[]) + (n2 - 1) * sampleVariance(second as number[])) / (n1 + n2 - 2));
  if (pooled === 0) return Number.NaN;
  const j = 1 - 3 / (4 * (n1 + n2) - 9);
  return ((mean(second as number[]) - mean(first as number[])) / pooled) * j;
}
