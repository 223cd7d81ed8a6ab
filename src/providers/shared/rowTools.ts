import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { type Range, type RangeTable, ranges, weightLbs } from '../../validation/bounds';
import type { MeasurementRow, ProviderName } from '../types';

// Shared by every adapter's mappers: zod parsing with errors that name the field, bounds from
// src/validation/bounds.ts, rows without undefined keys, and the small time helpers every
// date-keyed API needs.

/**
 * An instant in epoch seconds that a Date can hold and the tables could: 0 to the end of year
 * 9999. Found by fuzzing: 2^53 reached new Date(...).toISOString(), a RangeError, not a refusal.
 */
export const epochSeconds = z.number().int().min(0).max(253_402_300_799);

/**
 * A length or offset in seconds (a duration, a UTC offset) that keeps any epochSeconds it is added
 * to inside what a Date holds: about ±31 years. Found by fuzzing: a Garmin duration of 1e129
 * reached new Date(...).toISOString().
 */
export const boundedSeconds = z.number().min(-1e9).max(1e9);

/** A provider response that does not have the documented shape. */
export class ProviderFormatError extends Error {
  override name = 'ProviderFormatError';
}

/** Parses json with schema; a mismatch throws naming the first bad field, e.g. "garmin dailies: [0].steps: expected number". */
export function parseWith<S extends z.ZodType>(schema: S, json: unknown, where: string): z.output<S> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') || '(root)';
  throw new ProviderFormatError(`${where}: ${path.replace(/^\./, '')}: ${issue.message}`);
}

/** Keeps value when it lies in range (rounded first for integer columns), else warns and drops it. */
export function inRange(column: string, value: number | null | undefined, range: Range, warnings: string[], where: string): number | undefined {
  if (value === undefined || value === null || !Number.isFinite(value)) return undefined;
  const v = range.integer ? Math.round(value) : value;
  if (v < range.min || v > range.max) {
    warnings.push(`${where}: ${column} ${value} is outside ${range.min}..${range.max}; dropped`);
    return undefined;
  }
  return v;
}

/**
 * Builds a row for table: numeric columns with a bound in bounds.ts are checked (out of range:
 * dropped with a warning), undefined values are left out so the row holds only what was sent.
 */
export function boundedRow<T extends Record<string, unknown>>(table: RangeTable, where: string, values: T, warnings: string[]): T {
  const bounds = ranges[table] as Record<string, Range>;
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const range = bounds[key];
    const checked = range && typeof value === 'number' ? inRange(key, value, range, warnings, where) : value;
    if (checked !== undefined && checked !== null) row[key] = checked;
  }
  return row as T;
}

const PERCENT: Range = { min: 0, max: 100 };
/** Plausible ranges for measurement metrics (numeric(10,3) holds the rest); weight uses the CHECK's pound bounds. */
const METRIC_RANGES: Record<string, Range> = {
  body_fat_pct: PERCENT,
  body_water_pct: PERCENT,
  spo2: { min: 50, max: 100 },
  muscle_mass: { min: 0, max: 500 },
  bone_mass: { min: 0, max: 100 },
  lean_mass: { min: 0, max: 500 },
  bmi: { min: 5, max: 150 },
  height: { min: 0.3, max: 3 },
  blood_pressure_systolic: { min: 40, max: 300 },
  blood_pressure_diastolic: { min: 20, max: 200 },
  heart_rate: { min: 20, max: 300 },
  body_temperature: { min: 25, max: 45 },
  pulse_wave_velocity: { min: 0, max: 100 },
  vo2_max: { min: 10, max: 100 },
  visceral_fat_rating: { min: 0, max: 100 },
};
const KG_PER_LB = 0.45359237;

/** A measurements row, or undefined (with a warning) when the value is outside the metric's range. */
export function measurement(source: ProviderName, metric: string, value: number | null | undefined, unit: string, measuredAt: Date, warnings: string[], where: string): MeasurementRow | undefined {
  if (value === undefined || value === null || !Number.isFinite(value)) return undefined;
  const rounded = Math.round(value * 1000) / 1000;
  if (metric === 'weight') {
    if (unit !== 'kg') throw new Error(`measurement: weight must be given in kg here, got "${unit}"`);
    if (inRange('weight (lb)', rounded / KG_PER_LB, weightLbs, warnings, where) === undefined) return undefined;
  } else {
    const range = METRIC_RANGES[metric];
    if (range && inRange(metric, rounded, range, warnings, where) === undefined) return undefined;
  }
  return { metric, value: rounded, unit, measured_at: measuredAt.toISOString(), source };
}

/** The local calendar day of an instant given the UTC offset in seconds. */
export function localDate(epochSeconds: number, offsetSeconds: number): string {
  return new Date((epochSeconds + offsetSeconds) * 1000).toISOString().slice(0, 10);
}

/** end_time and duration_seconds of an activity from its ISO start and end; both left out when the end comes before the start. */
export function activitySpan(start: string, end: string): { end_time?: string; duration_seconds?: number } {
  const from = Date.parse(start);
  const to = Date.parse(end);
  return to >= from ? { end_time: new Date(to).toISOString(), duration_seconds: Math.round((to - from) / 1000) } : {};
}

export const secondsToMinutes = (s: number | null | undefined): number | undefined => (s === null || s === undefined ? undefined : Math.round(s / 60));

/** Splits [start, end) into consecutive pieces no longer than maxMs. */
export function splitWindow(start: Date, end: Date, maxMs: number): { start: Date; end: Date }[] {
  const pieces: { start: Date; end: Date }[] = [];
  for (let t = start.getTime(); t < end.getTime(); t += maxMs) pieces.push({ start: new Date(t), end: new Date(Math.min(t + maxMs, end.getTime())) });
  return pieces;
}

/** Splits the inclusive day range [startDate, endDate] into ranges of at most maxDays days. */
export function splitDays(startDate: string, endDate: string, maxDays: number): { start: string; end: string }[] {
  const day = 86_400_000;
  const out: { start: string; end: string }[] = [];
  const last = Date.parse(`${endDate}T00:00:00Z`);
  for (let t = Date.parse(`${startDate}T00:00:00Z`); t <= last; t += maxDays * day) {
    out.push({ start: new Date(t).toISOString().slice(0, 10), end: new Date(Math.min(t + (maxDays - 1) * day, last)).toISOString().slice(0, 10) });
  }
  return out;
}

/** Compares two secrets in constant time. */
export function sameSecret(given: string | undefined, expected: string | undefined): boolean {
  if (!given || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
