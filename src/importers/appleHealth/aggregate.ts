import { isCalendarDate } from '../../validation/isoDates';
import { ACTIVITY_SUMMARY, DailyAggregator, isDailyType } from './daily';
import { Ledger, type Table } from './ledger';
import { isMeasurementType, measurementRow, type MeasurementRow } from './measurements';
import { ObservedOffsets } from './offsets';
import type { Attrs, ExportHandlers } from './reader';
import { SleepAggregator, sleepStage } from './sleep';
import { SourceRanks } from './sources';
import { detachJson } from './strings';
import { Tally } from './tally';
import { acceptedMs, parseAppleMs, parseAppleTime, type AppleTime } from './time';
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

const UNMAPPED = 'unmapped type: Vitalis has no column for it';
/** Top-level elements that describe the export rather than hold data. */
const HEADER_REASONS: Record<string, string> = {
  ExportDate: 'export metadata: when the export was made',
  Me: 'profile characteristics (date of birth, sex, blood type, skin type) are not imported',
};

/** What became of one Record: a row written, dropped with a reason, or folded into a day or night (settled in finish()). */
type Outcome = { table: Table } | { reason: string } | 'folded';

/**
 * Turns export.xml elements into Vitalis rows. Daily and sleep figures are folded into per-date
 * accumulators and only become rows in finish(); workouts and measurements are one row per element
 * and queue up in `pending` for the caller to flush every BATCH_SIZE rows, so nothing here grows
 * with the number of records. Used unchanged by the import and by the parse-only benchmark.
 */
export class AppleHealthAggregator implements ExportHandlers {
  readonly tally = new Tally();
  readonly ledger = new Ledger();
  readonly sources = new SourceRanks();
  readonly offsets = new ObservedOffsets();
  readonly pending: { activities: Record<string, unknown>[]; measurements: MeasurementRow[] } = { activities: [], measurements: [] };
  recordsRead = 0;
  private readonly daily = new DailyAggregator();
  private readonly sleep = new SleepAggregator();
  private readonly maxDate = `${new Date().getUTCFullYear() + 1}-12-31`;

  get batchFull(): boolean {
    return this.pending.activities.length >= BATCH_SIZE || this.pending.measurements.length >= BATCH_SIZE;
  }

  private outside(t: AppleTime): boolean {
    return t.localDate < '2000-01-01' || t.localDate > this.maxDate;
  }

  /** A record's start and end, or the reason (also counted in the tally) it has none usable. */
  private times(a: Attrs, what: string): { start: AppleTime; end: AppleTime } | string {
    const start = parseAppleTime(a.startDate);
    const end = parseAppleTime(a.endDate) ?? start;
    if (!start || !end) {
      this.tally.skip(`${what}: unreadable startDate/endDate`, `${a.type} ${a.startDate ?? ''}`);
      return 'unreadable startDate/endDate';
    }
    // The wearable tables accept 2000-01-01 to the end of next year (their partition window).
    // Both ends on both bounds: a damaged export can start in 9999 and end in 2024.
    if (this.outside(start) || this.outside(end)) {
      this.tally.skip(`${what}: date outside 2000-01-01..${this.maxDate}`, `${a.type} ${a.startDate}`);
      return `date outside 2000-01-01..${this.maxDate}`;
    }
    this.offsets.observe(start);
    return { start, end };
  }

  record(a: Attrs): void {
    this.recordsRead++;
    const type = a.type ?? '(no type)';
    this.ledger.read('Record', type);
    const outcome = this.mapRecord(a);
    if (outcome === 'folded') return;
    if ('reason' in outcome) this.ledger.skip('Record', type, outcome.reason);
    else {
      this.ledger.used('Record', type);
      this.ledger.rows('Record', type, outcome.table);
    }
  }

  private mapRecord(a: Attrs): Outcome {
    const type = a.type ?? '(no type)';
    if (type === SLEEP) return this.sleepSample(a);
    const daily = isDailyType(type);
    if (!daily && !isMeasurementType(type)) {
      this.tally.unmappedType(type);
      return { reason: UNMAPPED };
    }
    const value = a.value === undefined ? NaN : Number(a.value);
    if (!Number.isFinite(value)) {
      this.tally.skip(`${type}: value is not a number`, `"${a.value ?? ''}" at ${a.startDate}`);
      return { reason: 'value is not a number' };
    }
    const t = this.times(a, type);
    if (typeof t === 'string') return { reason: t };
    const source = a.sourceName ?? '(unknown source)';
    this.sources.note(source, a.device);
    if (daily) {
      const reason = this.daily.add(type, t.start.localDate, t.start.localHour, source, value, a.unit, t.start.ms, acceptedMs(parseAppleMs(a.creationDate)), this.tally);
      if (reason === undefined) return 'folded';
      if (reason.startsWith('unknown unit')) this.tally.skip(`${type}: ${reason}`, a.startDate);
      return { reason };
    }
    const row = measurementRow(type, value, a.unit, t.start.ms, this.tally, `${a.startDate}`);
    if (typeof row === 'string') return { reason: row };
    this.pending.measurements.push(detachJson(row));
    return { table: 'measurements' };
  }

