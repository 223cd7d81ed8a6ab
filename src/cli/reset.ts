// npm run db:reset: drops the database (DATABASE_URL's, or the embedded default's) and builds it
// again from the migrations and dictionaries. Refuses to run with NODE_ENV=production.
import path from 'node:path';
import { loadConfig } from '../config';
import { startEmbeddedPostgres } from '../db/embedded';
import { dropDatabase, setupDatabase } from '../db/setup';
import { databaseName } from '../db/url';

async function main() {
  const config = loadConfig();
  if (config.NODE_ENV === 'production') throw new Error('db:reset refuses to run with NODE_ENV=production');
  const embedded = config.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: path.join(config.DATA_DIR, 'postgres'), persistent: true });
  try {
    const adminUrl = config.DATABASE_URL ?? embedded!.adminUrl;
    const database = config.DATABASE_URL ? databaseName(config.DATABASE_URL) : 'vitalis';
    await dropDatabase(adminUrl, database);
    await setupDatabase({
      adminUrl,
      database,
      authenticatorPassword: config.AUTHENTICATOR_PASSWORD,
      workerPassword: config.WORKER_PASSWORD,
      includeCurrent: process.argv.includes('--current'),
    });
    console.log(`Reset database ${database}`);
  } finally {
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
