// Shared by the backup tests: a throwaway bucket, scratch databases on the test server, and each
// table's rows in a canonical text form to compare two databases row for row.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../../src/config';
import { dropDatabase } from '../../src/db/setup';
import { withDatabase } from '../../src/db/url';
import { CANONICAL_SETTINGS } from '../../src/ops/backup/checksums';
import type { Manifest } from '../../src/ops/backup/manifest';
import { openStorage, type Storage } from '../../src/storage/s3';

export const PASSWORDS = { authenticatorPassword: 'vitalis-authenticator', workerPassword: 'vitalis-worker', runWorkerMigrations: (url: string) => workerMigrationsInChild(url) };

export async function openBackupStorage(): Promise<{ storage: Storage; close(): Promise<void> }> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-backups-'));
  const storage = await openStorage(loadConfig({ S3_BUCKET: 'vitalis-backups' }), { directory });
  return {
    storage,
    close: async () => {
      await storage.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A database name on the test server, dropped by the returned function. */
export function scratchDatabase(): { url: string; name: string; drop(): Promise<void> } {
  const adminUrl = process.env.VITALIS_TEST_ADMIN_URL!;
  const name = `vitalis_restore_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  return { url: withDatabase(adminUrl, name), name, drop: () => dropDatabase(adminUrl, name) };
}

/** An already migrated scratch database (a clone of the test template): restores into it skip the migrations. */
export async function migratedScratchDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const db = scratchDatabase();
  const admin = new Client({ connectionString: process.env.VITALIS_TEST_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database "${db.name}" template "${process.env.VITALIS_TEST_TEMPLATE}"`);
  } finally {
    await admin.end();
  }
  return db;
}

/** A created, empty scratch database (for pg_restore, which brings its own schema). */
export async function emptyScratchDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const db = scratchDatabase();
  const admin = new Client({ connectionString: process.env.VITALIS_TEST_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database "${db.name}"`);
  } finally {
    await admin.end();
  }
  return db;
}

/** Every backed-up table's rows as sorted canonical text, by table. */
export async function tableContents(url: string, manifest: Manifest): Promise<Record<string, string[]>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    for (const s of CANONICAL_SETTINGS) await client.query(s);
    const out: Record<string, string[]> = {};
    for (const t of manifest.tables) {
      const { rows } = await client.query<{ r: string }>(`select t::text as r from "${t.schema}"."${t.name}" t order by 1`);
      out[`${t.schema}.${t.name}`] = rows.map((r) => r.r);
    }
    await client.query('rollback');
    return out;
  } finally {
    await client.end();
  }
}

/**
 * graphile-worker's migrations for a restore target, run by `npm run`'s own tsx in a child process:
 * jest's CommonJS runtime cannot load graphile-worker (an ES module).
 */
export function workerMigrationsInChild(url: string): Promise<void> {
  const setup = path.resolve(__dirname, '..', '..', 'src', 'db', 'setup.ts');
  const tsx = path.resolve(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
  const script = `require(${JSON.stringify(setup)}).runWorkerMigrations(${JSON.stringify(url)}).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); })`;
  return new Promise((resolve, reject) =>
    execFile(tsx, ['-e', script], { timeout: 60_000 }, (error, _stdout, stderr) => (error ? reject(new Error(`worker migrations failed: ${stderr || error.message}`)) : resolve())),
  );
}
