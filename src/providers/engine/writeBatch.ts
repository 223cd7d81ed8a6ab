import type { PoolClient } from 'pg';
import { learnTimezoneOffsets } from '../../time/localTime';
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

/**
 * The batch as JSON for PostgreSQL: a NUL character (\u0000), which jsonb cannot hold ("unsupported
 * Unicode escape sequence"), is dropped from strings. Found by fuzzing: one NUL in a provider's
 * note or raw payload failed the whole window.
 */
const asJson = (rows: unknown): string => JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '') : value));

const UPSERTS = [
  ['daily', 'vitalis.upsert_wearable_daily'],
  ['sleep', 'vitalis.upsert_wearable_sleep'],
  ['activities', 'vitalis.upsert_wearable_activities'],
] as const;

/**
 * Deletes the rows stored earlier for activities the batch shows are parts of a whole, not
 * activities of their own (a Garmin multisport parent, stored before parents and legs were told
 * apart, counted the race twice); names what it deleted in the batch's warnings.
 */
async function deleteSuperseded(client: PoolClient, userId: string, batch: SyncBatch): Promise<void> {
  const superseded = batch.supersededActivities ?? [];
  const { rows } = await client.query<{ source: string; source_activity_id: string }>(
    `delete from vitalis.wearable_activities a
      using unnest($2::text[], $3::text[]) s(source, source_activity_id)
      where a.user_id = $1 and a.source::text = s.source and a.source_activity_id = s.source_activity_id
      returning a.source::text, a.source_activity_id`,
    [userId, superseded.map((s) => s.source), superseded.map((s) => s.source_activity_id)],
  );
  for (const r of rows) batch.warnings.push(`${r.source} activity ${r.source_activity_id}: stored earlier as an activity of its own, now known to be a multisport parent whose legs are stored; deleted`);
}

/**
 * Writes one batch in the caller's transaction (acting as the user): the idempotent upserts for
 * the wearable tables (an older source_updated_at never overwrites a newer one), and measurements
 * idempotent on (user_id, metric, measured_at, source); UTC offsets the data carried feed the
 * user's learned zone history.
 */
export async function writeBatch(client: PoolClient, userId: string, batch: SyncBatch): Promise<BatchCounts> {
  const counts = emptyCounts();
  for (const [table, fn] of UPSERTS) {
    const rows = batch[table];
    if (rows.length === 0) continue;
    const { rows: result } = await client.query<TableCounts>(`select inserted, updated, skipped from ${fn}($1::jsonb)`, [asJson(rows)]);
    if (result[0]) counts[table] = { inserted: result[0].inserted, updated: result[0].updated, skipped: result[0].skipped };
  }
  if (batch.measurements.length > 0) {
    // A provider's later edit of a measurement (same time, new value) replaces it.
    const { rows: result } = await client.query<TableCounts>('select inserted, updated, skipped from vitalis.upsert_measurements($1::jsonb)', [asJson(batch.measurements)]);
    if (result[0]) counts.measurements = { inserted: result[0].inserted, updated: result[0].updated, skipped: result[0].skipped };
  }
  if (batch.observedOffsets?.length) await learnTimezoneOffsets(client, batch.observedOffsets);
  if (batch.supersededActivities?.length) await deleteSuperseded(client, userId, batch);
  return counts;
}
