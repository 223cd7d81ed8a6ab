// Lag-1 autocorrelation with missing days, and the effective sample sizes built on it.
import { effectiveSampleSizeAr1, effectiveSampleSizeForCorrelation, lag1Autocorrelation } from '../../src/stats';
import { Random } from '../../bench/random';

describe('lag-1 autocorrelation', () => {
  test('by hand: 1..5 has r1 = (4 / 4) / (10 / 5) = 0.5', () => {
    expect(lag1Autocorrelation([1, 2, 3, 4, 5])).toBeCloseTo(0.5, 12);
  });

  test('a missing day removes its pairs, not the series: [1, -, 3, 4, 5] -> 0.5625 / 2.1875', () => {
    expect(lag1Autocorrelation([1, Number.NaN, 3, 4, 5])).toBeCloseTo(0.5625 / 2.1875, 12);
  });

  test('recovers phi of a long AR(1) series with 20 % of days missing', () => {
    const rng = new Random('ar1');
    let x = 0;
    const values = Array.from({ length: 20_000 }, () => {
      x = 0.6 * x + rng.normal();
      return rng.chance(0.2) ? Number.NaN : x;
    });
    expect(lag1Autocorrelation(values)).toBeCloseTo(0.6, 1);
  });

  test('cuts centre each stretch on its own mean, so a level shift is not taken for persistence', () => {
    const alternatingWithStep = [0, 1, 0, 1, 0, 1, 10, 11, 10, 11, 10, 11];
    expect(lag1Autocorrelation(alternatingWithStep)).toBeGreaterThan(0.5);
    // Cut at index 6 (left out): [0, 1, 0, 1, 0, 1] and [11, 10, 11, 10, 11], both alternating.
    expect(lag1Autocorrelation(alternatingWithStep, [6])).toBeLessThan(-0.5);
    expect(lag1Autocorrelation([1, 2, 3, 4, 5], [-1, 99])).toBeCloseTo(0.5, 12);
  });

  test('0 for a constant series or too few consecutive pairs', () => {
    expect(lag1Autocorrelation([2, 2, 2, 2])).toBe(0);
    expect(lag1Autocorrelation([1, Number.NaN, 3, Number.NaN, 5])).toBe(0);
  });
});

describe('effective sample size', () => {
  test('Bretherton et al. (1999): n (1 - r1x r1y) / (1 + r1x r1y)', () => {
    expect(effectiveSampleSizeForCorrelation(100, 0.5, 0.5)).toBeCloseTo(60, 12);
    expect(effectiveSampleSizeForCorrelation(100, 0.6, 0)).toBe(100);
  });

  test('clamped to [3, n]', () => {
    expect(effectiveSampleSizeForCorrelation(10, 0.99, 0.99)).toBe(3);
    expect(effectiveSampleSizeForCorrelation(50, 0.5, -0.5)).toBe(50);
  });

  test('AR(1) mean: n (1 - r1) / (1 + r1), clamped to [2, n]', () => {
    expect(effectiveSampleSizeAr1(30, 0.5)).toBeCloseTo(10, 12);
    expect(effectiveSampleSizeAr1(30, -0.3)).toBe(30);
    expect(effectiveSampleSizeAr1(5, 0.95)).toBe(2);
  });
});
