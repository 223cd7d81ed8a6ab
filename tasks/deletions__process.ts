// Cron task (daily, see CRONTAB in tasks/index.ts): every deletion request whose grace period has
// ended, and every one a crash left in processing, gets one deletions__erase job (job key
// erase:<request id>, so a request is never queued twice).
import type { Task } from 'graphile-worker';
import type { TaskContext } from '../src/jobs/context';
import { queueDueErasures } from '../src/privacy/erasure/steps';

export function deletionsProcess(ctx: TaskContext): Task {
  return async (_payload, helpers) => {
    const queued = await queueDueErasures(ctx.pool);
    helpers.logger.info(`deletions__process: queued ${queued} erasure${queued === 1 ? '' : 's'}`, { queued });
  };
}
