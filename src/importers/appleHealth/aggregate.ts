import { DailyAggregator, isDailyType } from './daily';
import { isMeasurementType, measurementRow, type MeasurementRow } from './measurements';
import type { Attrs, ExportHandlers } from './reader';
import { SleepAggregator, sleepStage } from './sleep';
import { SourceRanks } from './sources';
import { detachJson } from './strings';
import { Tally } from './tally';
import { parseAppleTime, type AppleTime } from './time';
import { workoutRow } from './workouts';

const SLEEP = 'HKCategoryTypeIdentifierSleepAnalysis';
const BLOOD_PRESSURE = 'HKCorrelationTypeIdentifierBloodPressure';
const SUMMARY_SOURCE = 'Activity Summary';
/** Rows per upsert / insert call. */
export const BATCH_SIZE = 2000;

export interface AggregatedRows {
  daily: Record<string, unknown>[];
  sleep: Record<string, unknown>[];
}

/**
 * Turns export.xml elements into Vitalis rows. Daily and sleep figures are folded into per-date
 * accumulators and only become rows in finish(); workouts and measurements are one row per element
 * and queue up in `pending` for the caller to flush every BATCH_SIZE rows, so nothing here grows
 * with the number of records. Used unchanged by the import and by the parse-only benchmark.
 */
export class AppleHealthAggregator implements ExportHandlers {
  readonly tally = new Tally();
  readonly sources = new SourceRanks();
  readonly pending: { activities: Record<string, unknown>[]; measurements: MeasurementRow[] } = { activities: [], measurements: [] };
  recordsRead = 0;
  private readonly daily = new DailyAggregator();
  private readonly sleep = new SleepAggregator();
  private readonly maxDate = `${new Date().getUTCFullYear() + 1}-12-31`;

  get batchFull(): boolean {
    return this.pending.activities.length >= BATCH_SIZE || this.pending.measurements.length >= BATCH_SIZE;
  }

  /** A record's start and end, or undefined with a counted reason. */
  private times(a: Attrs, what: string): { start: AppleTime; end: AppleTime } | undefined {
    const start = parseAppleTime(a.startDate);
    const end = parseAppleTime(a.endDate) ?? start;
    if (!start || !end) {
      this.tally.skip(`${what}: unreadable startDate/endDate`, `${a.type} ${a.startDate ?? ''}`);
      return undefined;
    }
    // The wearable tables accept 2000-01-01 to the end of next year (their partition window).
    if (start.localDate < '2000-01-01' || end.localDate > this.maxDate) {
      this.tally.skip(`${what}: date outside 2000-01-01..${this.maxDate}`, `${a.type} ${a.startDate}`);
      return undefined;
    }
    return { start, end };
  }

  record(a: Attrs): void {
    this.recordsRead++;
    this.mapRecord(a);
  }

  private mapRecord(a: Attrs): void {
    const type = a.type ?? '(no type)';
    if (type === SLEEP) return this.sleepSample(a);
    const daily = isDailyType(type);
    if (!daily && !isMeasurementType(type)) return this.tally.unmappedType(type);
    const value = a.value === undefined ? NaN : Number(a.value);
    if (!Number.isFinite(value)) return this.tally.skip(`${type}: value is not a number`, `"${a.value ?? ''}" at ${a.startDate}`);
    const t = this.times(a, type);
    if (!t) return;
    const source = a.sourceName ?? '(unknown source)';
    this.sources.note(source, a.device);
    if (daily) {
      if (!this.daily.add(type, t.start.localDate, t.start.localHour, source, value, a.unit, t.start.ms, parseAppleTime(a.creationDate)?.ms, this.tally)) this.tally.skip(`${type}: unknown unit "${a.unit ?? ''}"`, a.startDate);
      return;
    }
    const row = measurementRow(type, value, a.unit, t.start.ms, this.tally, `${a.startDate}`);
    if (row) this.pending.measurements.push(detachJson(row));
  }

  private sleepSample(a: Attrs): void {
    const stage = sleepStage(a.value);
    if (stage === undefined) return this.tally.skip(`${SLEEP}: unknown value "${a.value ?? ''}"`, a.startDate);
    const t = this.times(a, SLEEP);
    if (!t) return;
    if (t.end.ms <= t.start.ms) return this.tally.skip(`${SLEEP}: endDate not after startDate`, a.startDate);
    const source = a.sourceName ?? '(unknown source)';
    this.sources.note(source, a.device);
    this.sleep.add(source, stage, t.start.ms, t.end.ms, t.end.offsetMin, parseAppleTime(a.creationDate)?.ms);
  }

  workout(a: Attrs, statistics: Attrs[], metadata: Attrs[]): void {
    this.recordsRead++;
    if (!this.times({ ...a, type: a.workoutActivityType ?? 'Workout' }, 'Workout')) return;
    const row = workoutRow(a, statistics, metadata, this.tally);
    if (row) this.pending.activities.push(detachJson(row));
  }

  /** Apple also writes a correlation's records at the top level; the measurements key absorbs the copy. */
  correlation(a: Attrs, records: Attrs[]): void {
    this.recordsRead++;
    if (a.type !== BLOOD_PRESSURE) return this.tally.unmappedType(a.type ?? 'Correlation');
    for (const r of records) this.mapRecord({ sourceName: a.sourceName ?? '', ...r });
  }

  /**
   * The rings' daily totals, as a source of their own ranked below every device ("Activity
   * Summary"): they fill active energy and exercise minutes on days without such records. Days
   * with empty rings (the Watch not worn) add nothing.
   */
  activitySummary(a: Attrs): void {
    this.recordsRead++;
    const date = a.dateComponents ?? '';
    const energy = Number(a.activeEnergyBurned ?? 0);
    const exercise = Number(a.appleExerciseTime ?? 0);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || date < '2000-01-01' || date > this.maxDate) return this.tally.skip('ActivitySummary: unreadable or out-of-range dateComponents', date);
    if (!(energy > 0) && !(exercise > 0)) return;
    const at = Date.parse(`${date}T00:00:00Z`);
    if (energy > 0 && !this.daily.add('HKQuantityTypeIdentifierActiveEnergyBurned', date, 0, SUMMARY_SOURCE, energy, a.activeEnergyBurnedUnit ?? 'kcal', at, undefined)) this.tally.skip(`ActivitySummary: unknown unit "${a.activeEnergyBurnedUnit ?? ''}"`, date);
    if (exercise > 0) this.daily.add('HKQuantityTypeIdentifierAppleExerciseTime', date, 0, SUMMARY_SOURCE, exercise, 'min', at, undefined);
  }

  other(name: string): void {
    this.tally.unmappedType(name);
  }

  /** The per-date rows, once the whole file has been read. */
  finish(): AggregatedRows {
    return { daily: this.daily.rows(this.sources, this.tally), sleep: this.sleep.rows(this.sources, this.tally) };
  }
}
