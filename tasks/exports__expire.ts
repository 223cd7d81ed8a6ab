// Cron task (hourly, see CRONTAB in tasks/index.ts): deletes export archives whose download link
// has expired and marks their requests expired (src/privacy/export/expire.ts). Idempotent.
import type { Task } from 'graphile-worker';
import type { TaskContext } from '../src/jobs/context';
import { expireExports } from '../src/privacy/export/expire';

export function exportsExpire(ctx: TaskContext): Task {
  return async (_payload, helpers) => {
    const expired = await expireExports(ctx);
    helpers.logger.info(`exports__expire: ${expired} export${expired === 1 ? '' : 's'} expired`, { expired });
  };
}
