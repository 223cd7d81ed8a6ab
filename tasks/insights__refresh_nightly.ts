// Cron task (nightly, see CRONTAB in tasks/index.ts): queues insights__refresh for every active
// user (src/insights/nightly.ts); the jobs then run at the worker's concurrency.
import type { Task } from 'graphile-worker';
import type { TaskContext } from '../src/jobs/context';
import { queueNightlyRefresh } from '../src/insights/nightly';

export function insightsRefreshNightly(ctx: TaskContext): Task {
  return async (_payload, helpers) => {
    const queued = await queueNightlyRefresh(ctx.pool);
    helpers.logger.info(`insights__refresh_nightly: queued ${queued} refresh${queued === 1 ? '' : 'es'}`, { queued });
  };
}
