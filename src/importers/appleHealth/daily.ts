import { type Range, ranges } from '../../validation/bounds';
import { addHourly, type Hourly, mergeHourly } from './hourly';
import type { SourceRanks } from './sources';
import { detach } from './strings';
import type { Ledger } from './ledger';
import { outOfRange, type Tally } from './tally';
import { fractionToPct, round, toBpm, toKcal, toMetres, toMinutes } from './units';

/** One source's totals for one local date. Memory grows with days x sources, never with records. */
interface DeviceDay {
  steps?: number;
  distance_m?: number;
  active_kcal?: number;
  basal_kcal?: number;
  resting_hr?: number;
  resting_hr_at?: number;
  max_hr?: number;
  spo2_sum?: number;
  spo2_n?: number;
  spo2_min?: number;
  resp_sum?: number;
  resp_n?: number;
  vo2_max?: number;
  vo2_max_at?: number;
  flights?: number;
  exercise_min?: number;
  hrv_sdnn_sum?: number;
  hrv_sdnn_n?: number;
  updated_at?: number;
  /** Elements folded in, per account key (a Record type, or ACTIVITY_SUMMARY), for the import's accounting. */
  n?: Map<string, number>;
  steps_h?: Hourly;
  distance_h?: Hourly;
  flights_h?: Hourly;
}

const add = (a: number | undefined, b: number) => (a ?? 0) + b;
const Q = 'HKQuantityTypeIdentifier';

/**
 * Per record type: converts the value and folds it into the day; false when the unit is unknown.
 * Run for nearly every record of an export, so written without a closure per call.
 */
const FOLD: Record<string, (d: DeviceDay, value: number, unit: string | undefined, at: number, hour: number) => boolean> = {
  [`${Q}StepCount`]: (d, v, _u, _at, hour) => ((d.steps = add(d.steps, v)), (d.steps_h = addHourly(d.steps_h, hour, v)), true),
  [`${Q}DistanceWalkingRunning`]: (d, v, u, _at, hour) => {
    const m = toMetres(v, u);
    if (m === undefined) return false;
    d.distance_m = add(d.distance_m, m);
    d.distance_h = addHourly(d.distance_h, hour, m);
    return true;
  },
  [`${Q}ActiveEnergyBurned`]: (d, v, u) => {
    const k = toKcal(v, u);
    return k !== undefined && ((d.active_kcal = add(d.active_kcal, k)), true);
  },
  [`${Q}BasalEnergyBurned`]: (d, v, u) => {
    const k = toKcal(v, u);
    return k !== undefined && ((d.basal_kcal = add(d.basal_kcal, k)), true);
  },
  [`${Q}RestingHeartRate`]: (d, v, u, at) => {
    const b = toBpm(v, u);
    if (b === undefined) return false;
    if (d.resting_hr_at === undefined || at >= d.resting_hr_at) {
      d.resting_hr = b;
      d.resting_hr_at = at;
    }
    return true;
  },
  [`${Q}HeartRate`]: (d, v, u) => {
    const b = toBpm(v, u);
    return b !== undefined && ((d.max_hr = Math.max(d.max_hr ?? b, b)), true);
  },
  [`${Q}OxygenSaturation`]: (d, v, u) => {
    const p = fractionToPct(v, u);
    if (p === undefined) return false;
    d.spo2_sum = add(d.spo2_sum, p);
    d.spo2_n = add(d.spo2_n, 1);
    d.spo2_min = Math.min(d.spo2_min ?? p, p);
    return true;
  },
  [`${Q}RespiratoryRate`]: (d, v, u) => {
    const r = toBpm(v, u);
    if (r === undefined) return false;
    d.resp_sum = add(d.resp_sum, r);
    d.resp_n = add(d.resp_n, 1);
    return true;
  },
  [`${Q}VO2Max`]: (d, v, u, at) => {
    if (u !== 'mL/min·kg' && u !== 'ml/(kg*min)' && u !== 'mL/kg/min') return false;
    if (d.vo2_max_at === undefined || at >= d.vo2_max_at) {
      d.vo2_max = v;
      d.vo2_max_at = at;
    }
    return true;
  },
  [`${Q}FlightsClimbed`]: (d, v, _u, _at, hour) => ((d.flights = add(d.flights, v)), (d.flights_h = addHourly(d.flights_h, hour, v)), true),
  [`${Q}AppleExerciseTime`]: (d, v, u) => {
    const m = toMinutes(v, u);
    return m !== undefined && ((d.exercise_min = add(d.exercise_min, m)), true);
  },
  [`${Q}HeartRateVariabilitySDNN`]: (d, v, u) => {
    if (u !== 'ms') return false;
    d.hrv_sdnn_sum = add(d.hrv_sdnn_sum, v);
    d.hrv_sdnn_n = add(d.hrv_sdnn_n, 1);
    return true;
  },
};

