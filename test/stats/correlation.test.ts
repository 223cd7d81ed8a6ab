// Ranks, Pearson, Spearman and the inference for a correlation, against values from scipy 1.17
// (stats.rankdata, pearsonr, spearmanr, t.ppf) and textbook arithmetic.
import { sampleCorrelation } from 'simple-statistics';
import { averageRanks, averageRanksWithin, correlationInterval, correlationPValue, pearson, sortedOrder, spearman } from '../../src/stats';

// Twelve paired observations; scipy: pearsonr r = 0.8687287926263082 (p 0.0002452643607672909),
// spearmanr rho = 0.8350877192982457 (p 0.0007231993389111423, t on n - 2 df).
const X = [3.1, 1.2, 4.8, 2.2, 5.0, 4.1, 2.9, 3.3, 4.4, 1.9, 2.2, 3.8];
const Y = [2.0, 1.1, 3.9, 2.5, 4.4, 2.8, 3.0, 2.2, 4.1, 1.0, 2.6, 3.9];

describe('ranks', () => {
  test('ties share the average of the ranks they span (scipy.stats.rankdata)', () => {
    expect(averageRanks([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5])).toEqual([4.5, 1.5, 6, 1.5, 8, 11, 3, 10, 8, 4.5, 8]);
  });

  test('ranking a subset through the full order equals ranking the subset alone', () => {
    const values = [5, Number.NaN, 2, 7, 2, 9, 5, 1];
    const keep = Uint8Array.from([1, 0, 1, 0, 1, 1, 1, 0]);
    const ranks = averageRanksWithin(values, sortedOrder(values), keep);
    const subset = [5, 2, 2, 9, 5];
    expect([0, 2, 4, 5, 6].map((i) => ranks[i])).toEqual(averageRanks(subset));
    expect([1, 3, 7].every((i) => Number.isNaN(ranks[i]))).toBe(true);
  });

  test('NaN is refused', () => {
    expect(() => averageRanks([1, Number.NaN])).toThrow('averageRanks: values must not be NaN');
  });
});

describe('Pearson and Spearman', () => {
  test('match scipy', () => {
    expect(pearson(X, Y)).toBeCloseTo(0.8687287926263082, 12);
    expect(spearman(X, Y)).toBeCloseTo(0.8350877192982457, 12);
  });

  test('Pearson agrees with simple-statistics, and Spearman is Pearson on average ranks', () => {
    expect(pearson(X, Y)).toBeCloseTo(sampleCorrelation(X, Y), 12);
    // By hand: ranks of y [1, 2.5, 4.5, 2.5, 4.5] against 1..5 give 7 / sqrt(90).
    expect(spearman([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])).toBeCloseTo(7 / Math.sqrt(90), 12);
    expect(pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])).toBeCloseTo(Math.sqrt(0.6), 12);
  });

  test('undefined for a constant side or fewer than 3 pairs', () => {
    expect(pearson([1, 2, 3], [4, 4, 4])).toBeNaN();
    expect(spearman([1, 2], [2, 1])).toBeNaN();
    expect(() => pearson([1, 2, 3], [1, 2])).toThrow('x and y must have the same length');
  });
});

describe('p-value and interval for a correlation', () => {
  test('two-sided p from t on n - 2 df matches scipy', () => {
    expect(correlationPValue(0.8687287926263082, 12)).toBeCloseTo(0.0002452643607672909, 12);
    expect(correlationPValue(0.8350877192982457, 12)).toBeCloseTo(0.0007231993389111423, 12);
  });

  test('a correlation whose t is the 97.5 % quantile of t(10) has p = 0.05', () => {
    const t = 2.228138851986274; // scipy.stats.t.ppf(0.975, 10)
    expect(correlationPValue(t / Math.sqrt(t * t + 10), 12)).toBeCloseTo(0.05, 12);
    expect(correlationPValue(-t / Math.sqrt(t * t + 10), 12)).toBeCloseTo(0.05, 12);
  });

  test('accepts a fractional effective n: a smaller n gives a larger p', () => {
    expect(correlationPValue(0.3, 40.5)).toBeGreaterThan(correlationPValue(0.3, 60));
    expect(correlationPValue(0, 50)).toBe(1);
  });

  test('Fisher z 95 % interval: tanh(atanh(r) -/+ 1.959963984540054 / sqrt(n - 3))', () => {
    const { low, high } = correlationInterval(0.5, 28);
    // atanh(0.5) = 0.5493061443, half-width 1.959963985 / 5.
    expect(low).toBeCloseTo(Math.tanh(Math.atanh(0.5) - 1.959963984540054 / 5), 12);
    expect(high).toBeCloseTo(Math.tanh(Math.atanh(0.5) + 1.959963984540054 / 5), 12);
    expect(low).toBeCloseTo(0.156, 3);
    expect(high).toBeCloseTo(0.7358, 4);
  });

  test('the interval is the whole range when the effective n leaves no information', () => {
    expect(correlationInterval(0.4, 3)).toEqual({ low: -1, high: 1 });
  });
});
