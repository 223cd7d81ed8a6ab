// One synthetic user for the statistics simulation: daily metrics that behave like real ones
// (AR(1) noise, days missing at random, families of metrics that measure the same thing, a few
// yes/no series), with effects planted at known size and lag between some pairs and every other
// pair null, and interventions with and without a planted shift. What was planted is returned
// beside the data, so the findings of analyse() can be scored against the truth.
import type { DailySeries, Intervention } from '../../src/insights/analyse';
import type { Random } from '../random';

export interface PlantedCorrelation {
  driver: string;
  follower: string;
  /** Follower's day minus driver's day. */
  lag: number;
  /** Correlation of the driver's standardised latent series with the follower, at that lag. */
  r: number;
}

export interface PlantedShift {
  intervention: string;
  metric: string;
  /** Sign of the planted shift (after minus before). */
  sign: 1 | -1;
}

export interface SyntheticUser {
  series: DailySeries[];
  interventions: Intervention[];
  planted: PlantedCorrelation[];
  shifts: PlantedShift[];
}

export interface SyntheticUserOptions {
  days: number;
  /** Families with two metrics (the second a noisy copy of the first): not tested against each other. */
  pairedFamilies: number;
  /** Continuous metrics alone in their family. */
  singles: number;
  /** Yes/no metrics alone in their family. */
  binaries: number;
  /** Pairs with a planted association. */
  plantedPairs: number;
  interventionWindowDays: number;
  /** Lag-1 autocorrelation of each metric's noise, drawn uniformly from this range. */
  phi: readonly [number, number];
  /** Planted correlations, drawn uniformly from this range (sign random). */
  effect: readonly [number, number];
  /** Maximum planted lag (0..maxLag). */
  maxLag: number;
  /** Share of days missing, per metric, drawn uniformly from this range. */
  missing: readonly [number, number];
  /** Planted before/after shift in standard deviations of the metric. */
  shiftSd: number;
}

export const DEFAULT_USER_OPTIONS: Omit<SyntheticUserOptions, 'days'> = {
  pairedFamilies: 6,
  singles: 11,
  binaries: 3,
  plantedPairs: 4,
  interventionWindowDays: 28,
  phi: [0.3, 0.6],
  effect: [0.3, 0.5],
  maxLag: 3,
  missing: [0.05, 0.25],
  shiftSd: 1.5,
};

/** Stationary AR(1) with unit variance: x_t = phi x_(t-1) + sqrt(1 - phi^2) e_t. */
function ar1(rng: Random, days: number, phi: number): number[] {
  const out = new Array<number>(days);
  let x = rng.normal();
  const innovation = Math.sqrt(1 - phi * phi);
  for (let t = 0; t < days; t++) {
    out[t] = x;
    x = phi * x + innovation * rng.normal();
  }
  return out;
}

function standardise(values: readonly number[]): number[] {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length) || 1;
  return values.map((v) => (v - mean) / sd);
}

export function dayString(index: number): string {
  return new Date(Date.UTC(2025, 0, 1) + index * 86_400_000).toISOString().slice(0, 10);
}

interface Draft {
  metric: string;
  family: string;
  kind: 'continuous' | 'binary';
  /** Standardised latent values, one per day. */
  latent: number[];
  /** Only singles and binaries take part in planted effects (a family-mate would carry them on). */
  plantable: boolean;
}