export const isDailyType = (type: string): boolean => type in FOLD;

// Instantaneous samples are checked one by one (one bad heart-rate sample must not void the day's
// maximum); sums are checked on the day's total in rows().
const r0 = ranges.wearable_daily;
const SAMPLE_RANGES: Record<string, { column: string; range: Range; convert: (v: number, u: string | undefined) => number | undefined }> = {
  [`${Q}HeartRate`]: { column: 'max_hr_bpm', range: r0.max_hr_bpm, convert: toBpm },
  [`${Q}RestingHeartRate`]: { column: 'resting_hr_bpm', range: r0.resting_hr_bpm, convert: toBpm },
  [`${Q}OxygenSaturation`]: { column: 'spo2_min_pct', range: r0.spo2_min_pct, convert: fractionToPct },
  [`${Q}RespiratoryRate`]: { column: 'respiratory_rate_avg', range: r0.respiratory_rate_avg, convert: toBpm },
  [`${Q}VO2Max`]: { column: 'vo2_max_ml_kg_min', range: r0.vo2_max_ml_kg_min, convert: (v) => v },
  [`${Q}HeartRateVariabilitySDNN`]: { column: 'hrv_sdnn_ms', range: { min: 1, max: 500 }, convert: (v) => v },
};

/** Per-device figures as they are stored in raw_data.devices (rounded so JSON stays stable). */
function deviceFigures(d: DeviceDay): Record<string, number> {
  const out: Record<string, number> = {};
  const put = (k: string, v: number | undefined, places: number) => { if (v !== undefined) out[k] = round(v, places); };
  put('steps', d.steps, 0);
  put('distance_m', d.distance_m, 1);
  put('active_calories_kcal', d.active_kcal, 1);
  put('basal_calories_kcal', d.basal_kcal, 1);
  put('resting_hr_bpm', d.resting_hr, 0);
  put('max_hr_bpm', d.max_hr, 0);
  put('spo2_avg_pct', d.spo2_n ? d.spo2_sum! / d.spo2_n : undefined, 1);
  put('spo2_min_pct', d.spo2_min, 1);
  put('respiratory_rate_avg', d.resp_n ? d.resp_sum! / d.resp_n : undefined, 1);
  put('vo2_max_ml_kg_min', d.vo2_max, 1);
  put('floors_climbed', d.flights, 0);
  put('active_minutes', d.exercise_min, 0);
  put('hrv_sdnn_ms', d.hrv_sdnn_n ? d.hrv_sdnn_sum! / d.hrv_sdnn_n : undefined, 2);
  return out;
}

/** Columns merged hour by hour across devices (hourly.ts), from the DeviceDay field named. */
const HOURLY = { steps: 'steps_h', distance_m: 'distance_h', floors_climbed: 'flights_h' } as const;
/** Columns filled from one device's figure of the same name, chosen independently per column. */
const COLUMNS = ['steps', 'distance_m', 'active_calories_kcal', 'resting_hr_bpm', 'max_hr_bpm', 'spo2_avg_pct', 'spo2_min_pct', 'respiratory_rate_avg', 'vo2_max_ml_kg_min', 'floors_climbed', 'active_minutes'] as const;

/** The account key of ActivitySummary elements, which feed two columns at once. */
export const ACTIVITY_SUMMARY = 'ActivitySummary';
const OVERLAP = 'overlap: a better-ranked source (the Watch before the iPhone) counted the same hour; this source\'s total stays in raw_data.devices';
const NOT_CHOSEN = (column: string) => `${column} taken from a better-ranked source; this source's figure stays in raw_data.devices`;
const RINGS_COVERED = "the devices' own records cover that day; the rings stay in raw_data.devices['Activity Summary']";
const NO_ACTIVE = 'no active energy that day to add basal energy to (total_calories_kcal); kept in raw_data.devices';
/** The day's figures each account key feeds (total_calories_kcal: basal energy through the total). */
const FEEDS: Record<string, readonly string[]> = {
  [`${Q}StepCount`]: ['steps'], [`${Q}DistanceWalkingRunning`]: ['distance_m'], [`${Q}FlightsClimbed`]: ['floors_climbed'],
  [`${Q}ActiveEnergyBurned`]: ['active_calories_kcal'], [`${Q}BasalEnergyBurned`]: ['total_calories_kcal'],
  [`${Q}RestingHeartRate`]: ['resting_hr_bpm'], [`${Q}HeartRate`]: ['max_hr_bpm'], [`${Q}OxygenSaturation`]: ['spo2_avg_pct', 'spo2_min_pct'],
  [`${Q}RespiratoryRate`]: ['respiratory_rate_avg'], [`${Q}VO2Max`]: ['vo2_max_ml_kg_min'], [`${Q}AppleExerciseTime`]: ['active_minutes'],
  [`${Q}HeartRateVariabilitySDNN`]: ['hrv_sdnn_ms'], [ACTIVITY_SUMMARY]: ['active_calories_kcal', 'active_minutes'],
};
const HOURLY_OF: Record<string, keyof typeof HOURLY> = { [`${Q}StepCount`]: 'steps', [`${Q}DistanceWalkingRunning`]: 'distance_m', [`${Q}FlightsClimbed`]: 'floors_climbed' };

