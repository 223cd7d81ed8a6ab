// Welch's t-test on (effective) group summaries and Hedges' g, against scipy 1.17.
import { mean, sampleVariance } from 'simple-statistics';
import { hedgesG, welchTest } from '../../src/stats';

describe('Welch t-test', () => {
  test('matches scipy.stats.ttest_ind(equal_var=False) on raw data', () => {
    const a = [19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0];
    const b = [28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 23.9, 13.3];
    const result = welchTest({ mean: mean(a), variance: sampleVariance(a), n: a.length }, { mean: mean(b), variance: sampleVariance(b), n: b.length });
    expect(result.t).toBeCloseTo(2.225512039969852, 10);
    expect(result.df).toBeCloseTo(24.524634944257343, 10);
    expect(result.pValue).toBeCloseTo(0.035484530830010394, 12);
    expect(result.difference).toBeCloseTo(2.22, 12);
  });

  test('Welch-Satterthwaite df by hand, p from scipy: (0.8 + 0.9)^2 / (0.64 / 4 + 0.81 / 9) = 11.56', () => {
    const result = welchTest({ mean: 0, variance: 4, n: 5 }, { mean: 3, variance: 9, n: 10 });
    expect(result.df).toBeCloseTo(11.56, 12);
    expect(result.standardError).toBeCloseTo(Math.sqrt(1.7), 12);
    expect(result.pValue).toBeCloseTo(0.040898041418424146, 12);
    // scipy.stats.t.ppf(0.975, 11.56) = 2.188046237766679
    expect(result.ciLow).toBeCloseTo(3 - 2.188046237766679 * Math.sqrt(1.7), 10);
    expect(result.ciHigh).toBeCloseTo(3 + 2.188046237766679 * Math.sqrt(1.7), 10);
  });

  test('at t = t(0.975, 10) the p is 0.05 and the interval touches 0', () => {
    const result = welchTest({ mean: 0, variance: 1, n: 6 }, { mean: 2.228138851986274 * Math.sqrt(1 / 3), variance: 1, n: 6 });
    expect(result.df).toBeCloseTo(10, 12);
    expect(result.pValue).toBeCloseTo(0.05, 12);
    expect(result.ciLow).toBeCloseTo(0, 12);
  });

  test('a smaller (effective) n widens the interval and raises p', () => {
    const raw = welchTest({ mean: 10, variance: 4, n: 28 }, { mean: 11.5, variance: 4, n: 28 });
    const adjusted = welchTest({ mean: 10, variance: 4, n: 28 / 3 }, { mean: 11.5, variance: 4, n: 28 / 3 });
    expect(adjusted.pValue).toBeGreaterThan(raw.pValue);
    expect(adjusted.ciHigh - adjusted.ciLow).toBeGreaterThan(raw.ciHigh - raw.ciLow);
  });

  test('refuses groups below n = 2', () => {
    expect(() => welchTest({ mean: 0, variance: 1, n: 1 }, { mean: 0, variance: 1, n: 5 })).toThrow('each group needs n >= 2');
  });
});

describe("Hedges' g", () => {
  test('by hand: d = 2 / sqrt(2.5), J = 1 - 3 / 31', () => {
    expect(hedgesG([1, 2, 3, 4, 5], [3, 4, 5, 6, 7])).toBeCloseTo((2 / Math.sqrt(2.5)) * (1 - 3 / 31), 12);
    expect(hedgesG([3, 4, 5, 6, 7], [1, 2, 3, 4, 5])).toBeLessThan(0);
  });

  test('undefined without spread or with fewer than 2 per group', () => {
    expect(hedgesG([1, 1, 1], [1, 1, 1])).toBeNaN();
    expect(hedgesG([1], [1, 2, 3])).toBeNaN();
  });
});
