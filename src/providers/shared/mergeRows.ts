import type { DailyRow, SleepRow } from '../types';

// Partial rows of one day (one per endpoint or summary type: Oura's daily_activity and
// daily_readiness, Garmin's dailies and hrv...) merged into one row per day. The batch upserts keep
// only one row per (day, source) of a batch, so the pieces must meet here first; across batches
// the upserts merge the same way (a value left out keeps the stored one, raw_data objects merge
// key by key).
// Columns: a later part's value wins over an earlier one's, so callers order the parts from the
// weakest to the strongest source of a column. raw_data objects merge key by key (mappers nest
// each piece under its own key); source_updated_at is the newest part's.

type Row = Record<string, unknown>;
const isObject = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
const later = (a: unknown, b: unknown): unknown => (typeof a !== 'string' ? b : typeof b !== 'string' ? a : a >= b ? a : b);

/** One row per key(row), in key order. */
export function mergeRows<T extends Row>(parts: T[], key: (row: T) => string): T[] {
  const byKey = new Map<string, Row>();
  for (const part of parts) {
    const row = byKey.get(key(part));
    if (!row) {
      byKey.set(key(part), isObject(part.raw_data) ? { ...part, raw_data: { ...part.raw_data } } : { ...part });
      continue;
    }
    for (const [column, value] of Object.entries(part)) {
      if (value === undefined || value === null) continue;
      if (column === 'raw_data' && isObject(value) && isObject(row.raw_data)) row.raw_data = { ...row.raw_data, ...value };
      else if (column === 'source_updated_at') row.source_updated_at = later(row.source_updated_at, value);
      else row[column] = value;
    }
  }
  return ([...byKey.values()] as T[]).sort((a, b) => key(a).localeCompare(key(b)));
}

/** wearable_daily pieces -> one row per date. */
export const mergeDailyRows = (parts: DailyRow[]): DailyRow[] => mergeRows(parts, (r) => r.date);

/** wearable_sleep pieces -> one row per sleep_date. */
export const mergeSleepRows = (parts: SleepRow[]): SleepRow[] => mergeRows(parts, (r) => r.sleep_date);
