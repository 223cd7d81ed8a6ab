// Lag-1 autocorrelation of an equally spaced series (one value per day) with gaps: NaN marks a
// missing day. The usual ACF estimator with missing data: the lag-1 autocovariance is averaged over
// the consecutive pairs that exist, the variance over the values that exist, both around the mean
// of the values. 0 when fewer than 2 consecutive pairs exist or the series is constant.

export function lag1Autocorrelation(values: ArrayLike<number>): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    sum += v;
    count++;
  }
  if (count === 0) return 0;
  const mean = sum / count;
  let lagged = 0;
  let pairs = 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    squares += (v - mean) ** 2;
    const next = values[i + 1];
    if (next === undefined || Number.isNaN(next)) continue;
    lagged += (v - mean) * (next - mean);
    pairs++;
  }
  if (pairs < 2 || squares === 0) return 0;
  return Math.max(-1, Math.min(1, lagged / pairs / (squares / count)));
}
