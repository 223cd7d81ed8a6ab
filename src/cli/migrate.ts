// npm run db:migrate: creates the roles, migrates the database at DATABASE_URL (or the embedded
// default), installs graphile-worker's schema and loads the dictionaries; on a local development
// database (not with migrations/current applied, not under CI or in production) it then refreshes
// sql/schema.sql, as graphile-migrate's afterAllMigrations hook does for its own commands.
import { loadConfig } from '../config';
import { openDatabase } from '../db/open';
import { refreshSchemaDump } from './dump';

async function main() {
  const config = loadConfig();
  const includeCurrent = process.argv.includes('--current');
  const db = await openDatabase(config, { includeCurrent });
  console.log(`Migrated ${db.redactedUrl}`);
  if (config.DATABASE_URL) await refreshSchemaDump(db.url);
  await db.close();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
