// Simes' combination of k p-values into one p for the global null "none of these effects exists":
// min over i of k p_(i) / i (Simes 1986). Valid (level-exact for independent tests, conservative
// under positive dependence) and never below the smallest p; more powerful than Bonferroni's
// k min(p) when several of the k are small together, as neighbouring lags of one association are.

export function simesCombination(pValues: readonly number[]): number {
  const k = pValues.length;
  if (k === 0) throw new Error('simesCombination: needs at least one p-value');
  const sorted = [...pValues].sort((a, b) => a - b);
  let best = 1;
  for (let i = 0; i < k; i++) best = Math.min(best, (k * (sorted[i] as number)) / (i + 1));
  return best;
}
