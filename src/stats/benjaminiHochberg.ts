// Benjamini-Hochberg adjusted p-values (R's p.adjust(p, "BH")): p_(i) m / i for the i-th smallest
// p of m, made monotone from the largest down (step-up) and capped at 1. Rejecting every adjusted
// p <= q controls the false discovery rate at q (Benjamini and Hochberg 1995). Returned in the
// input's order.

export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  for (const p of pValues) if (!(p >= 0 && p <= 1)) throw new Error(`benjaminiHochberg: every p-value must be in [0, 1] (got ${p})`);
  const order = pValues.map((_, i) => i).sort((i, j) => (pValues[i] as number) - (pValues[j] as number));
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    const index = order[k] as number;
    running = Math.min(running, ((pValues[index] as number) * m) / (k + 1));
    adjusted[index] = running;
  }
  return adjusted;
}
