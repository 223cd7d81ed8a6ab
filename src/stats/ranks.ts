// Ranks for Spearman's correlation: 1-based, ties share the average of the ranks they span
// (the "average" method of R's rank() and scipy.stats.rankdata), so tied values weigh equally.

/** Indices of the non-NaN values, sorted by value (ties by index). */
export function sortedOrder(values: ArrayLike<number>): number[] {
  const order: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) order.push(i);
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
  const kept = new Int32Array(order.length);
  let count = 0;
  for (const i of order) if (keep[i] === 1) kept[count++] = i;
  let start = 0;
  while (start < count) {
    let end = start;
    while (end + 1 < count && values[kept[end + 1] as number] === values[kept[start] as number]) end++;
    // Positions start..end (0-based) hold ranks start+1..end+1: their average.
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[kept[k] as number] = rank;
    start = end + 1;
  }
  return ranks;
}

export function averageRanks(values: readonly number[]): number[] {
  if (values.some((v) => Number.isNaN(v))) throw new Error('averageRanks: values must not be NaN');
  return Array.from(averageRanksWithin(values, sortedOrder(values), new Uint8Array(values.length).fill(1)));
}
