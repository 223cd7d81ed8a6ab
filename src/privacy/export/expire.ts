// The exports__expire cron: archives past their link's expiry are deleted from the bucket, then
// their request is marked expired. Deleting first makes a re-run safe: an object already gone is
// deleted again without error, and a row is never "expired" while its archive is still there.
import type { Pool } from 'pg';
import type { Logger } from '../../http/logger';
import type { Storage } from '../../storage/s3';
import { deleteArchive } from './store';

const BATCH = 100;

/** Expires every due export, BATCH at a time; returns how many. */
export async function expireExports(ctx: { pool: Pool; storage: Storage; logger: Logger }, options: { maxBatches?: number } = {}): Promise<number> {
  let expired = 0;
  for (let batch = 0; batch < (options.maxBatches ?? 100); batch++) {
    const { rows } = await ctx.pool.query<{ export_id: string; s3_key: string | null }>(
      `select export_id, s3_key from vitalis_private.exports_due_to_expire($1)`,
      [BATCH],
    );
    for (const row of rows) {
      if (row.s3_key) await deleteArchive(ctx.storage, row.s3_key);
      const { rows: done } = await ctx.pool.query<{ ok: boolean }>(`select vitalis_private.export_expire($1) as ok`, [row.export_id]);
      if (done[0]?.ok) expired += 1;
    }
    if (rows.length < BATCH) break;
  }
  if (expired) ctx.logger.info({ expired }, 'expired export archives deleted');
  return expired;
}
