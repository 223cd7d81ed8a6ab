// A backup restores to exactly the backed-up state: every table row for row, the counts and
// checksums of its manifest, one snapshot even while writes run, and only with its own key.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Pool } from 'pg';
import { runBackup } from '../../src/ops/backup/backup';
import { restoreBackup } from '../../src/ops/backup/restore';
import { openObject } from '../../src/ops/backup/store';
import { pgDumpKeyOf } from '../../src/ops/backup/keys';
import { pgDumpUnavailable } from '../../src/ops/backup/pgDump';
import { compareWithManifest } from '../../src/ops/backup/verify';
import { prepareTarget } from '../../src/ops/backup/target';
import { getObjectBytes } from '../../src/storage/objects';
import { createUser, useTestDatabase } from '../helpers/db';
import { seedEveryUserTable, vitalisTables } from '../helpers/catalog';
import { emptyScratchDatabase, migratedScratchDatabase, openBackupStorage, PASSWORDS, scratchDatabase, tableContents } from './backupFixtures';
import type { Storage } from '../../src/storage/s3';

const db = useTestDatabase();
const KEEP = { daily: 7, weekly: 4, monthly: 12 };
let storage: Storage;
let closeStorage: () => Promise<void>;
let userA: string;
let userB: string;

beforeAll(async () => {
  ({ storage, close: closeStorage } = await openBackupStorage());
  const tables = await vitalisTables(db.pool);
  userA = await createUser(db.pool, { sex: 'female' });
  userB = await createUser(db.pool, { sex: 'male' });
  await seedEveryUserTable(db.pool, tables, userA);
  await seedEveryUserTable(db.pool, tables, userB);
});

afterAll(async () => {
  await closeStorage?.();
});

test('back up, change and delete rows, restore into a new database: exactly the backed-up state, row for row', async () => {
  const backup = await runBackup({ pool: db.pool, storage }, { keep: KEEP, now: new Date('2026-12-02T02:00:00Z') });
  const before = await tableContents(db.url, backup.manifest);
  expect(backup.manifest.totals.rows).toBeGreaterThan(100);
  expect(backup.manifest.tables.map((t) => `${t.schema}.${t.name}`)).toEqual(expect.arrayContaining(['vitalis.users', 'vitalis.measurements', 'vitalis_private.sessions', 'graphile_worker._private_jobs']));

  await db.pool.query(`update vitalis.users set display_name = 'changed' where user_id = $1`, [userA]);
  await db.pool.query(`delete from vitalis.users where user_id = $1`, [userB]);
  expect(await tableContents(db.url, backup.manifest)).not.toEqual(before);

  const target = scratchDatabase();
  try {
    const restored = await restoreBackup(storage, { ...PASSWORDS, at: backup.objectKey, to: target.url });
    expect(restored.differences).toEqual([]);
    expect(restored.rows).toBe(backup.manifest.totals.rows);
    // backup_runs is the one table that changed after the snapshot: the run finished after it.
    const { 'vitalis.backup_runs': runs, ...restoredRest } = await tableContents(target.url, backup.manifest);
    const beforeRest = Object.fromEntries(Object.entries(before).filter(([table]) => table !== 'vitalis.backup_runs'));
    expect(restoredRest).toEqual(beforeRest);
    expect(runs).toEqual([expect.stringMatching(new RegExp(`^\\(${backup.runId},backup,daily,running,`))]);
    // The restore is not logged as new changes: the audit log is the backed-up one, no more.
    const pool = new Pool({ connectionString: target.url, max: 1 });
    try {
      const { rows } = await pool.query(`select count(*)::int as n from vitalis.audit_log`);
      expect(rows[0].n).toBe(backup.manifest.tables.find((t) => t.name === 'audit_log')!.rows);
      // Sequences continue after the restored rows: a new job gets a fresh id.
      await pool.query(`select vitalis_private.worker_add_job('mail__send', '{}'::json, null, 1, 1)`);
    } finally {
      await pool.end();
    }
  } finally {
    await target.drop();
  }
});

test('a backup taken while a writer commits pairs of rows restores one snapshot: whole pairs only, counts as in the manifest', async () => {
  const writer = new Pool({ connectionString: db.url, max: 1 });
  let stop = false;
  let pairs = 0;
  const writing = (async () => {
    while (!stop) {
      const client = await writer.connect();
      try {
        await client.query('begin');
        for (const half of [0, 1]) {
          await client.query(
            `insert into vitalis.measurements (user_id, metric, value, unit, measured_at, notes)
             values ($1, 'weight', 150, 'lbs', now() - make_interval(secs => $2), $3)`,
            [userA, pairs * 2 + half + 1, `pair-${pairs}`],
          );
        }
        await client.query('commit');
        pairs += 1;
      } finally {
        client.release();
      }
    }
  })();
  try {
    while (pairs < 20) await new Promise((r) => setTimeout(r, 10));
    const backup = await runBackup({ pool: db.pool, storage }, { keep: KEEP, pgDump: false, now: new Date('2026-12-03T02:00:00Z') });
    const atBackupEnd = pairs;
    while (pairs < atBackupEnd + 20) await new Promise((r) => setTimeout(r, 10));
    stop = true;
    await writing;

    const target = await migratedScratchDatabase();
    try {
      const restored = await restoreBackup(storage, { ...PASSWORDS, at: backup.objectKey, to: target.url });
      expect(restored.differences).toEqual([]);
      const pool = new Pool({ connectionString: target.url, max: 1 });
      try {
        const { rows } = await pool.query(`select notes, count(*)::int as n from vitalis.measurements where notes like 'pair-%' group by notes`);
        expect(rows.length).toBeGreaterThanOrEqual(20);
        expect(rows.length).toBeLessThan(pairs);
        expect(rows.filter((r) => r.n !== 2)).toEqual([]);
        const counted = (await pool.query(`select count(*)::int as n from vitalis.measurements`)).rows[0].n;
        expect(counted).toBe(backup.manifest.tables.find((t) => t.name === 'measurements')!.rows);
      } finally {
        await pool.end();
      }
    } finally {
      await target.drop();
    }
  } finally {
    stop = true;
    await writing.catch(() => undefined);
    await writer.end();
  }
});

