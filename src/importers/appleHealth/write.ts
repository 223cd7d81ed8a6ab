import type { PoolClient } from 'pg';
import { learnTimezoneOffsets } from '../../time/localTime';
import { BATCH_SIZE } from './aggregate';
import type { MeasurementRow } from './measurements';
import type { ObservedOffsets } from './offsets';

export interface UpsertCounts {
  inserted: number;
  updated: number;
  skipped: number;
}

const zero = (): UpsertCounts => ({ inserted: 0, updated: 0, skipped: 0 });

/** Batched writes inside the import's transaction, with the running counts for the summary. */
export class AppleHealthWriter {
  readonly daily = zero();
  readonly sleep = zero();
  readonly activities = zero();
  readonly measurements = zero();

  constructor(private readonly client: PoolClient) {}

  async upsert(table: 'wearable_daily' | 'wearable_sleep' | 'wearable_activities', rows: Record<string, unknown>[]): Promise<void> {
    const counts = table === 'wearable_daily' ? this.daily : table === 'wearable_sleep' ? this.sleep : this.activities;
    for (let i = 0; i < rows.length; i += BATCH_SIZE) {
      const { rows: result } = await this.client.query<UpsertCounts>(`select inserted, updated, skipped from vitalis.upsert_${table}($1::jsonb)`, [JSON.stringify(rows.slice(i, i + BATCH_SIZE))]);
      const r = result[0]!;
      counts.inserted += r.inserted;
      counts.updated += r.updated;
      counts.skipped += r.skipped;
    }
  }

  /** The offsets the records carried teach the user's zone history (learned ranges); returns the ranges written. */
  learnTimezones(observed: ObservedOffsets): Promise<number> {
    return learnTimezoneOffsets(this.client, observed.list());
  }

  /** Measurements already stored (same metric, instant and source) keep their row; a changed value replaces it. */
  async insertMeasurements(rows: MeasurementRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH_SIZE) {
      const batch = rows.slice(i, i + BATCH_SIZE).map((m) => ({ ...m, source: 'apple_health' }));
      const { rows: result } = await this.client.query<UpsertCounts>('select inserted, updated, skipped from vitalis.upsert_measurements($1::jsonb)', [JSON.stringify(batch)]);
      const r = result[0]!;
      this.measurements.inserted += r.inserted;
      this.measurements.updated += r.updated;
      this.measurements.skipped += r.skipped;
    }
  }
}
