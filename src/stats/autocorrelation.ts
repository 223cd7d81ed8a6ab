// Lag-1 autocorrelation of an equally spaced series (one value per day) with gaps: NaN marks a
// missing day. The usual ACF estimator with missing data: the lag-1 autocovariance is averaged over
// the consecutive pairs that exist, the variance over the values that exist, both around the
// mean of the values. Groups (e.g. the days before and after an intervention) are each centred on
// their own mean and pooled, so a shift between them does not look like persistence.

export function lag1Autocorrelation(...groups: readonly (readonly number[])[]): number {
  let lagged = 0;
  let pairs = 0;
  let squares = 0;
  let count = 0;
  for (const values of groups) {
    let sum = 0;
    let n = 0;
    for (const v of values) {
      if (Number.isNaN(v)) continue;
      sum += v;
      n++;
    }
    if (n === 0) continue;
    const mean = sum / n;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (Number.isNaN(v)) continue;
      squares += (v - mean) ** 2;
      count++;
      const next = values[i + 1];
      if (next === undefined || Number.isNaN(next)) continue;
      lagged += (v - mean) * (next - mean);
      pairs++;
    }
  }
  if (pairs < 2 || squares === 0) return 0;
  const r = lagged / pairs / (squares / count);
  return Math.max(-1, Math.min(1, r));
}