/** What became of one figure of one day: the sources it was taken from, and whether it was written. */
interface FigureFate {
  sources: string[];
  written: boolean;
  /** Why a picked figure was not written. */
  reason?: string;
}

export class DailyAggregator {
  private readonly days = new Map<string, Map<string, DeviceDay>>();
  // The date, source and day of the last add(): records come grouped by type and in time order, so
  // the next one nearly always falls on the same date and source, found then without a Map lookup.
  private lastDate = '';
  private lastSource = '';
  private lastDay: DeviceDay | undefined;

  /**
   * Folds one record into its local date and source. Returns undefined once folded, or the reason
   * it was dropped (a sample outside its column's bounds, or a unit not understood). key is the
   * account the element is counted under (its type, or ACTIVITY_SUMMARY); count false when the
   * same element was already counted under it.
   */
  add(type: string, localDate: string, hour: number, sourceName: string, value: number, unit: string | undefined, at: number, createdAt: number | undefined, tally?: Tally, key: string = type, count = true): string | undefined {
    const sample = SAMPLE_RANGES[type];
    if (sample && tally) {
      const v = sample.convert(value, unit);
      // Checked here first so the common in-range sample builds no message (bounded() counts the skip).
      if (v !== undefined && !(v >= sample.range.min && v <= sample.range.max)) {
        tally.bounded('wearable_daily', sample.column, v, { min: sample.range.min, max: sample.range.max }, `${type} ${localDate}`);
        return outOfRange('wearable_daily', sample.column, sample.range);
      }
    }
    let day = this.lastDay;
    if (day === undefined || localDate !== this.lastDate || sourceName !== this.lastSource) {
      let bySource = this.days.get(localDate);
      if (!bySource) this.days.set(detach(localDate), (bySource = new Map()));
      day = bySource.get(sourceName);
      if (!day) bySource.set(detach(sourceName), (day = {}));
      // Not detached: one element's strings, replaced by the next, keep one piece of text alive at most.
      this.lastDay = day;
      this.lastDate = localDate;
      this.lastSource = sourceName;
    }
    if (!FOLD[type]!(day, value, unit, at, hour)) return `unknown unit "${unit ?? ''}"`;
    if (count) {
      day.n ??= new Map();
      const n = day.n.get(key);
      day.n.set(n === undefined ? detach(key) : key, (n ?? 0) + 1);
    }
    if (createdAt !== undefined && (day.updated_at === undefined || createdAt > day.updated_at)) day.updated_at = createdAt;
    return undefined;
  }

  get size(): number {
    return this.days.size;
  }

