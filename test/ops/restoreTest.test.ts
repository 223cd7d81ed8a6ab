// The weekly restore test: the newest backup restored into a scratch database and compared with
// its manifest; the outcome recorded in vitalis.backup_runs (readable by app admins only), and a
// failure mailed to the admin.
import { Client } from 'pg';
import { runBackup } from '../../src/ops/backup/backup';
import { runRestoreTest } from '../../src/ops/backup/restoreTest';
import { getObjectBytes, putObjectBytes } from '../../src/storage/objects';
import type { Storage } from '../../src/storage/s3';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';
import { queuedMails } from '../helpers/mailQueue';
import { openBackupStorage, PASSWORDS } from './backupFixtures';

const db = useTestDatabase();
const KEEP = { daily: 7, weekly: 4, monthly: 12 };
const ADMIN_EMAIL = 'dba@vitalis.test';
let storage: Storage;
let closeStorage: () => Promise<void>;
let admin: string;
let user: string;

beforeAll(async () => {
  ({ storage, close: closeStorage } = await openBackupStorage());
  admin = await createUser(db.pool);
  user = await createUser(db.pool);
  await db.pool.query(`update vitalis.users set role = 'admin' where user_id = $1`, [admin]);
});

afterAll(async () => {
  await closeStorage?.();
});

const runs = async () => (await db.pool.query(`select * from vitalis.backup_runs where kind = 'restore_test' order by started_at`)).rows;

async function scratchDatabases(): Promise<string[]> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(`select datname from pg_database where datname like 'vitalis\\_restore\\_test\\_%'`)).rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

test('with no backup in storage the restore test fails, says so, and mails the admin', async () => {
  const result = await runRestoreTest({ pool: db.pool, storage }, { ...PASSWORDS, serverUrl: db.url, adminEmail: ADMIN_EMAIL });
  expect(result).toMatchObject({ status: 'failed', objectKey: null, error: 'at: there is no backup in storage (backups/)' });
  expect((await queuedMails(db.pool, ADMIN_EMAIL)).map((m) => m.template)).toEqual(['backup_restore_failed']);
});

test('the newest backup restores into a scratch database that is dropped afterwards, and the success is recorded', async () => {
  const before = await scratchDatabases();
  await runBackup({ pool: db.pool, storage }, { keep: KEEP, pgDump: false, now: new Date('2026-12-05T02:00:00Z') });
  const newest = await runBackup({ pool: db.pool, storage }, { keep: KEEP, pgDump: false, now: new Date('2026-12-06T02:00:00Z') });
  const result = await runRestoreTest({ pool: db.pool, storage }, { ...PASSWORDS, serverUrl: db.url, adminEmail: ADMIN_EMAIL });
  expect(result).toMatchObject({ status: 'succeeded', objectKey: newest.objectKey, error: null });
  const run = (await runs()).find((r) => r.run_id === result.runId);
  expect(run).toMatchObject({ status: 'succeeded', tier: null, object_key: newest.objectKey, row_count: String(newest.manifest.totals.rows), error: null });
  expect(run.details).toMatchObject({ differences: [], scratchDatabase: expect.stringMatching(/^vitalis_restore_test_\d{8}t\d{9}z$/) });
  expect(run.finished_at).toBeInstanceOf(Date);
  expect(await scratchDatabases()).toEqual(before);
  // Only the first failure mailed the admin.
  expect(await queuedMails(db.pool, ADMIN_EMAIL)).toHaveLength(1);
});

test('a tampered backup fails the restore test: recorded as failed with the reason, nothing left behind, the admin mailed', async () => {
  const backup = await runBackup({ pool: db.pool, storage }, { keep: KEEP, pgDump: false, now: new Date('2026-12-07T02:00:00Z') });
  const bytes = await getObjectBytes(storage, backup.objectKey, 100 * 1024 * 1024);
  bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
  await putObjectBytes(storage, backup.objectKey, bytes, 'application/octet-stream');

  const result = await runRestoreTest({ pool: db.pool, storage }, { ...PASSWORDS, serverUrl: db.url, adminEmail: ADMIN_EMAIL });
  expect(result.status).toBe('failed');
  expect(result.objectKey).toBe(backup.objectKey);
  expect(result.error).toMatch(/^backup: /);
  const run = (await runs()).find((r) => r.run_id === result.runId);
  expect(run).toMatchObject({ status: 'failed', object_key: backup.objectKey, error: result.error });
  expect(await scratchDatabases()).toEqual([]);
  const mails = await queuedMails(db.pool, ADMIN_EMAIL);
  expect(mails).toHaveLength(2);
  expect(mails[1]).toMatchObject({ template: 'backup_restore_failed', params: { objectKey: backup.objectKey, error: result.error } });
});

test('app admins read backup_runs through the API role; other users and anonymous see none, and nobody writes', async () => {
  const total = (await db.pool.query(`select count(*)::int as n from vitalis.backup_runs`)).rows[0].n;
  expect(total).toBeGreaterThanOrEqual(6);
  const count = (userId: string | null, role?: 'vitalis_anonymous') =>
    asRequest(db.pool, { userId, role }, async (c) => (await c.query(`select count(*)::int as n from vitalis.backup_runs`)).rows[0].n);
  expect(await count(admin)).toBe(total);
  expect(await count(user)).toBe(0);
  await expect(count(null, 'vitalis_anonymous')).rejects.toThrow(/permission denied/);
  await expect(asRequest(db.pool, { userId: admin }, (c) => c.query(`update vitalis.backup_runs set status = 'succeeded'`))).rejects.toThrow(/permission denied/);
  await expect(asRequest(db.pool, { userId: admin }, (c) => c.query(`select vitalis_private.begin_backup_run('backup', 'daily')`))).rejects.toThrow(/permission denied/);
});
