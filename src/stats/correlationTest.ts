// Inference for a correlation coefficient at an effective sample size: the two-sided p-value from
// Student's t with n - 2 degrees of freedom, and the Fisher z interval. Both accept a fractional n
// (the effective n of autocorrelated series); the distributions come from @stdlib.
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/** t = r sqrt((n - 2) / (1 - r^2)), on n - 2 df under H0: correlation 0 (infinite at |r| = 1). */
export function correlationTStatistic(r: number, n: number): number {
  if (!(n > 2) || Number.isNaN(r)) return Number.NaN;
  if (Math.abs(r) >= 1) return Math.sign(r) * Infinity;
  return r * Math.sqrt((n - 2) / (1 - r * r));
}

/** Two-sided p for H0: correlation 0, from correlationTStatistic on n - 2 df. */
export function correlationPValue(r: number, n: number): number {
  const t = correlationTStatistic(r, n);
  if (Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return Math.min(1, 2 * tCdf(-Math.abs(t), n - 2));
}

/** Fisher z interval: tanh(atanh(r) -/+ z_(1-alpha/2) / sqrt(n - 3)); [-1, 1] when n <= 3. */
export function correlationInterval(r: number, n: number, level = 0.95): { low: number; high: number } {
  if (Number.isNaN(r)) return { low: Number.NaN, high: Number.NaN };
  if (!(n > 3)) return { low: -1, high: 1 };
  const z = Math.atanh(Math.max(-1 + 1e-15, Math.min(1 - 1e-15, r)));
  const half = normalQuantile(1 - (1 - level) / 2, 0, 1) / Math.sqrt(n - 3);
  return { low: Math.tanh(z - half), high: Math.tanh(z + half) };
}
