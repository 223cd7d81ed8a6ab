// Upgrading PostgreSQL's major version through a backup (docs/operations.md): a backup taken on
// PostgreSQL 15 restores into the newer server the tests run on (the embedded PostgreSQL 18 in
// CI's first pass) with every table equal to the manifest and row for row. Needs both servers:
// skipped, saying why, when the test server is not newer than a PostgreSQL on 127.0.0.1:5432.
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { runBackup } from '../../src/ops/backup/backup';
import { restoreBackup } from '../../src/ops/backup/restore';
import { dropDatabase } from '../../src/db/setup';
import { withDatabase } from '../../src/db/url';
import { endPool } from '../../src/db/pools';
import type { Storage } from '../../src/storage/s3';
import { createUser } from '../helpers/db';
import { seedEveryUserTable, vitalisTables } from '../helpers/catalog';
import { openBackupStorage, PASSWORDS, scratchDatabase, tableContents } from './backupFixtures';

const OLD_SERVER = process.env.PG15_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The server's major version, asked synchronously (a child process), so the test can be skipped by name. */
function majorVersion(url: string): number | undefined {
  const script = `const {Client}=require('pg');const c=new Client({connectionString:${JSON.stringify(url)},connectionTimeoutMillis:2000});` +
    `c.connect().then(()=>c.query("select current_setting('server_version_num') as v")).then((r)=>{process.stdout.write(r.rows[0].v);return c.end();}).catch(()=>process.exit(1));`;
  try {
    const version = Math.floor(Number(execFileSync(process.execPath, ['-e', script], { cwd: path.resolve(__dirname, '..', '..'), timeout: 10_000, encoding: 'utf8' })) / 10000);
    return Number.isFinite(version) && version > 0 ? version : undefined;
  } catch {
    return undefined;
  }
}

/** setupDatabase in a child process (jest's CommonJS runtime cannot load graphile-worker). */
function setUpOldDatabase(database: string): Promise<void> {
  const setup = path.resolve(__dirname, '..', '..', 'src', 'db', 'setup.ts');
  const tsx = path.resolve(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
  const options = { adminUrl: OLD_SERVER, database, authenticatorPassword: PASSWORDS.authenticatorPassword, workerPassword: PASSWORDS.workerPassword, quiet: true };
  const script = `require(${JSON.stringify(setup)}).setupDatabase(${JSON.stringify(options)}).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); })`;
  return new Promise((resolve, reject) =>
    execFile(tsx, ['-e', script], { timeout: 120_000 }, (error, _stdout, stderr) => (error ? reject(new Error(`setting up ${database} failed: ${stderr || error.message}`)) : resolve())),
  );
}

const old = majorVersion(OLD_SERVER);
const current = majorVersion(process.env.VITALIS_TEST_ADMIN_URL!);
const skipReason =
  old === undefined
    ? `no PostgreSQL answers at ${OLD_SERVER.replace(/\/\/[^@]*@/, '//')}`
    : current === undefined || current <= old
      ? `the test server (PostgreSQL ${current}) is not newer than the one at 127.0.0.1:5432 (PostgreSQL ${old})`
      : undefined;
if (skipReason) console.warn(`majorUpgrade: SKIPPED: ${skipReason}`);
const whenTwoVersions = skipReason ? test.skip : test;

whenTwoVersions(`a backup taken on PostgreSQL ${old} restores into PostgreSQL ${current}: every table as in the manifest, row for row${skipReason ? ` (skipped: ${skipReason})` : ''}`, async () => {
  const database = `vitalis_upgrade_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let storage: Storage | undefined;
  let closeStorage: (() => Promise<void>) | undefined;
  const target = scratchDatabase();
  try {
    await setUpOldDatabase(database);
    const source = new Pool({ connectionString: withDatabase(OLD_SERVER, database), max: 2 });
    ({ storage, close: closeStorage } = await openBackupStorage());
    let backup: Awaited<ReturnType<typeof runBackup>>;
    let before: Record<string, string[]>;
    try {
      const tables = await vitalisTables(source);
      await seedEveryUserTable(source, tables, await createUser(source, { sex: 'female' }));
      backup = await runBackup({ pool: source, storage }, { keep: { daily: 7, weekly: 4, monthly: 12 }, now: new Date('2026-12-02T02:00:00Z') });
      before = await tableContents(withDatabase(OLD_SERVER, database), backup.manifest);
    } finally {
      await endPool(source);
    }
    expect(backup.manifest.totals.rows).toBeGreaterThan(100);

    const restored = await restoreBackup(storage, { ...PASSWORDS, at: backup.objectKey, to: target.url });
    expect(restored.differences).toEqual([]);
    expect(majorVersion(target.url)).toBe(current);
    // backup_runs is the one table written after the snapshot (the run finishes after it).
    const withoutRuns = (contents: Record<string, string[]>) => Object.fromEntries(Object.entries(contents).filter(([table]) => table !== 'vitalis.backup_runs'));
    const after = withoutRuns(await tableContents(target.url, backup.manifest));
    expect(Object.keys(after).length).toBeGreaterThan(40);
    expect(after).toEqual(withoutRuns(before));
  } finally {
    await target.drop().catch(() => {});
    await closeStorage?.();
    await dropDatabase(OLD_SERVER, database).catch(() => {});
  }
}, 240_000);
