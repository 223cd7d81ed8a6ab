import type { PoolClient } from 'pg';
import type { SyncBatch } from '../types';

export interface TableCounts {
  inserted: number;
  updated: number;
  skipped: number;
}
export interface BatchCounts {
  daily: TableCounts;
  sleep: TableCounts;
  activities: TableCounts;
  measurements: TableCounts;
}

export const emptyCounts = (): BatchCounts => ({
  daily: { inserted: 0, updated: 0, skipped: 0 },
  sleep: { inserted: 0, updated: 0, skipped: 0 },
  activities: { inserted: 0, updated: 0, skipped: 0 },
  measurements: { inserted: 0, updated: 0, skipped: 0 },
});

export function addCounts(into: BatchCounts, more: BatchCounts): void {
  for (const table of ['daily', 'sleep', 'activities', 'measurements'] as const) {
    into[table].inserted += more[table].inserted;
    into[table].updated += more[table].updated;
    into[table].skipped += more[table].skipped;
  }
}

const UPSERTS = [
  ['daily', 'vitalis.upsert_wearable_daily'],
  ['sleep', 'vitalis.upsert_wearable_sleep'],
  ['activities', 'vitalis.upsert_wearable_activities'],
] as const;

/**
 * Writes one batch in the caller's transaction (acting as the user): the idempotent upserts for
 * the wearable tables (an older source_updated_at never overwrites a newer one), and measurements
 * idempotent on (user_id, metric, measured_at, source).
 */
export async function writeBatch(client: PoolClient, userId: string, batch: SyncBatch): Promise<BatchCounts> {
  const counts = emptyCounts();
  for (const [table, fn] of UPSERTS) {
    const rows = batch[table];
    if (rows.length === 0) continue;
    const { rows: result } = await client.query<TableCounts>(`select inserted, updated, skipped from ${fn}($1::jsonb)`, [JSON.stringify(rows)]);
    if (result[0]) counts[table] = { inserted: result[0].inserted, updated: result[0].updated, skipped: result[0].skipped };
  }
  if (batch.measurements.length > 0) {
    // A provider's later edit of a measurement (same time, new value) replaces it; the same value
    // again changes nothing. xmax = 0 tells an inserted row from an updated one.
    const { rows } = await client.query<{ inserted: boolean }>(
      `insert into vitalis.measurements as t (user_id, metric, value, unit, measured_at, source)
       select distinct on (m.metric, m.measured_at, m.source) $1, m.metric::vitalis.measurement_metric, m.value, m.unit, m.measured_at, m.source::vitalis.data_source
         from jsonb_to_recordset($2::jsonb) as m(metric text, value numeric, unit text, measured_at timestamptz, source text)
       on conflict (user_id, metric, measured_at, source) do update set value = excluded.value, unit = excluded.unit
         where (t.value, t.unit) is distinct from (excluded.value, excluded.unit)
       returning (xmax = 0) as inserted`,
      [userId, JSON.stringify(batch.measurements)],
    );
    const inserted = rows.filter((r) => r.inserted).length;
    counts.measurements = { inserted, updated: rows.length - inserted, skipped: batch.measurements.length - rows.length };
  }
  return counts;
}
