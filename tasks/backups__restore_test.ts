// Cron task (weekly, see CRONTAB in tasks/index.ts): restores the newest backup into a scratch
// database on the same server and compares it with its manifest (src/ops/backup/restoreTest.ts).
// The outcome goes to vitalis.backup_runs; a failure mails ADMIN_EMAIL and is not retried (the
// next week's run tries again; an admin looks meanwhile).
import type { Task } from 'graphile-worker';
import type { TaskContext } from '../src/jobs/context';
import { runRestoreTest } from '../src/ops/backup/restoreTest';
import { backupSettings } from '../src/ops/backup/settings';

export function backupsRestoreTest(ctx: Pick<TaskContext, 'pool' | 'config' | 'storage'>): Task {
  return async (_payload, helpers) => {
    const serverUrl = ctx.pool.options.connectionString;
    if (!serverUrl) throw new Error('backups__restore_test: the worker pool has no connection string to create the scratch database with');
    const result = await runRestoreTest({ pool: ctx.pool, storage: ctx.storage }, { ...backupSettings(ctx.config), serverUrl });
    const message = `backups__restore_test: ${result.status} for ${result.objectKey ?? 'no backup'}${result.error ? `: ${result.error}` : ''}`;
    if (result.status === 'failed') helpers.logger.error(message, { runId: result.runId });
    else helpers.logger.info(message, { runId: result.runId });
  };
}