test('an encrypted backup restores with its key; without it or with another key it is refused naming BACKUP_ENCRYPTION_KEY', async () => {
  const key = Buffer.alloc(32, 7);
  const backup = await runBackup({ pool: db.pool, storage }, { keep: KEEP, key, pgDump: false, now: new Date('2026-12-04T02:00:00Z') });
  expect(backup.objectKey).toMatch(/^backups\/daily\/2026-12-04T020000\.000Z\.copy\.gz\.enc$/);
  expect(backup.manifest.encryption).toEqual({ algorithm: 'aes-256-gcm', keyFingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) });
  // No gzip header in the stored bytes: they are ciphertext.
  const head: Buffer = (await (await openObject(storage, backup.objectKey)).toArray())[0];
  expect(head.subarray(0, 8).toString()).toBe('VTLSENC1');

  const target = await migratedScratchDatabase();
  try {
    await expect(restoreBackup(storage, { ...PASSWORDS, at: backup.objectKey, to: target.url })).rejects.toThrow(/^BACKUP_ENCRYPTION_KEY: the backup is encrypted/);
    await expect(restoreBackup(storage, { ...PASSWORDS, at: backup.objectKey, to: target.url, key: Buffer.alloc(32, 8) })).rejects.toThrow(
      /^BACKUP_ENCRYPTION_KEY: the backup was encrypted with another key/,
    );
    const restored = await restoreBackup(storage, { ...PASSWORDS, at: backup.objectKey, to: target.url, key });
    expect(restored.differences).toEqual([]);
    expect(restored.rows).toBe(backup.manifest.totals.rows);
  } finally {
    await target.drop();
  }
});

test('where a pg_dump matches the server, one of the same snapshot is stored beside the backup and pg_restore gives the manifest\'s checksums', async () => {
  const server = Number((await db.pool.query(`select current_setting('server_version_num') as v`)).rows[0].v);
  const unavailable = pgDumpUnavailable(server);
  const backup = await runBackup({ pool: db.pool, storage }, { keep: KEEP, now: new Date('2026-12-08T02:00:00Z') });
  if (unavailable) {
    console.log(`SKIPPED pg_dump beside the backup: ${unavailable} (the COPY backup above is the one that restores here)`);
    expect(backup.manifest.pgDump).toEqual({ skipped: unavailable });
    return;
  }
  expect(backup.manifest.pgDump).toEqual({ bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  const dump = await getObjectBytes(storage, pgDumpKeyOf(backup.objectKey), 512 * 1024 * 1024);
  expect(createHash('sha256').update(dump).digest('hex')).toBe((backup.manifest.pgDump as { sha256: string }).sha256);
  const target = await emptyScratchDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-pgdump-'));
  try {
    fs.writeFileSync(path.join(dir, 'backup.pgdump'), dump);
    execFileSync('pg_restore', ['--disable-triggers', '--exit-on-error', '--dbname', target.url, path.join(dir, 'backup.pgdump')], { stdio: 'pipe' });
    const client = new Client({ connectionString: target.url });
    await client.connect();
    try {
      expect((await compareWithManifest(client, backup.manifest)).differences).toEqual([]);
    } finally {
      await client.end();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await target.drop();
  }
});

test('a restore is refused, before anything is touched, into a database that holds users, or from a backup newer than the code', async () => {
  const backup = await runBackup({ pool: db.pool, storage }, { keep: KEEP, pgDump: false, now: new Date('2026-12-09T02:00:00Z') });
  await expect(restoreBackup(storage, { ...PASSWORDS, at: backup.objectKey, to: db.url })).rejects.toThrow(/^to: the target database already holds users/);
  const target = scratchDatabase();
  const newer = { ...backup.manifest, schemaVersion: { ...backup.manifest.schemaVersion, migration: '999999.sql' } };
  await expect(prepareTarget(target.url, newer, PASSWORDS)).rejects.toThrow(/^schemaVersion: the backup is at migration 999999\.sql, newer than this code/);
  const exists = await db.pool.query('select 1 from pg_database where datname = $1', [target.name]);
  expect(exists.rowCount).toBe(0);
});
