// npm run restore -- [--at BACKUP_KEY] --to DATABASE_URL [--replace]
// npm run restore -- --list
// Restores a backup (default: the newest in storage) into the database at --to, created when
// missing: migrations up to the backup's schema version, every table loaded, sequences set, then
// every table's count and checksum compared with the manifest. --to must connect as a superuser
// (triggers are switched off while loading). docs/backups.md.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { listBackups } from '../ops/backup/store';
import { restoreBackup } from '../ops/backup/restore';
import { backupSettings } from '../ops/backup/settings';
import { openStorage } from '../storage/s3';

const USAGE = 'usage: npm run restore -- [--at BACKUP_KEY] --to DATABASE_URL [--replace]   |   npm run restore -- --list';

async function main(): Promise<number> {
  let args;
  let config;
  let settings;
  try {
    args = parseArgs({ options: { at: { type: 'string' }, to: { type: 'string' }, replace: { type: 'boolean' }, list: { type: 'boolean' } }, strict: true }).values;
    if (!args.list && !args.to) throw new Error(`to: a target DATABASE_URL is required\n${USAGE}`);
    if (args.to && !/^postgres(ql)?:\/\//.test(args.to)) throw new Error(`to: must be a postgres:// URL\n${USAGE}`);
    config = loadConfig();
    settings = backupSettings(config);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const storage = await openStorage(config);
  try {
    if (args.list) {
      for (const b of await listBackups(storage)) console.log(`${b.tier.padEnd(8)} ${b.objectKey}`);
      return 0;
    }
    const result = await restoreBackup(storage, { ...settings, at: args.at, to: args.to!, replace: args.replace });
    const m = result.manifest;
    console.log(`Restored ${result.objectKey}: ${m.tables.length} tables, ${result.rows} rows (schema ${m.schemaVersion.migration}) in ${(result.durationMs / 1000).toFixed(1)} s`);
    if (result.differences.length === 0) {
      console.log('Every table matches the manifest (row counts and checksums).');
      return 0;
    }
    for (const d of result.differences) console.error(`  ${d.table}: ${d.actual.rows} rows (checksum ${d.actual.checksum}); the backup had ${d.expected.rows} (${d.expected.checksum})`);
    console.error(`${result.differences.length} table(s) differ from the manifest: do not trust this restore.`);
    return 1;
  } catch (error) {
    console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await storage.close();
  }
}

main().then((code) => process.exit(code));