export function syntheticUser(rng: Random, options: SyntheticUserOptions): SyntheticUser {
  const { days } = options;
  const drafts: Draft[] = [];
  const noise = () => ar1(rng, days, rng.uniform(options.phi[0], options.phi[1]));
  for (let f = 0; f < options.pairedFamilies; f++) {
    const base = noise();
    drafts.push({ metric: `family${f}.primary`, family: `family${f}`, kind: 'continuous', latent: base, plantable: false });
    const mate = noise();
    drafts.push({ metric: `family${f}.secondary`, family: `family${f}`, kind: 'continuous', latent: base.map((v, t) => 0.8 * v + 0.6 * (mate[t] as number)), plantable: false });
  }
  for (let s = 0; s < options.singles; s++) drafts.push({ metric: `single${s}`, family: `single${s}`, kind: 'continuous', latent: noise(), plantable: true });
  for (let b = 0; b < options.binaries; b++) drafts.push({ metric: `binary${b}`, family: `binary${b}`, kind: 'binary', latent: noise(), plantable: true });

  // Planted associations between disjoint pairs (no chains: A->B and B->C would make A-C real too).
  const plantable = rng.shuffle(drafts.filter((d) => d.plantable));
  const planted: PlantedCorrelation[] = [];
  const used = new Set<string>();
  for (let k = 0; k < options.plantedPairs; k++) {
    const driver = plantable.find((d) => !used.has(d.metric));
    const follower = plantable.find((d) => !used.has(d.metric) && d !== driver && d.kind === 'continuous');
    if (!driver || !follower) break;
    used.add(driver.metric).add(follower.metric);
    const r = rng.uniform(options.effect[0], options.effect[1]) * (rng.chance(0.5) ? 1 : -1);
    const lag = rng.int(0, options.maxLag);
    // A binary driver acts through its yes/no values, so the planted effect is on what is observed.
    const source = standardise(driver.kind === 'binary' ? driver.latent.map((v) => (v > 0.5 ? 1 : 0)) : driver.latent);
    const own = follower.latent;
    follower.latent = own.map((v, t) => (t - lag >= 0 ? r * (source[t - lag] as number) + Math.sqrt(1 - r * r) * v : v));
    planted.push({ driver: driver.metric, follower: follower.metric, lag, r });
  }

  // Supplements started and, when the data runs long enough, stopped 2w + 1 days later, each day
  // with its own non-overlapping window of w days on either side. Every other supplement shifts
  // one metric while taken (a start shifts it, the stop shifts it back: two planted effects); the
  // rest shift nothing. Shifts go only on metrics outside every family and planted pair, so they
  // move nothing else.
  const w = options.interventionWindowDays;
  const interventions: Intervention[] = [];
  const shifts: PlantedShift[] = [];
  const targets = rng.shuffle(drafts.filter((d) => d.plantable && d.kind === 'continuous' && !used.has(d.metric)));
  for (let start = w, k = 0; start + w < days; start += 4 * w + 2, k++) {
    const stop = start + 2 * w + 1;
    const stops = stop + w < days;
    interventions.push({ key: `start${k}`, label: `supplement ${k}`, kind: 'supplement_start', day: dayString(start) });
    if (stops) interventions.push({ key: `stop${k}`, label: `supplement ${k}`, kind: 'supplement_stop', day: dayString(stop) });
    const target = k % 2 === 0 && targets.length > 0 ? targets[(k / 2) % targets.length] : undefined;
    if (!target) continue;
    const sign = rng.chance(0.5) ? 1 : -1;
    for (let t = start + 1; t < (stops ? stop : days); t++) target.latent[t] = (target.latent[t] as number) + sign * options.shiftSd;
    shifts.push({ intervention: `start${k}`, metric: target.metric, sign });
    if (stops) shifts.push({ intervention: `stop${k}`, metric: target.metric, sign: sign === 1 ? -1 : 1 });
  }

  const series: DailySeries[] = drafts.map((d) => {
    const missing = rng.uniform(options.missing[0], options.missing[1]);
    const values = new Map<string, number>();
    // Realistic scale (mean 50, sd 10); yes/no for binaries (about 30 % of days).
    d.latent.forEach((v, t) => {
      if (!rng.chance(missing)) values.set(dayString(t), d.kind === 'binary' ? (v > 0.5 ? 1 : 0) : Math.round((50 + 10 * v) * 10) / 10);
    });
    return { metric: d.metric, label: d.metric.replace('.', ' '), unit: d.kind === 'binary' ? null : 'units', family: d.family, kind: d.kind, values };
  });
  return { series, interventions, planted, shifts };
}
