// Small readers for decoded FIT messages, and the bounds check every importer column goes through.
import type { Range } from '../../validation/bounds';

export type Msg = Record<string, unknown>;

const FIT_EPOCH_MS = 631065600000;

export const num = (m: Msg, ...keys: string[]): number | undefined => {
  for (const k of keys) {
    const v = m[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
};

/** A date_time field (a Date from the SDK) or a local_date_time one (left as FIT seconds by the SDK). */
export const date = (m: Msg, key: string): Date | undefined => {
  const v = m[key];
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(FIT_EPOCH_MS + v * 1000);
  return undefined;
};

export const list = (v: unknown): Msg[] => (Array.isArray(v) ? v.filter((x): x is Msg => typeof x === 'object' && x !== null) : []);

export const round = (v: number, places: number) => Math.round(v * 10 ** places) / 10 ** places;

/** "avgHeartRate" -> "avg_heart_rate": the FIT profile's own spelling, which the JS SDK camel-cases. */
export const snakeCase = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();

/** The message as stored in raw_data: FIT profile field names, Dates as ISO strings, bigints as strings. */
export function rawMessage(m: Msg): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) out[snakeCase(k)] = v;
  return JSON.parse(JSON.stringify(out, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Record<string, unknown>;
}

/** Keeps value when it lies in range (rounded first for integer columns), else warns and drops it. */
export function bounded(column: string, value: number | undefined, range: Range, warnings: string[], where: string): number | undefined {
  if (value === undefined) return undefined;
  const v = range.integer ? Math.round(value) : value;
  if (v < range.min || v > range.max) {
    warnings.push(`${where}: ${column} ${value} is outside ${range.min}..${range.max}; dropped`);
    return undefined;
  }
  return v;
}

/** The first day the tables refuse: 1 January two years ahead (their partition window, as the database's date_window_end('event')). */
const windowEnd = () => Date.UTC(new Date().getUTCFullYear() + 2, 0, 1);

/**
 * Why a time cannot be stored (outside 2000-01-01 .. the end of next year, such as FIT's epoch
 * 1989-12-31 from a device whose clock was never set), or undefined when it can.
 */
export function outsideWindow(d: Date): string | undefined {
  const ms = d.getTime();
  if (ms >= Date.UTC(2000, 0, 1) && ms < windowEnd()) return undefined;
  return `${Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? d.toISOString() : 'its time'} is outside 2000-01-01..${new Date(windowEnd() - 86_400_000).toISOString().slice(0, 10)}, the dates Vitalis stores`;
}
