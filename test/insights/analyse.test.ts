// analyse(): lagged correlations between daily series and before/after comparisons around
// interventions, on synthetic series built here with a seeded generator.
import { analyse, type AnalysisOptions, type DailySeries } from '../../src/insights/analyse';
import { Random } from '../../bench/random';

const OPTIONS: AnalysisOptions = { minPairedDays: 30, maxLag: 3, fdr: 0.05, interventionWindowDays: 28, minInterventionDays: 14 };

function day(index: number): string {
  return new Date(Date.UTC(2026, 0, 1) + index * 86_400_000).toISOString().slice(0, 10);
}

/** AR(1) noise with unit variance. */
function ar1(rng: Random, days: number, phi = 0.4): number[] {
  let x = rng.normal();
  return Array.from({ length: days }, () => {
    const value = x;
    x = phi * x + Math.sqrt(1 - phi * phi) * rng.normal();
    return value;
  });
}

function series(metric: string, values: readonly number[], extra: Partial<DailySeries> = {}): DailySeries {
  const map = new Map<string, number>();
  values.forEach((v, i) => {
    if (!Number.isNaN(v)) map.set(day(i), v);
  });
  return { metric, label: metric.replace(/_/g, ' '), unit: null, family: metric, kind: 'continuous', values: map, ...extra };
}

/** follower[t] = r * driver[t - lag] + noise: an association of size about r at that lag. */
function follow(rng: Random, driver: readonly number[], lag: number, r: number): number[] {
  const noise = ar1(rng, driver.length);
  return noise.map((e, t) => (t >= lag ? r * (driver[t - lag] as number) : 0) + Math.sqrt(1 - r * r) * e);
}

describe('correlations', () => {
  test('a planted association at lag 2 is found at lag 2, the leading series as A', () => {
    const rng = new Random('lag2');
    const sleep = ar1(rng, 200);
    const result = analyse([series('sleep_duration', sleep), series('hrv', follow(rng, sleep, 2, 0.7))], [], OPTIONS);
    expect(result.correlations).toHaveLength(1);
    const [finding] = result.correlations;
    expect(finding).toMatchObject({ kind: 'correlation', key: 'corr:hrv|sleep_duration', metricA: 'sleep_duration', metricB: 'hrv', lagDays: 2 });
    expect(finding!.spearmanRho).toBeGreaterThan(0.5);
    expect(finding!.ciLow).toBeGreaterThan(0.3);
    expect(finding!.nEffective).toBeLessThan(finding!.n);
  });

  test('the direction is kept when the metric sorting first is the one that follows', () => {
    const rng = new Random('reverse');
    const steps = ar1(rng, 200);
    const [finding] = analyse([series('z_steps', steps), series('a_mood', follow(rng, steps, 1, -0.7))], [], OPTIONS).correlations;
    expect(finding).toMatchObject({ key: 'corr:a_mood|z_steps', metricA: 'z_steps', metricB: 'a_mood', lagDays: 1 });
    expect(finding!.spearmanRho).toBeLessThan(-0.5);
    expect(finding!.title).toBe('Higher z steps goes with lower a mood the next day');
  });

  test('pure noise finds nothing: 12 unrelated autocorrelated series, 66 pairs at 7 lags', () => {
    const rng = new Random('noise');
    const all = Array.from({ length: 12 }, (_, i) => series(`metric_${i}`, ar1(rng, 180, 0.5)));
    const result = analyse(all, [], OPTIONS);
    expect(result.testsRun).toBe(66);
    expect(result.correlations).toEqual([]);
  });

  test('pairs within a family and pairs of two yes/no series are not tested', () => {
    const rng = new Random('family');
    const sleep = ar1(rng, 120);
    const taken = ar1(rng, 120).map((v) => (v > 0 ? 1 : 0));
    const result = analyse(
      [
        series('sleep_duration', sleep, { family: 'sleep' }),
        series('sleep_score', sleep.map((v) => 70 + 10 * v), { family: 'sleep' }),
        series('magnesium', taken, { kind: 'binary' }),
        series('zinc', taken, { kind: 'binary' }),
      ],
      [],
      OPTIONS,
    );
    // Tested: each sleep metric with each supplement (4); not sleep with sleep nor magnesium with zinc.
    expect(result.testsRun).toBe(4);
    expect(result.correlations.map((f) => f.key).filter((k) => k === 'corr:sleep_duration|sleep_score' || k === 'corr:magnesium|zinc')).toEqual([]);
  });

  test('minPairedDays: only days where both have a value count, and fewer than the minimum are not tested', () => {
    const rng = new Random('paired');
    const a = ar1(rng, 60);
    const b = a.map((v) => v + 0.1 * rng.normal());
    // b only on the last 40 days: 40 paired days at lag 0, fewer at other lags.
    const partial = b.map((v, i) => (i >= 20 ? v : Number.NaN));
    const found = analyse([series('a', a), series('b', partial)], [], { ...OPTIONS, minPairedDays: 40 });
    expect(found.testsRun).toBe(1);
    expect(found.correlations[0]).toMatchObject({ n: 40, lagDays: 0 });
    const skipped = analyse([series('a', a), series('b', partial)], [], { ...OPTIONS, minPairedDays: 41 });
    expect(skipped).toEqual({ testsRun: 0, correlations: [], interventions: [] });
  });

  test('the Benjamini-Hochberg family is every test actually run, lag tests when asked to adjust them one by one', () => {
    const rng = new Random('family-size');
    const three = ['a', 'b', 'c'].map((m) => series(m, ar1(rng, 100)));
    const intervention = { key: 'magnesium', label: 'magnesium', kind: 'supplement_start' as const, day: day(50) };
    // 3 pairs + 3 before/after comparisons (one per continuous series).
    expect(analyse(three, [intervention], OPTIONS).testsRun).toBe(6);
    // One lag test per pair and lag: 3 pairs x 7 lags + 3.
    expect(analyse(three, [intervention], OPTIONS, { family: 'test' }).testsRun).toBe(24);
    // An intervention too close to the end has too few days after it: not a test.
    expect(analyse(three, [{ ...intervention, day: day(95) }], OPTIONS).testsRun).toBe(3);
  });

  test('the text states n, rho and r, the lag in words, the interval, the adjusted p and the uncertainty', () => {
    const rng = new Random('text');
    const sleep = ar1(rng, 150);
    const result = analyse([series('sleep_duration', sleep), series('resting_hr', follow(rng, sleep, 0, -0.6))], [], OPTIONS);
    const [f] = result.correlations;
    // At lag 0 neither leads: A is the metric that sorts first.
    expect(f!.title).toBe('Higher resting hr goes with lower sleep duration the same day');
    expect(f!.body).toContain(`Over ${f!.n} paired days`);
    expect(f!.body).toContain(`rho = ${f!.spearmanRho.toFixed(2)}`);
    expect(f!.body).toContain(`Pearson's r = ${f!.pearsonR.toFixed(2)}`);
    expect(f!.body).toContain(`95 % interval ${f!.ciLow.toFixed(2)} to ${f!.ciHigh.toFixed(2)}`);
    expect(f!.body).toMatch(f!.pAdjusted < 0.001 ? /p < 0\.001/ : new RegExp(`p = ${f!.pAdjusted.toFixed(3)}`));
    expect(f!.body).toContain(`adjusted for all ${result.testsRun} tests`);
    expect(f!.body).toContain('association, not causation');
    expect(f!.body).toContain(`based on ${f!.n} days`);
  });

  test('the output is deterministic and strongest first', () => {
    const rng = new Random('order');
    const base = ar1(rng, 200);
    const input = [series('a', base), series('b', follow(rng, base, 0, 0.8)), series('c', follow(rng, base, 1, 0.5)), series('d', ar1(rng, 200))];
    const first = analyse(input, [], OPTIONS);
    expect(analyse([...input].reverse(), [], OPTIONS)).toEqual(first);
    expect(first.correlations.length).toBeGreaterThanOrEqual(2);
    const adjusted = first.correlations.map((f) => f.pAdjusted);
    expect(adjusted).toEqual([...adjusted].sort((x, y) => x - y));
  });
});

