// graphile-worker, shared by `npm start` (in-process, unless RUN_WORKER=false) and `npm run worker`
// (alone): the same task list, the same crontab, the same crashed-worker recovery.
//
// graphile-worker is ESM-only: it is loaded with a dynamic import() at run time and only its
// types are imported statically, so this module can be imported from CommonJS and from jest.
import { EventEmitter } from 'node:events';
import type { LogFunctionFactory, Runner, TaskList, WorkerEvents } from 'graphile-worker';
import type { Config } from '../config';
import type { TaskContext } from './context';
import type { Storage } from '../storage/s3';
import type { Logger } from '../http/logger';
import { endPool } from '../db/pools';
import { PatientPool } from '../db/patientPool';
import { releaseDeadWorkerLocks, RESTART_GRACE_SECONDS, WorkerLiveness } from './workerRecovery';
import { closeExtraction } from '../documents/extract';
import { publishInsightsSettings } from '../insights/settings';

export interface WorkerHandle {
  runner: Runner;
  stop(): Promise<void>;
}

/** Routes graphile-worker's logs into pino. */
function workerLogFactory(logger: Logger): LogFunctionFactory {
  return (scope) => {
    const child = logger.child({ component: 'worker', ...scope });
    return (level, message, meta) => {
      const fields = meta && Object.keys(meta).length > 0 ? { meta } : {};
      if (level === 'error') child.error(fields, message);
      else if (level === 'warning') child.warn(fields, message);
      else if (level === 'info') child.info(fields, message);
      else child.debug(fields, message);
    };
  };
}

export async function startWorker(options: {
  config: Config;
  /** The connection the worker uses: OpenDatabase.url. */
  connectionString: string;
  /** Where uploads are read from (imports__file). */
  storage: Storage;
  logger: Logger;
  /** The task list (tasks/index.ts): passed in, so src/jobs never imports tasks/, which imports src/jobs. */
  buildTaskList: (ctx: TaskContext) => TaskList;
  /** graphile-worker crontab (tasks/index.ts). */
  crontab: string;
}): Promise<WorkerHandle> {
  const { config, connectionString, storage, logger, buildTaskList, crontab } = options;
  const { run, Logger: WorkerLogger } = await import('graphile-worker');

  // Liveness locks first, recovery second, workers last: our own (new) workers can never be
  // mistaken for dead ones.
  const liveness = new WorkerLiveness(connectionString, logger);
  await liveness.start();
  // Patient pools: while PostgreSQL restarts, connecting waits for it instead of failing (a refused
  // connection when graphile-worker records a job's outcome would end the process: docs/faults.md).
  const waiting = (pool: string) => (state: 'waiting' | 'connected', error?: unknown) =>
    state === 'waiting' ? logger.warn({ err: error, pool }, 'database unreachable: waiting for it') : logger.info({ pool }, 'database reachable again');
  const pgPool = new PatientPool({ connectionString, max: config.WORKER_CONCURRENCY + 2, application_name: 'vitalis-worker', onWaiting: waiting('worker') });
  pgPool.on('error', (error) => logger.warn({ err: error }, 'idle worker database client error'));
  pgPool.on('connect', (client) => client.on('error', (error) => logger.warn({ err: error }, 'worker database client error')));

  const recover = async () => {
    const released = await releaseDeadWorkerLocks(pgPool, { graceSeconds: config.WORKER_RECOVERY_GRACE_SECONDS, restartGraceSeconds: RESTART_GRACE_SECONDS });
    if (released.length > 0) logger.warn({ workers: released }, `released jobs locked by ${released.length} dead worker(s)`);
  };
  try {
    await recover();
    // The data-table triggers queue insights refreshes this many seconds after new data.
    await publishInsightsSettings(pgPool, config);
  } catch (error) {
    await liveness.close();
    await endPool(pgPool);
    throw error;
  }

  // Tasks act as users on their own pool: an import holds one connection for its transaction and
  // another records its progress, so they must not starve graphile-worker's own pool.
  const jobsPool = new PatientPool({ connectionString, max: config.WORKER_CONCURRENCY * 2 + 1, application_name: 'vitalis-jobs', onWaiting: waiting('jobs') });
  jobsPool.on('error', (error) => logger.warn({ err: error }, 'idle jobs database client error'));
  // A connection a task holds can break too (PostgreSQL restarting): its query fails, which the
  // task handles; without a listener the client's 'error' event would end the process.
  jobsPool.on('connect', (client) => client.on('error', (error) => logger.warn({ err: error }, 'jobs database client error')));
  const ctx: TaskContext = { pool: jobsPool, config, storage, logger };

  const events = new EventEmitter() as WorkerEvents;
  events.on('pool:create', ({ workerPool }) => void liveness.hold(workerPool.id));
  events.on('pool:release', ({ workerPool }) => void liveness.release(workerPool.id));
  events.on('worker:create', ({ worker }) => void liveness.hold(worker.workerId));
  events.on('worker:stop', ({ worker }) => void liveness.release(worker.workerId));

  let runner: Runner;
  try {
    runner = await run({
      pgPool,
      concurrency: config.WORKER_CONCURRENCY,
      taskList: buildTaskList(ctx),
      crontab,
      noHandleSignals: true,
      events,
      logger: new WorkerLogger(workerLogFactory(logger)),
    });
  } catch (error) {
    await liveness.close();
    await endPool(pgPool);
    await endPool(jobsPool);
    throw error;
  }

  runner.promise.catch((error: unknown) => logger.error({ err: error }, 'worker stopped unexpectedly'));

  const timer = setInterval(() => {
    recover().catch((error: unknown) => logger.warn({ err: error }, 'crashed-worker recovery failed'));
  }, config.WORKER_RECOVERY_INTERVAL_SECONDS * 1000);
  timer.unref();

  let stopping: Promise<void> | undefined;
  return {
    runner,
    stop: () =>
      (stopping ??= (async () => {
        clearInterval(timer);
        try {
          // A runner that stopped by itself (fatal error, already logged) rejects stop().
          await runner.stop().catch((error: unknown) => {
            if (!String(error).includes('already stopped')) throw error;
          });
        } finally {
          // The OCR workers and the PDF reader process outlive a job; they go with the worker.
          await closeExtraction();
          await liveness.close();
          await endPool(pgPool);
          await endPool(jobsPool);
        }
      })()),
  };
}
