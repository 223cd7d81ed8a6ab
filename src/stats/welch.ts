// Welch's two-sample t-test on summaries whose n may be an effective n (e.g. AR(1)-adjusted for
// autocorrelated daily data): standard error sqrt(s1^2/n1 + s2^2/n2), Welch-Satterthwaite degrees
// of freedom, the two-sided p and the interval for the difference (second minus first) from
// Student's t (@stdlib).
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface GroupSummary {
  mean: number;
  /** Sample variance (n - 1 denominator). */
  variance: number;
  /** The n the test uses: the observation count, or an effective n below it. */
  n: number;
}

export interface WelchResult {
  /** second.mean - first.mean */
  difference: number;
  standardError: number;
  t: number;
  df: number;
  pValue: number;
  ciLow: number;
  ciHigh: number;
}

export function welchTest(first: GroupSummary, second: GroupSummary, level = 0.95): WelchResult {
  if (!(first.n >= 2 && second.n >= 2)) throw new Error('welchTest: each group needs n >= 2');
  const v1 = first.variance / first.n;
  const v2 = second.variance / second.n;
  const difference = second.mean - first.mean;
  const standardError = Math.sqrt(v1 + v2);
  if (standardError === 0) {
    // Both groups constant: no spread to test against.
    const p = difference === 0 ? 1 : 0;
    return { difference, standardError, t: difference === 0 ? 0 : Math.sign(difference) * Infinity, df: first.n + second.n - 2, pValue: p, ciLow: difference, ciHigh: difference };
  }
  const df = (v1 + v2) ** 2 / (v1 ** 2 / (first.n - 1) + v2 ** 2 / (second.n - 1));
  const t = difference / standardError;
  const pValue = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  const half = tQuantile(1 - (1 - level) / 2, df) * standardError;
  return { difference, standardError, t, df, pValue, ciLow: difference - half, ciHigh: difference + half };
}
