// Pearson's r (simple-statistics' sample correlation) and Spearman's rho (Pearson on average
// ranks, which handles ties the way R's cor(method = "spearman") does). NaN when either side is
// constant: a correlation is undefined there, and callers skip the test rather than report 0.
import { sampleCorrelation } from 'simple-statistics';
import { averageRanks } from './ranks';

function assertPaired(x: readonly number[], y: readonly number[]): void {
  if (x.length !== y.length) throw new Error(`correlation: x and y must have the same length (${x.length} vs ${y.length})`);
}

export function pearson(x: readonly number[], y: readonly number[]): number {
  assertPaired(x, y);
  if (x.length < 3) return Number.NaN;
  const r = sampleCorrelation(x as number[], y as number[]);
  // Rounding can push |r| a hair past 1 for perfectly linear data.
  return Number.isFinite(r) ? Math.max(-1, Math.min(1, r)) : Number.NaN;
}

export function spearman(x: readonly number[], y: readonly number[]): number {
  assertPaired(x, y);
  return pearson(averageRanks(x), averageRanks(y));
}
