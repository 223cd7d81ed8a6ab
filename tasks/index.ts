// The task list and crontab graphile-worker runs (src/jobs/worker.ts runs them): one file per task
// in this folder, named by its identifier.
import type { TaskList } from 'graphile-worker';
import type { TaskContext } from '../src/jobs/context';
import analyticsRefreshBenchmarks from './analytics__refresh_benchmarks';
import { backupsDaily } from './backups__daily';
import { backupsRestoreTest } from './backups__restore_test';
import { deletionsErase } from './deletions__erase';
import { deletionsProcess } from './deletions__process';
import { documentsParse } from './documents__parse';
import { exportsBuild } from './exports__build';
import { exportsExpire } from './exports__expire';
import { goalsEvaluateDaily } from './goals__evaluate_daily';
import { importsFile } from './imports__file';
import { insightsRefresh } from './insights__refresh';
import { insightsRefreshNightly } from './insights__refresh_nightly';
import { mailSend } from './mail__send';
import partitionsEnsure from './partitions__ensure';
import { privacyRetention } from './privacy__retention';
import { storagePurgeUser } from './storage__purge_user';
import { providersOuraSubscriptions } from './providers__oura_subscriptions';
import { providersSync } from './providers__sync';
import { providersSyncDaily } from './providers__sync_daily';

/** Every task the worker runs, by identifier (the file name in tasks/). */
export function buildTaskList(ctx: TaskContext): TaskList {
  return {
    partitions__ensure: partitionsEnsure,
    imports__file: importsFile(ctx),
    mail__send: mailSend(ctx),
    privacy__retention: privacyRetention(ctx),
    documents__parse: documentsParse(ctx),
    exports__build: exportsBuild(ctx),
    exports__expire: exportsExpire(ctx),
    providers__sync: providersSync(ctx),
    providers__sync_daily: providersSyncDaily(ctx),
    providers__oura_subscriptions: providersOuraSubscriptions(ctx),
    deletions__process: deletionsProcess(ctx),
    deletions__erase: deletionsErase(ctx),
    storage__purge_user: storagePurgeUser(ctx),
    backups__daily: backupsDaily(ctx),
    backups__restore_test: backupsRestoreTest(ctx),
    analytics__refresh_benchmarks: analyticsRefreshBenchmarks,
    insights__refresh: insightsRefresh(ctx),
    insights__refresh_nightly: insightsRefreshNightly(ctx),
    goals__evaluate_daily: goalsEvaluateDaily(ctx),
  };
}

/**
 * graphile-worker crontab (UTC). `fill=1d` runs a missed slot (the process was down at 03:15)
 * when it comes back up, once; graphile-worker's known_crontabs keeps several processes from
 * scheduling the same slot twice.
 */
export const CRONTAB = [
  '# min hour dom month dow task options',
  '15 3 * * * partitions__ensure ?fill=1d',
  '20 * * * * exports__expire',
  '30 4 * * * providers__sync_daily ?fill=1d',
  '0 5 * * * providers__oura_subscriptions ?fill=1d',
  '45 2 * * * privacy__retention ?fill=1d',
  '0 3 * * * deletions__process ?fill=1d',
  // Backups at 02:00 (SCHEMA.md §5); the restore test on Sundays at 04:00, after that day's backup.
  '0 2 * * * backups__daily ?fill=1d&max=3',
  '0 4 * * 0 backups__restore_test ?fill=1d&max=1',
  // Benchmarks for analysts at 06:00, after the daily provider syncs (04:30) brought yesterday in.
  '0 6 * * * analytics__refresh_benchmarks ?fill=1d&max=1',
  '30 5 * * * goals__evaluate_daily ?fill=1d',
  // Insights at 05:45, after the daily syncs (04:30) brought in yesterday's data.
  '45 5 * * * insights__refresh_nightly ?fill=1d',
].join('\n');
