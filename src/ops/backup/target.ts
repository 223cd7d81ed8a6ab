// Brings the restore target to the backup's schema: the committed migrations exactly up to the
// recorded one (a temporary migrations folder holding only those files), migrations/current when
// the backup was taken with it applied (development and tests) and graphile-worker's schema. A
// backup newer than this code, or a target newer than the backup, is refused.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { migrate, watch } from 'graphile-migrate';
import { ensureDatabase, ensureRoles, runWorkerMigrations } from '../../db/setup';
import { databaseName, withDatabase } from '../../db/url';
import type { Manifest } from './manifest';

const MIGRATIONS = path.resolve(__dirname, '..', '..', '..', 'migrations');

const number = (filename: string) => Number(/^(\d{6})/.exec(filename)?.[1] ?? NaN);

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function targetMigration(url: string): Promise<string | null> {
  return withClient(url, async (c) => {
    if (!(await c.query(`select to_regclass('graphile_migrate.migrations') as t`)).rows[0].t) return null;
    return (await c.query<{ f: string | null }>('select max(filename) as f from graphile_migrate.migrations')).rows[0]?.f ?? null;
  });
}

async function appliedCurrent(url: string): Promise<string | null> {
  return withClient(url, async (c) => {
    if (!(await c.query(`select to_regclass('graphile_migrate.current') as t`)).rows[0].t) return null;
    return (await c.query<{ h: string }>(`select md5(content) as h from graphile_migrate.current where content ~ '[^[:space:]]'`)).rows[0]?.h ?? null;
  });
}

export interface TargetOptions {
  authenticatorPassword: string;
  workerPassword: string;
  /** Installs graphile-worker's schema; default src/db/setup.ts's (jest cannot load graphile-worker, an ES module: tests run it in a child process). */
  runWorkerMigrations?: (url: string) => Promise<void>;
}

/** Creates the target database when missing and migrates it to the manifest's schema version. */
export async function prepareTarget(targetUrl: string, manifest: Manifest, options: TargetOptions): Promise<void> {
  const wanted = manifest.schemaVersion.migration;
  const committed = fs.readdirSync(path.join(MIGRATIONS, 'committed')).filter((f) => /^\d{6}.*\.sql$/.test(f)).sort();
  const newest = committed[committed.length - 1] ?? '';
  if (!committed.some((f) => number(f) === number(wanted))) {
    throw new Error(`schemaVersion: the backup is at migration ${wanted}, newer than this code (its last is ${newest.slice(0, 6)}.sql); restore with a newer Vitalis`);
  }
  await ensureDatabase(targetUrl, databaseName(targetUrl));
  const at = await targetMigration(targetUrl);
  if (at && number(at) > number(wanted)) {
    throw new Error(`to: the target database is at migration ${at}, newer than the backup (${wanted}); restore into an empty database`);
  }
  const hasRoles = await withClient(targetUrl, async (c) => (await c.query(`select 1 from pg_roles where rolname = 'vitalis_owner'`)).rowCount === 1);
  if (!hasRoles) await ensureRoles(targetUrl, options);
  await withClient(targetUrl, async (c) => {
    const db = `"${databaseName(targetUrl).replace(/"/g, '""')}"`;
    await c.query(`grant connect, create, temporary on database ${db} to vitalis_owner`);
    await c.query(`grant connect, temporary on database ${db} to vitalis_authenticator, vitalis_worker, vitalis_readonly, vitalis_api, vitalis_anonymous`);
  });

  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-restore-migrations-'));
  try {
    fs.mkdirSync(path.join(folder, 'committed'));
    fs.mkdirSync(path.join(folder, 'current'));
    for (const f of committed.filter((f) => number(f) <= number(wanted))) fs.copyFileSync(path.join(MIGRATIONS, 'committed', f), path.join(folder, 'committed', f));
    if (manifest.schemaVersion.current) {
      for (const f of fs.readdirSync(path.join(MIGRATIONS, 'current'))) fs.copyFileSync(path.join(MIGRATIONS, 'current', f), path.join(folder, 'current', f));
    }
    const settings = { connectionString: targetUrl, rootConnectionString: withDatabase(targetUrl, 'postgres'), migrationsFolder: folder, logger: silentLogger() };
    await migrate(settings);
    if (manifest.schemaVersion.current) await watch(settings, true, false);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
    releaseMigratePools();
  }
  if (manifest.schemaVersion.current && (await appliedCurrent(targetUrl)) !== manifest.schemaVersion.current) {
    throw new Error('schemaVersion: the backup was taken with uncommitted migrations (migrations/current) that differ from this code\'s');
  }
  await (options.runWorkerMigrations ?? runWorkerMigrations)(targetUrl);
}

/**
 * graphile-migrate keeps its pools open 200 ms after use and exits the process when one of their
 * connections is terminated: a scratch database dropped soon after (the restore test) would do
 * that. Its pools are ended now (graphile-migrate has no public API for it).
 */
function releaseMigratePools(): void {
  const pgReal = require('graphile-migrate/dist/pgReal') as { clearAllPools?: () => void };
  pgReal.clearAllPools?.();
}

function silentLogger() {
  const { Logger } = require('@graphile/logger') as typeof import('@graphile/logger');
  return new Logger(() => (level: string, message: string) => {
    if (level === 'error') console.error(`[migrate] ${message}`);
  });
}
