// The database steps of an erasure, each a server-only SQL function (migrations/current/3-erasure-flow.sql)
// run as vitalis_worker: which requests are due, marking one processing, and the final transaction.
import type { Pool } from 'pg';
import { inRequestTransaction } from '../../db/requestContext';

export type BeginOutcome =
  | { status: 'erase'; userId: string; stripeCustomerId: string | null }
  | { status: 'not_due' | 'canceled' | 'completed' | 'missing' };

/** Queues one deletions__erase job per due or interrupted request; how many. */
export async function queueDueErasures(pool: Pool): Promise<number> {
  return inRequestTransaction(pool, { role: 'vitalis_worker' }, async (client) => {
    const { rows } = await client.query<{ queued: number }>('select vitalis_private.queue_due_erasures() as queued');
    return rows[0]?.queued ?? 0;
  });
}

/** Marks the request processing (again, after a crash) and says who is erased; other statuses mean stop. */
export async function beginErasure(pool: Pool, requestId: string): Promise<BeginOutcome> {
  return inRequestTransaction(pool, { role: 'vitalis_worker' }, async (client) => {
    const { rows } = await client.query<{ status: string; user_id: string | null; stripe_customer_id: string | null }>(
      'select * from vitalis_private.begin_erasure($1)',
      [requestId],
    );
    const row = rows[0]!;
    if (row.status === 'erase') return { status: 'erase', userId: row.user_id!, stripeCustomerId: row.stripe_customer_id };
    return { status: row.status as 'not_due' | 'canceled' | 'completed' | 'missing' };
  });
}

export interface ErasureCounts {
  rows: Record<string, number>;
  auditRowsAnonymised: number;
  alreadyCompleted?: boolean;
}

/** erase_user and what goes with it, in one transaction (see finish_erasure). */
export async function finishErasure(pool: Pool, requestId: string, external: Record<string, unknown>, customerDeleted: boolean): Promise<ErasureCounts> {
  return inRequestTransaction(pool, { role: 'vitalis_worker' }, async (client) => {
    const { rows } = await client.query<{ result: ErasureCounts }>('select vitalis_private.finish_erasure($1, $2, $3) as result', [requestId, JSON.stringify(external), customerDeleted]);
    return rows[0]!.result;
  });
}