describe('before/after comparisons', () => {
  test('a planted drop after starting a supplement is found with the right sign', () => {
    const rng = new Random('shift');
    // A drop of 2 standard deviations from the day after the start.
    const hrv = ar1(rng, 120).map((v, t) => 60 + 5 * v - (t > 60 ? 10 : 0));
    const result = analyse([series('hrv', hrv, { unit: 'ms', label: 'HRV' })], [{ key: 'ashwagandha', label: 'ashwagandha', kind: 'supplement_start', day: day(60) }], OPTIONS);
    expect(result.interventions).toHaveLength(1);
    const [f] = result.interventions;
    expect(f).toMatchObject({ key: 'before_after:ashwagandha|hrv', metric: 'hrv', intervention: 'ashwagandha', nBefore: 28, nAfter: 28, method: 'Welch t-test, AR(1)-adjusted n' });
    expect(f!.difference).toBeLessThan(0);
    expect(f!.ciHigh).toBeLessThan(0);
    expect(f!.effectSize).toBeLessThan(-1);
    expect(f!.title).toBe('HRV was lower after you started ashwagandha');
    expect(f!.body).toContain('ms');
    expect(f!.body).toContain('not causation');
  });

  test('the intervention day itself is left out, and too few days on a side is not a test', () => {
    const rng = new Random('window');
    const values = ar1(rng, 100).map((v, t) => (t === 50 ? 1000 : 50 + v));
    const intervention = { key: 'x', label: 'x', kind: 'goal_set' as const, day: day(50) };
    const result = analyse([series('m', values)], [intervention], OPTIONS);
    expect(result.testsRun).toBe(1);
    expect(result.interventions).toEqual([]);
    const sparse = values.map((v, t) => (t > 50 && t % 3 !== 0 ? Number.NaN : v));
    expect(analyse([series('m', sparse)], [intervention], OPTIONS).testsRun).toBe(0);
  });
});

describe('input checks', () => {
  test('refuses bad options and a metric given twice, naming the field', () => {
    expect(() => analyse([], [], { ...OPTIONS, maxLag: -1 })).toThrow('maxLag: must be an integer >= 0');
    expect(() => analyse([], [], { ...OPTIONS, fdr: 1.5 })).toThrow('fdr: must be between 0 and 1');
    const s = series('a', [1, 2, 3]);
    expect(() => analyse([s, s], [], OPTIONS)).toThrow('series: metric "a" appears twice');
    expect(() => analyse([series('a', [1])], [{ key: 'k', label: 'k', kind: 'goal_set', day: '2026-02-30' }], OPTIONS)).toThrow('day: must be a calendar day as YYYY-MM-DD');
  });
});
