import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { migrate } from 'graphile-migrate';
import { databaseName, withDatabase } from './url';

const ROOT = path.resolve(__dirname, '..', '..');

export interface SetupOptions {
  /** A connection that may create roles and databases (superuser on embedded and CI). */
  adminUrl: string;
  /** The database to migrate; created when missing. */
  database: string;
  authenticatorPassword: string;
  workerPassword: string;
  /** Also apply migrations/current (development only). */
  includeCurrent?: boolean;
  quiet?: boolean;
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  await withClient(withDatabase(adminUrl, 'postgres'), async (client) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  });
}

/** Drops a database, ending its connections (PostgreSQL 13+ `with (force)`). */
export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  await withClient(withDatabase(adminUrl, 'postgres'), async (client) => {
    await client.query(`drop database if exists "${database.replace(/"/g, '""')}" with (force)`);
  });
}

/** Roles are cluster-wide: created idempotently before any migration runs. */
export async function ensureRoles(adminUrl: string, opts: { authenticatorPassword: string; workerPassword: string }): Promise<void> {
  const sql = fs.readFileSync(path.join(ROOT, 'sql', 'roles.sql'), 'utf8');
  await withClient(adminUrl, async (client) => {
    // Concurrent test runs share the cluster: serialise role creation.
    await client.query('select pg_advisory_lock(7426001)');
    try {
      await client.query(sql);
      await client.query(`alter role vitalis_authenticator password ${client.escapeLiteral(opts.authenticatorPassword)}`);
      await client.query(`alter role vitalis_worker password ${client.escapeLiteral(opts.workerPassword)}`);
    } finally {
      await client.query('select pg_advisory_unlock(7426001)');
    }
  });
}

export async function loadDictionaries(url: string): Promise<void> {
  const dir = path.join(ROOT, 'seeds', 'dictionaries');
  // Numbered so biomarkers load before the conversions that reference them.
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  await withClient(url, async (client) => {
    await client.query('begin');
    try {
      await client.query("set local role vitalis_owner");
      for (const file of files) await client.query(fs.readFileSync(path.join(dir, file), 'utf8'));
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    }
  });
}

/** graphile-worker's schema and the bridge into it (sql/worker_bridge.sql); idempotent. */
export async function runWorkerMigrations(url: string): Promise<void> {
  const { runMigrations } = await import('graphile-worker');
  await runMigrations({ connectionString: url, logger: quietWorkerLogger() });
  // The bridge into graphile-worker's tables (sql/worker_bridge.sql says why), as the same role.
  await withClient(url, (client) => client.query(fs.readFileSync(path.join(ROOT, 'sql', 'worker_bridge.sql'), 'utf8')));
}

export function quietWorkerLogger() {
  // graphile-worker's Logger is created from a factory; keep only warnings and errors.
  const { Logger } = require('graphile-worker') as typeof import('graphile-worker');
  return new Logger(() => (level: string, message: string) => {
    if (level === 'error' || level === 'warning') console.error(`[worker] ${message}`);
  });
}

// Advisory lock keys (two-int form: class, object). Advisory locks belong to the database they are
// taken in, so both are taken on the cluster's `postgres` database, which exists before ours does.
export const SETUP_LOCK_CLASS = 7426002;
const ROLES_LOCK = 7426001;

/**
 * Runs `fn` holding a session-level advisory lock for setting up `database`, on its own connection
 * to the maintenance database: a second process starting at the same time (two `npm start` on one
 * empty database) waits here, then finds the database created and migrated and does nothing.
 * graphile-migrate's own lock is a try-lock that fails instead of waiting. The lock goes with the
 * connection, so a process that dies mid-setup does not leave it held.
 */
async function withSetupLock<T>(options: SetupOptions, fn: (lock: Client) => Promise<T>): Promise<T> {
  return withClient(withDatabase(options.adminUrl, 'postgres'), async (lock) => {
    const key = [SETUP_LOCK_CLASS, options.database];
    const { rows } = await lock.query<{ locked: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as locked', key);
    if (!rows[0]!.locked) {
      console.error(`Another process is setting up database "${options.database}": waiting for it to finish.`);
      await lock.query('select pg_advisory_lock($1, hashtext($2))', key);
    }
    try {
      return await fn(lock);
    } finally {
      await lock.query('select pg_advisory_unlock($1, hashtext($2))', key);
    }
  });
}

/** Creates roles and the database, migrates, installs graphile-worker's schema and loads the dictionaries. */
export async function setupDatabase(options: SetupOptions): Promise<string> {
  return withSetupLock(options, (lock) => setupDatabaseLocked(options, lock));
}

async function setupDatabaseLocked(options: SetupOptions, lock: Client): Promise<string> {
  await ensureDatabase(options.adminUrl, options.database);
  const url = withDatabase(options.adminUrl, options.database);
  // Roles are cluster-wide: setups of different databases (parallel test runs) serialise here.
  await lock.query('select pg_advisory_lock($1)', [ROLES_LOCK]);
  try {
    await ensureRoles(url, options);
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [ROLES_LOCK]);
  }
  await withClient(url, async (client) => {
    const db = `"${options.database.replace(/"/g, '""')}"`;
    await client.query(`grant connect, create, temporary on database ${db} to vitalis_owner`);
    await client.query(`grant connect, temporary on database ${db} to vitalis_authenticator, vitalis_worker, vitalis_readonly, vitalis_api, vitalis_anonymous`);
  });
  const settings = {
    connectionString: url,
    rootConnectionString: withDatabase(options.adminUrl, 'postgres'),
    migrationsFolder: path.join(ROOT, 'migrations'),
    logger: options.quiet ? silentMigrateLogger() : undefined,
  };
  try {
    await migrate(settings);
    if (options.includeCurrent) {
      const { watch } = await import('graphile-migrate');
      await watch(settings, true, false);
    }
  } finally {
    releaseMigratePools();
  }
  await runWorkerMigrations(url);
  await loadDictionaries(url);
  return url;
}

/**
 * graphile-migrate keeps its pools for 200 ms after use, and a pool whose idle client errors (the
 * server restarted, a connection terminated) calls process.exit(1). A restart in that window took
 * down whole processes (the fault tests' private cluster, a server that had just migrated). Its
 * pools are not needed after setup: end them now. clearAllPools is not in the package's index, so
 * it is reached by path; without it (another version) the old behaviour stays.
 */
function releaseMigratePools(): void {
  try {
    (require('graphile-migrate/dist/pgReal') as { clearAllPools?: () => void }).clearAllPools?.();
  } catch {
    // A graphile-migrate without that module: its pools end on their own 200 ms later.
  }
}

function silentMigrateLogger() {
  const { Logger } = require('@graphile/logger') as typeof import('@graphile/logger');
  return new Logger(() => (level: string, message: string) => {
    if (level === 'error') console.error(`[migrate] ${message}`);
  });
}

export { databaseName };
