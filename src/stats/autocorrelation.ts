// Lag-1 autocorrelation of an equally spaced series (one value per day) with gaps: NaN marks a
// missing day. The usual ACF estimator with missing data: the lag-1 autocovariance is averaged over
// the consecutive pairs that exist, the variance over the values that exist, both around the mean.
// Optional cuts split the series into segments, each centred on its own mean and pooled (the value
// at a cut is left out, no pair spans one): a level shift at a cut then does not pass for
// persistence. 0 when fewer than 2 consecutive pairs exist or nothing varies.
// A missing value is NaN, tested inline as the only value unequal to itself: these loops run
// millions of times per user, and neither a call through a module's exports nor Number.isNaN
// (not inlined under jest's vm context) is cheap there.

export function lag1Autocorrelation(values: ArrayLike<number>, cuts: readonly number[] = []): number {
  const bounds = [...new Set(cuts.filter((c) => c >= 0 && c < values.length))].sort((a, b) => a - b);
  let lagged = 0;
  let pairs = 0;
  let squares = 0;
  let count = 0;
  let from = 0;
  for (const to of [...bounds, values.length]) {
    // Segment [from, to): its mean first, then its sums around that mean.
    let sum = 0;
    let n = 0;
    for (let i = from; i < to; i++) {
      const v = values[i] as number;
      if (v !== v) continue;
      sum += v;
      n++;
    }
    const mean = sum / n;
    for (let i = from; n > 0 && i < to; i++) {
      const v = values[i] as number;
      if (v !== v) continue;
      squares += (v - mean) ** 2;
      count++;
      if (i + 1 >= to) continue;
      const next = values[i + 1] as number;
      if (next !== next) continue;
      lagged += (v - mean) * (next - mean);
      pairs++;
    }
    from = to + 1;
  }
  if (pairs < 2 || squares === 0) return 0;
  return Math.max(-1, Math.min(1, lagged / pairs / (squares / count)));
}