  /**
   * One row per local date. Each column comes from the best-ranked device that measured it (the
   * Watch before the iPhone, see sources.ts), never a sum across devices, so steps are not counted
   * twice; steps, distance and flights are picked that way hour by hour (hourly.ts). Every
   * device's own figures stay in raw_data.devices and the picks in raw_data.chosen.
   * Apple's HRV is SDNN: it goes to raw_data.hrv_sdnn_ms, never to hrv_rmssd_ms.
   * Every folded element is settled in the ledger: used when its figure was written, else skipped
   * with the reason (an overlapping better source, a better source chosen, out of bounds).
   */
  rows(sources: SourceRanks, tally: Tally, ledger?: Ledger): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    const r = ranges.wearable_daily;
    for (const [date, bySource] of [...this.days].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const names = [...bySource.keys()].sort(sources.compare);
      const devices: Record<string, Record<string, number>> = {};
      for (const name of names) devices[name] = deviceFigures(bySource.get(name)!);
      const chosen: Record<string, string | string[]> = {};
      const winners: Partial<Record<keyof typeof HOURLY, (string | undefined)[]>> = {};
      const fates: Record<string, FigureFate> = {};
      const row: Record<string, unknown> = { date, source: 'apple_health' };
      const pick = (figure: string): number | undefined => {
        if (figure in HOURLY) {
          const key = HOURLY[figure as keyof typeof HOURLY];
          const merged = mergeHourly(names.map((n) => [n, bySource.get(n)![key]] as const));
          if (merged) {
            chosen[figure] = merged.used;
            winners[figure as keyof typeof HOURLY] = merged.winners;
          }
          return merged ? round(merged.total, 1) : undefined;
        }
        const name = names.find((n) => devices[n]![figure] !== undefined);
        if (name === undefined) return undefined;
        chosen[figure] = name;
        return devices[name]![figure];
      };
      const settle = (figure: string, picked: number | undefined, written: number | undefined, range: Range, reason?: string) => {
        const c = chosen[figure === 'total_calories_kcal' ? 'basal_calories_kcal' : figure];
        if (picked !== undefined || reason) fates[figure] = { sources: c === undefined ? [] : typeof c === 'string' ? [c] : c, written: written !== undefined, reason: reason ?? (written === undefined ? outOfRange('wearable_daily', figure, range) : undefined) };
      };
      for (const column of COLUMNS) {
        const picked = pick(column);
        const v = tally.bounded('wearable_daily', column, picked, r[column], date);
        settle(column, picked, v, r[column]);
        if (v !== undefined) row[column] = v;
      }
      const basal = pick('basal_calories_kcal');
      const active = row.active_calories_kcal as number | undefined;
      if (basal !== undefined && active !== undefined) {
        const total = tally.bounded('wearable_daily', 'total_calories_kcal', active + basal, r.total_calories_kcal, date);
        settle('total_calories_kcal', basal, total, r.total_calories_kcal);
        if (total !== undefined) row.total_calories_kcal = total;
      } else if (basal !== undefined) settle('total_calories_kcal', basal, undefined, r.total_calories_kcal, NO_ACTIVE);
      const sdnn = pick('hrv_sdnn_ms');
      // Every figure of the day was dropped (out of range): no row rather than an empty one.
      const empty = Object.keys(row).length === 2 && sdnn === undefined;
      if (sdnn !== undefined) settle('hrv_sdnn_ms', sdnn, sdnn, { min: 1, max: 500 });
      if (ledger) this.settle(ledger, bySource, fates, winners);
      if (empty) continue;
      const updated = Math.max(...[...bySource.values()].map((d) => d.updated_at ?? 0));
      if (updated > 0) row.source_updated_at = new Date(updated).toISOString();
      row.raw_data = { ...(sdnn !== undefined ? { hrv_sdnn_ms: sdnn } : {}), chosen, devices };
      out.push(row);
    }
    return out;
  }

  /** Settles one day's folded elements: used where their figure was written, else skipped with why. */
  private settle(ledger: Ledger, bySource: Map<string, DeviceDay>, fates: Record<string, FigureFate>, winners: Partial<Record<keyof typeof HOURLY, (string | undefined)[]>>): void {
    const merged = new Set<string>();
    for (const [source, day] of bySource) {
      for (const [key, n] of day.n ?? []) {
        const [element, type] = key === ACTIVITY_SUMMARY ? [ACTIVITY_SUMMARY, undefined] : ['Record', key];
        const hourly = HOURLY_OF[key];
        if (hourly) {
          const fate = fates[hourly]!;
          const records = day[HOURLY[hourly]]!.records;
          for (let hour = 0; hour < 24; hour++) {
            const k = records[hour]!;
            if (k === 0) continue;
            if (winners[hourly]![hour] !== source) ledger.skip(element, type, OVERLAP, k);
            else if (fate.written) {
              ledger.used(element, type, k);
              merged.add(key);
            } else ledger.skip(element, type, fate.reason!, k);
          }
          continue;
        }
        const figures = FEEDS[key]!;
        const mine = figures.map((f) => fates[f]).filter((f): f is FigureFate => f !== undefined && f.sources.includes(source));
        if (mine.some((f) => f.written)) {
          ledger.used(element, type, n);
          merged.add(key);
        } else if (mine.length) ledger.skip(element, type, mine[0]!.reason!, n);
        else ledger.skip(element, type, key === ACTIVITY_SUMMARY ? RINGS_COVERED : NOT_CHOSEN(figures[0]!), n);
      }
    }
    for (const key of merged) ledger.rows(key === ACTIVITY_SUMMARY ? ACTIVITY_SUMMARY : 'Record', key === ACTIVITY_SUMMARY ? undefined : key, 'wearable_daily');
  }
}
