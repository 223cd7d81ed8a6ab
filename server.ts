// npm start: the Vitalis API (PostGraphile V5 over express) with graphile-worker in-process.
// DATABASE_URL when set, otherwise embedded PostgreSQL in DATA_DIR/postgres (migrated and
// loaded with the dictionaries on start). SIGINT/SIGTERM shut everything down in order.
import './src/server/graphileEnv';
import { loadConfig } from './src/config';
import { createLogger } from './src/http/logger';
import { onShutdown, openDatabaseForProcess } from './src/server/lifecycle';
import { EmbeddedPostgresError } from './src/db/embedded';
import { startServer } from './src/server/app';
import { startWorker, type WorkerHandle } from './src/jobs/worker';
import { buildTaskList, CRONTAB } from './tasks';
import { openStorage, type Storage } from './src/storage/s3';
import { Pool } from 'pg';
import { issueSession } from './src/auth/sessions';
import { DEMO_EMAIL, seedDemo } from './seeds/demo';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const db = await openDatabaseForProcess(config);
  logger.info({ database: db.redactedUrl }, 'database ready');
  // The embedded default is for trying Vitalis out: give it a demo user to look at.
  const demo = config.DATABASE_URL ? undefined : await seedDemo(db.url);

  let worker: WorkerHandle | undefined;
  let storage: Storage | undefined;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  const shutdown = async () => {
    // Stop taking requests first, then stop the worker (it finishes running jobs), then the
    // pools, then the database they were using.
    await server?.close().catch((error: unknown) => logger.error({ err: error }, 'closing the HTTP server failed'));
    await worker?.stop().catch((error: unknown) => logger.error({ err: error }, 'stopping the worker failed'));
    await storage?.close().catch((error: unknown) => logger.error({ err: error }, 'closing storage failed'));
    await closeWithin(db.close(), 10_000).catch((error: unknown) => logger.error({ err: error }, 'closing the database failed'));
  };
  onShutdown(logger, shutdown);

  try {
    storage = await openStorage(config);
    if (config.RUN_WORKER === 'true') {
      worker = await startWorker({ config, connectionString: db.url, storage, logger, buildTaskList, crontab: CRONTAB });
    }
    server = await startServer({ config, db, logger, storage, expectWorker: config.RUN_WORKER === 'true' });
  } catch (error) {
    await shutdown();
    throw error;
  }
  console.log(`Vitalis GraphQL API: ${server.graphqlUrl}${server.graphiqlUrl ? ` (Ruru: ${server.graphiqlUrl})` : ''}`);
  if (demo && config.NODE_ENV !== 'production') {
    // A real session for the demo user (POST /auth/logout ends it), with a long-lived access token for trying things out.
    const owner = new Pool({ connectionString: db.url, max: 1 });
    const session = await issueSession(owner, config, demo.userId, { accessTtl: 12 * 3600 }).finally(() => owner.end());
    console.log(`Demo user ${DEMO_EMAIL}; development token (12 h): ${session.accessToken}`);
  }
}

/** db.close() of an embedded database can hang when PostgreSQL was already stopped (e.g. by Ctrl-C reaching it). */
function closeWithin(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`database did not stop within ${ms} ms`)), ms);
    timer.unref();
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

main().catch((error: unknown) => {
  // What the person starting Vitalis must change is said in the message: no stack trace.
  if (error instanceof EmbeddedPostgresError) console.error(error.message);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
