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
 * Deletes this user's activities of one source by their source ids (in the caller's transaction,
 * acting as the user); returns the ids it deleted.
 */
export async function deleteActivities(client: PoolClient, userId: string, source: string, sourceActivityIds: readonly string[]): Promise<string[]> {
  const { rows } = await client.query<{ source_activity_id: string }>(
    'delete from vitalis.wearable_activities where user_id = $1 and source = $2 and source_activity_id = any($3::text[]) returning source_activity_id',
    [userId, source, sourceActivityIds],
  );
  return rows.map((r) => r.source_activity_id);
}

/**
 * Deletes the rows stored earlier for activities the batch shows are parts of a whole, not
 * activities of their own (a Garmin multisport parent, stored before parents and legs were told
 * apart, counted the race twice); names what it deleted in the batch's warnings.
 */
async function deleteSuperseded(client: PoolClient, userId: string, batch: SyncBatch): Promise<void> {
  const bySource = new Map<string, string[]>();
  for (const s of batch.supersededActivities ?? []) bySource.set(s.source, [...(bySource.get(s.source) ?? []), s.source_activity_id]);
  for (const [source, ids] of bySource) {
    for (const id of await deleteActivities(client, userId, source, ids)) {
      batch.warnings.push(`${source} activity ${id}: stored earlier as an activity of its own, now known to be a multisport parent whose legs are stored; deleted`);
    }
  }
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
