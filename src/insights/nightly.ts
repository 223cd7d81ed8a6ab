// The nightly refresh: one insights__refresh job per active user (job_key insights:<userId>),
// queued in batches of user ids, each batch its own short transaction so no lock or snapshot is
// held across 100K users.
import type { Pool } from 'pg';
import { inRequestTransaction } from '../db/requestContext';

export const NIGHTLY_BATCH = 1000;

export async function queueNightlyRefresh(pool: Pool, batch = NIGHTLY_BATCH): Promise<number> {
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const row: { queued: number; last_user_id: string | null } = await inRequestTransaction(pool, { role: 'vitalis_worker' }, async (client) =>
      (await client.query<{ queued: number; last_user_id: string | null }>('select queued, last_user_id from vitalis_private.queue_insights_nightly($1, $2)', [after, batch])).rows[0]!,
    );
    total += row.queued;
    if (row.queued < batch || !row.last_user_id) return total;
    after = row.last_user_id;
  }
}
