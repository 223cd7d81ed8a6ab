// Cron task (daily, see CRONTAB in tasks/index.ts): one backup of the database to storage, which
// is also the weekly on Sundays and the monthly on the 1st, then retention (src/ops/backup/backup.ts,
// docs/backups.md). The run is recorded in vitalis.backup_runs either way; a failure also fails the
// job, so graphile-worker retries it.
import type { Task } from 'graphile-worker';
import type { TaskContext } from '../src/jobs/context';
import { runBackup } from '../src/ops/backup/backup';
import { backupSettings } from '../src/ops/backup/settings';

export function backupsDaily(ctx: Pick<TaskContext, 'pool' | 'config' | 'storage'>): Task {
  return async (_payload, helpers) => {
    const { keep, key } = backupSettings(ctx.config);
    const result = await runBackup({ pool: ctx.pool, storage: ctx.storage }, { keep, key });
    helpers.logger.info(
      `backups__daily: ${result.manifest.totals.rows} rows in ${result.manifest.object.bytes} bytes at ${result.keys.join(', ')}; ${result.deleted.length} old backup(s) deleted`,
      { runId: result.runId },
    );
  };
}
