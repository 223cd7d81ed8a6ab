// The plain-language templates of findings: lags in words, p-values, and phrasing for yes/no series.
import { correlationText, formatP, lagInWords } from '../../src/insights/analyse/text';
import type { DailySeries } from '../../src/insights/analyse';

const series = (label: string, kind: DailySeries['kind']): DailySeries => ({ metric: label, label, unit: null, family: label, kind, values: new Map() });
const finding = { kind: 'correlation' as const, key: 'corr:a|b', metricA: 'a', metricB: 'b', lagDays: 1, n: 120, nEffective: 71.6, pearsonR: 0.412, spearmanRho: 0.387, pValue: 0.00002, pAdjusted: 0.0041, ciLow: 0.17, ciHigh: 0.57 };

test('lags and p-values in words', () => {
  expect([0, 1, 2, 3].map(lagInWords)).toEqual(['the same day', 'the next day', 'two days later', 'three days later']);
  expect(lagInWords(10)).toBe('10 days later');
  expect(formatP(0.0004)).toBe('< 0.001');
  expect(formatP(0.0041)).toBe('= 0.004');
  expect(formatP(0.032)).toBe('= 0.03');
});

test('a yes/no series leading reads as the event, one following as days with it', () => {
  expect(correlationText(series('magnesium taken', 'binary'), series('HRV', 'continuous'), finding, 300).title).toBe('Magnesium taken goes with higher HRV the next day');
  expect(correlationText(series('steps', 'continuous'), series('alcohol', 'binary'), { ...finding, spearmanRho: -0.3 }, 300).title).toBe('Higher steps goes with fewer days with alcohol the next day');
});

test('the body states n, both coefficients, the interval, the effective days, the adjusted p and the caveat', () => {
  const { body } = correlationText(series('sleep duration', 'continuous'), series('HRV', 'continuous'), finding, 300);
  expect(body).toBe(
    "Over 120 paired days, sleep duration and HRV the next day moved together: Spearman's rho = 0.39 (Pearson's r = 0.41), 95 % interval 0.17 to 0.57. " +
      'Neighbouring days are alike, so the test counts these n = 120 days as about 72 independent ones; adjusted for all 300 tests run on your data (Benjamini-Hochberg), p = 0.004. ' +
      'This is an association, not causation: based on 120 days, and something else may drive both.',
  );
});
