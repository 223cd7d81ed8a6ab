// Cron task (daily, see CRONTAB in tasks/index.ts): queues a daily_sync job for every active provider
// connection that has none waiting or running. Idempotent within a day: a second run finds the
// first run's jobs and queues nothing.
import type { Task } from 'graphile-worker';
import type { TaskContext } from '../src/jobs/context';
import { inRequestTransaction } from '../src/db/requestContext';

export function providersSyncDaily(ctx: TaskContext): Task {
  return async (_payload, helpers) => {
    const queued = await inRequestTransaction(ctx.pool, { role: 'vitalis_worker' }, async (client) => {
      const { rows } = await client.query<{ queued: number }>('select vitalis_private.enqueue_daily_syncs() as queued');
      return rows[0]?.queued ?? 0;
    });
    helpers.logger.info(`providers__sync_daily: queued ${queued} sync${queued === 1 ? '' : 's'}`, { queued });
  };
}
