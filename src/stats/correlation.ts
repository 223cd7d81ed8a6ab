// Pearson's r (two-pass: means first, then centred sums, which keeps precision for values far
// from 0) and Spearman's rho (Pearson on average ranks, which handles ties the way R's
// cor(method = "spearman") does). NaN when either side is constant or n < 3: a correlation is
// undefined there, and callers skip the test rather than report 0.
import { averageRanks } from './ranks';

/** Over the first n pairs (all by default: then x and y must be as long as each other). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>, n = x.length): number {
  if (n === x.length ? n !== y.length : n > x.length || n > y.length) throw new Error(`correlation: x and y must have the same length (${x.length} vs ${y.length})`);
  if (n < 3) return Number.NaN;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i] as number;
    sy += y[i] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  // Rounding can push |r| a hair past 1 for perfectly linear data.
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new Error(`correlation: x and y must have the same length (${x.length} vs ${y.length})`);
  return pearson(averageRanks(x), averageRanks(y));
}
