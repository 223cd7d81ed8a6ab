// Benjamini-Hochberg adjusted p-values (hand-computed, and scipy.stats.false_discovery_control)
// and Simes' combination.
import { benjaminiHochberg, simesCombination } from '../../src/stats';

describe('Benjamini-Hochberg', () => {
  test('hand-computed: p m / rank, then the running minimum from the largest down', () => {
    // Sorted 0.005, 0.01, 0.03, 0.04, 0.5 -> 0.025, 0.025, 0.05, 0.05, 0.5 (scipy agrees).
    const adjusted = benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.5]);
    [0.025, 0.05, 0.05, 0.025, 0.5].forEach((expected, i) => expect(adjusted[i]).toBeCloseTo(expected, 12));
  });

  test('step-up makes it monotone: a smaller p never gets a larger adjusted p', () => {
    // Raw 0.02 * 3 / 1 = 0.06 but 0.021 * 3 / 2 = 0.0315 above it: both become 0.0315.
    const adjusted = benjaminiHochberg([0.02, 0.021, 0.9]);
    expect(adjusted[0]).toBeCloseTo(0.0315, 12);
    expect(adjusted[1]).toBeCloseTo(0.0315, 12);
    expect(adjusted[2]).toBeCloseTo(0.9, 12);
  });

  test('never above 1: 0.6 * 2 / 1 = 1.2 is held down by the larger p above it', () => {
    const adjusted = benjaminiHochberg([0.6, 0.7]);
    expect(adjusted[0]).toBeCloseTo(0.7, 12);
    expect(adjusted[1]).toBeCloseTo(0.7, 12);
    expect(Math.max(...benjaminiHochberg([0.6, 0.7, 0.8, 0.9, 1]))).toBe(1);
  });

  test('an empty family is empty; a p outside [0, 1] is refused', () => {
    expect(benjaminiHochberg([])).toEqual([]);
    expect(() => benjaminiHochberg([0.1, Number.NaN])).toThrow('every p-value must be in [0, 1]');
  });
});

describe('Simes', () => {
  test('min over i of k p_(i) / i', () => {
    expect(simesCombination([0.03, 0.01, 0.02])).toBeCloseTo(0.03, 12);
    expect(simesCombination([0.01, 0.5, 0.9])).toBeCloseTo(0.03, 12);
    expect(simesCombination([0.2])).toBe(0.2);
  });

  test('never below the smallest p, never above 1', () => {
    expect(simesCombination([0.004, 0.6, 0.7, 0.8])).toBeGreaterThanOrEqual(0.004);
    expect(simesCombination([0.9, 0.95])).toBeLessThanOrEqual(1);
  });
});