  private sleepSample(a: Attrs): Outcome {
    const stage = sleepStage(a.value);
    if (stage === undefined) {
      this.tally.skip(`${SLEEP}: unknown value "${a.value ?? ''}"`, a.startDate);
      return { reason: `unknown sleep value "${a.value ?? ''}"` };
    }
    const t = this.times(a, SLEEP);
    if (typeof t === 'string') return { reason: t };
    if (t.end.ms <= t.start.ms) {
      this.tally.skip(`${SLEEP}: endDate not after startDate`, a.startDate);
      return { reason: 'endDate not after startDate' };
    }
    const source = a.sourceName ?? '(unknown source)';
    this.sources.note(source, a.device);
    this.sleep.add(source, stage, t.start.ms, t.end.ms, t.start.offsetMin, t.end.offsetMin, acceptedMs(parseAppleMs(a.creationDate)));
    return 'folded';
  }

  workout(a: Attrs, statistics: Attrs[], metadata: Attrs[]): void {
    this.recordsRead++;
    this.ledger.read('Workout');
    const t = this.times({ ...a, type: a.workoutActivityType ?? 'Workout' }, 'Workout');
    if (typeof t === 'string') return this.ledger.skip('Workout', undefined, t);
    const row = workoutRow(a, statistics, metadata, this.tally);
    if (!row) return this.ledger.skip('Workout', undefined, 'no readable startDate');
    this.pending.activities.push(detachJson(row));
    this.ledger.used('Workout', undefined);
    this.ledger.rows('Workout', undefined, 'wearable_activities');
  }

  /**
   * Apple also writes a correlation's records at the top level (each counted there too); the
   * measurements key absorbs the copy. The Correlation is used when one of its records was.
   */
  correlation(a: Attrs, records: Attrs[]): void {
    this.recordsRead++;
    const type = a.type ?? '(no type)';
    this.ledger.read('Correlation', type);
    if (type !== BLOOD_PRESSURE) {
      this.tally.unmappedType(a.type ?? 'Correlation');
      return this.ledger.skip('Correlation', type, UNMAPPED);
    }
    let written = 0;
    let reason = 'no blood pressure record inside';
    for (const r of records) {
      if (!isMeasurementType(r.type ?? '')) continue;
      const outcome = this.mapRecord({ sourceName: a.sourceName ?? '', ...r });
      if (outcome !== 'folded' && 'table' in outcome) written++;
      else if (outcome !== 'folded') reason = outcome.reason;
    }
    if (written === 0) return this.ledger.skip('Correlation', type, reason);
    this.ledger.used('Correlation', type);
    this.ledger.rows('Correlation', type, 'measurements', written);
  }

  /**
   * The rings' daily totals, as a source of their own ranked below every device ("Activity
   * Summary"): they fill active energy and exercise minutes on days without such records. Days
   * with empty rings (the Watch not worn) add nothing.
   */
  activitySummary(a: Attrs): void {
    this.recordsRead++;
    this.ledger.read(ACTIVITY_SUMMARY);
    const skip = (reason: string) => this.ledger.skip(ACTIVITY_SUMMARY, undefined, reason);
    const date = a.dateComponents ?? '';
    const energy = Number(a.activeEnergyBurned ?? 0);
    const exercise = Number(a.appleExerciseTime ?? 0);
    if (!isCalendarDate(date) || date < '2000-01-01' || date > this.maxDate) {
      this.tally.skip('ActivitySummary: unreadable or out-of-range dateComponents', date);
      return skip(`dateComponents unreadable or outside 2000-01-01..${this.maxDate}`);
    }
    if (!(energy > 0) && !(exercise > 0)) return skip('empty rings: no active energy or exercise that day');
    const at = Date.parse(`${date}T00:00:00Z`);
    let folded = false;
    let reason = '';
    if (energy > 0) {
      const r = this.daily.add('HKQuantityTypeIdentifierActiveEnergyBurned', date, 0, SUMMARY_SOURCE, energy, a.activeEnergyBurnedUnit ?? 'kcal', at, undefined, undefined, ACTIVITY_SUMMARY);
      if (r === undefined) folded = true;
      else {
        this.tally.skip(`ActivitySummary: unknown unit "${a.activeEnergyBurnedUnit ?? ''}"`, date);
        reason = `active energy: ${r}`;
      }
    }
    if (exercise > 0 && this.daily.add('HKQuantityTypeIdentifierAppleExerciseTime', date, 0, SUMMARY_SOURCE, exercise, 'min', at, undefined, undefined, ACTIVITY_SUMMARY, !folded) === undefined) folded = true;
    if (!folded) skip(reason);
  }

  other(name: string): void {
    this.ledger.read(name);
    const header = HEADER_REASONS[name];
    if (header) return this.ledger.skip(name, undefined, header);
    this.tally.unmappedType(name);
    this.ledger.skip(name, undefined, 'not imported: Vitalis has no table for it');
  }

  /** The per-date rows, once the whole file has been read; settles every folded element in the ledger. */
  finish(): AggregatedRows {
    return { daily: this.daily.rows(this.sources, this.tally, this.ledger), sleep: this.sleep.rows(this.sources, this.tally, this.ledger) };
  }
}
