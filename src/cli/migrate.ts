// npm run db:migrate: creates the roles, migrates the database at DATABASE_URL (or the embedded
// default), installs graphile-worker's schema and loads the dictionaries.
import { loadConfig } from '../config';
import { openDatabase } from '../db/open';

async function main() {
  const config = loadConfig();
  const includeCurrent = process.argv.includes('--current');
  const db = await openDatabase(config, { includeCurrent });
  console.log(`Migrated ${db.redactedUrl}`);
  await db.close();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
