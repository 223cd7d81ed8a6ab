// npm run worker: graphile-worker alone (same task list and crontab as `npm start`), against
// DATABASE_URL or the embedded database. SIGINT/SIGTERM: finish running jobs, then exit.
import '../server/graphileEnv';
import { loadConfig } from '../config';
import { createLogger } from '../http/logger';
import { onShutdown, openDatabaseForProcess } from '../server/lifecycle';
import { startWorker, type WorkerHandle } from '../jobs/worker';
import { buildTaskList, CRONTAB } from '../../tasks';
import { openStorage, type Storage } from '../storage/s3';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const db = await openDatabaseForProcess(config);
  let worker: WorkerHandle | undefined;
  let storage: Storage | undefined;
  onShutdown(logger, async () => {
    await worker?.stop().catch((error: unknown) => logger.error({ err: error }, 'stopping the worker failed'));
    await storage?.close();
    await db.close();
  });
  try {
    storage = await openStorage(config);
    worker = await startWorker({ config, connectionString: db.url, storage, logger, buildTaskList, crontab: CRONTAB });
  } catch (error) {
    await storage?.close();
    await db.close();
    throw error;
  }
  console.log(`Vitalis worker running against ${db.redactedUrl}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
