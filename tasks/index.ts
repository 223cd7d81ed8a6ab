// The task list and crontab graphile-worker runs (src/jobs/worker.ts runs them): one file per task
// in this folder, named by its identifier.
import type { TaskList } from 'graphile-worker';
import type { TaskContext } from '../src/jobs/context';
import { documentsParse } from './documents__parse';
import { importsFile } from './imports__file';
import partitionsEnsure from './partitions__ensure';
import { providersOuraSubscriptions } from './providers__oura_subscriptions';
import { providersSync } from './providers__sync';
import { providersSyncDaily } from './providers__sync_daily';

/** Every task the worker runs, by identifier (the file name in tasks/). */
export function buildTaskList(ctx: TaskContext): TaskList {
  return {
    partitions__ensure: partitionsEnsure,
    imports__file: importsFile(ctx),
    documents__parse: documentsParse(ctx),
    providers__sync: providersSync(ctx),
    providers__sync_daily: providersSyncDaily(ctx),
    providers__oura_subscriptions: providersOuraSubscriptions(ctx),
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
  '30 4 * * * providers__sync_daily ?fill=1d',
  '0 5 * * * providers__oura_subscriptions ?fill=1d',
].join('\n');
