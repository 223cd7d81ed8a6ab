// npm run worker: graphile-worker alone (same task list and crontab as `npm start`), against
// DATABASE_URL or the embedded database. SIGINT/SIGTERM: finish running jobs, then exit.
import '../server/graphileEnv';
import { loadConfig } from '../config';
import { createLogger } from '../server/logger';
import { onShutdown, openDatabaseForProcess } from '../server/lifecycle';
import { startWorker, type WorkerHandle } from '../server/worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const db = await openDatabaseForProcess(config);
  let worker: WorkerHandle | undefined;
  onShutdown(logger, async () => {
    await worker?.stop().catch((error: unknown) => logger.error({ err: error }, 'stopping the worker failed'));
    await db.close();
  });
  try {
    worker = await startWorker({ config, connectionString: db.url, logger });
  } catch (error) {
    await db.close();
    throw error;
  }
  console.log(`Vitalis worker running against ${db.redactedUrl}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
