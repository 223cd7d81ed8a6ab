// Ranks for Spearman's correlation: 1-based, ties share the average of the ranks they span
// (the "average" method of R's rank() and scipy.stats.rankdata), so tied values weigh equally.

export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((i, j) => (values[i] as number) - (values[j] as number));
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1] as number] === values[order[start] as number]) end++;
    // Positions start..end (0-based) hold ranks start+1..end+1: their average.
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k] as number] = rank;
    start = end + 1;
  }
  return ranks;
}
