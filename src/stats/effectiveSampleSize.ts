// Effective sample sizes for autocorrelated daily data. Neighbouring days of a daily metric are
// alike (lag-1 autocorrelation 0.3-0.6 is typical), so n days carry less independent information
// than n independent draws; tests that use the raw n are anticonservative and find associations
// between unrelated series far more often than their level says.

/**
 * Effective n for correlating two autocorrelated series, each approximated as AR(1) with lag-1
 * autocorrelations r1x and r1y: n (1 - r1x r1y) / (1 + r1x r1y), from Bretherton, Widmann,
 * Dymnikov, Wallace and Bladé (1999), "The effective number of spatial degrees of freedom of a
 * time-varying field", J. Climate 12, 1990-2009, eq. 31. Clamped to [3, n]: at least the 3 that a
 * Fisher interval needs, never more than the days observed (negative products would inflate it).
 */
export function effectiveSampleSizeForCorrelation(n: number, r1x: number, r1y: number): number {
  if (n < 3) return n;
  const product = r1x * r1y;
  const nEff = (n * (1 - product)) / (1 + product);
  return Math.max(3, Math.min(n, nEff));
}

/**
 * Effective n of one AR(1) series' mean: n (1 - r1) / (1 + r1) (the variance of the mean of an
 * AR(1) process is inflated by (1 + r1) / (1 - r1) for large n). Clamped to [2, n]: a sample
 * variance needs 2, and negative autocorrelation is not taken as extra information.
 */
export function effectiveSampleSizeAr1(n: number, r1: number): number {
  if (n < 2) return n;
  const nEff = (n * (1 - r1)) / (1 + r1);
  return Math.max(2, Math.min(n, nEff));
}
