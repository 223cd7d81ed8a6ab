// Cron task (daily, see CRONTAB in tasks/index.ts): keeps next year's partitions of the partitioned
// wearable tables, and the next four quarters of audit_log, ready before data for them arrives.
// Idempotent: it creates only what is missing and returns how many it created.
import type { Task } from 'graphile-worker';

/** Anything with pg's `query`: a pg Client, PoolClient or Pool. */
export interface Queryable {
  query(text: string): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/** Runs vitalis_private.ensure_future_partitions() (SECURITY DEFINER) and returns how many partitions it created. */
export async function ensureFuturePartitions(client: Queryable): Promise<number> {
  const { rows } = await client.query('select vitalis_private.ensure_future_partitions() as created');
  return Number(rows[0]?.created ?? 0);
}

const partitionsEnsure: Task = async (_payload, helpers) => {
  const created = await helpers.withPgClient((client) => ensureFuturePartitions(client));
  helpers.logger.info(`partitions__ensure: created ${created} partition${created === 1 ? '' : 's'}`, { created });
};

export default partitionsEnsure;
