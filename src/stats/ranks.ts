// Ranks for Spearman's correlation: 1-based, ties share the average of the ranks they span
// (the "average" method of R's rank() and scipy.stats.rankdata), so tied values weigh equally.

/** Indices of the non-NaN values, sorted by value (ties by index). */
export function sortedOrder(values: ArrayLike<number>): number[] {
  const order: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v === v) order.push(i); // not NaN, inline (see autocorrelation.ts)
  }
  return order.sort((i, j) => (values[i] as number) - (values[j] as number) || i - j);
}

/**
 * Average ranks among the values at the indices where keep[i] is 1 (NaN elsewhere), given
 * `order` from sortedOrder(values): the ranks averageRanks would give that subset, in one pass
 * instead of a sort, so the many lagged subsets of one series are ranked cheaply. Writes into
 * `ranks` when given (reused across calls).
 */
export function averageRanksWithin(values: ArrayLike<number>, order: readonly number[], keep: Uint8Array, ranks = new Float64Array(values.length)): Float64Array {
  ranks.fill(Number.NaN);
  let assigned = 0;
  let p = 0;
  while (p < order.length) {
    const value = values[order[p] as number];
    // The run of equal values at order positions p..q-1, and how many of them are kept.
    let q = p;
    let kept = 0;
    while (q < order.length && values[order[q] as number] === value) {
      if (keep[order[q] as number] === 1) kept++;
      q++;
    }
    // The kept ones take ranks assigned+1..assigned+kept: each gets their average.
    const rank = assigned + (kept + 1) / 2;
    for (let k = p; k < q; k++) if (keep[order[k] as number] === 1) ranks[order[k] as number] = rank;
    assigned += kept;
    p = q;
  }
  return ranks;
}

export function averageRanks(values: readonly number[]): number[] {
  if (values.some((v) => Number.isNaN(v))) throw new Error('averageRanks: values must not be NaN');
  return Array.from(averageRanksWithin(values, sortedOrder(values), new Uint8Array(values.length).fill(1)));
}
