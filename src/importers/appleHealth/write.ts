import type { PoolClient } from 'pg';
import { BATCH_SIZE } from './aggregate';
import type { MeasurementRow } from './measurements';

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
  readonly measurements = { inserted: 0, skipped: 0 };

  constructor(private readonly client: PoolClient, private readonly userId: string) {}

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

  /** Measurements already stored (same metric, instant and source) are left alone. */
  async insertMeasurements(rows: MeasurementRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH_SIZE) {
      const batch = rows.slice(i, i + BATCH_SIZE);
      const { rowCount } = await this.client.query(
        `insert into vitalis.measurements (user_id, metric, value, unit, measured_at, source)
         select $1, m.metric::vitalis.measurement_metric, m.value, m.unit, m.measured_at, 'apple_health'
           from jsonb_to_recordset($2::jsonb) as m(metric text, value numeric, unit text, measured_at timestamptz)
         on conflict (user_id, metric, measured_at, source) do nothing`,
        [this.userId, JSON.stringify(batch)],
      );
      this.measurements.inserted += rowCount ?? 0;
      this.measurements.skipped += batch.length - (rowCount ?? 0);
    }
  }
}
