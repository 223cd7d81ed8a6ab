// npm run backup
// Takes one backup now, exactly as the daily cron does (src/ops/backup/backup.ts): the database
// (DATABASE_URL, or the embedded one in DATA_DIR) to storage under backups/daily/, also weekly on
// Sundays and monthly on the 1st (UTC), then retention. docs/backups.md says what is in it.
import { Pool } from 'pg';
import { loadConfig } from '../config';
import { openDatabase } from '../db/open';
import { endPool } from '../db/pools';
import { runBackup } from '../ops/backup/backup';
import { backupSettings } from '../ops/backup/settings';
import { openStorage } from '../storage/s3';

async function main(): Promise<number> {
  let config;
  let settings;
  try {
    config = loadConfig();
    settings = backupSettings(config);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const db = await openDatabase(config, { quiet: true });
  const storage = await openStorage(config);
  const pool = new Pool({ connectionString: db.url, max: 2 });
  try {
    const result = await runBackup({ pool, storage }, { keep: settings.keep, key: settings.key });
    const m = result.manifest;
    console.log(`Backed up ${m.tables.length} tables, ${m.totals.rows} rows (schema ${m.schemaVersion.migration}, PostgreSQL ${m.server.version}) in ${(m.durationMs / 1000).toFixed(1)} s`);
    console.log(`  ${m.object.bytes} bytes${m.encryption ? ', encrypted' : ''} at ${result.keys.join(', ')}`);
    if (m.pgDump) console.log('sha256' in m.pgDump ? `  and a pg_dump of the same snapshot (${m.pgDump.bytes} bytes) beside it` : `  no pg_dump beside it: ${m.pgDump.skipped}`);
    if (result.deleted.length > 0) console.log(`  retention deleted ${result.deleted.length}: ${result.deleted.join(', ')}`);
    return 0;
  } catch (error) {
    console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await endPool(pool);
    await storage.close();
    await db.close();
  }
}

main().then((code) => process.exit(code));
