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

async function runWorkerMigrations(url: string): Promise<void> {
  const { runMigrations } = await import('graphile-worker');
  await runMigrations({ connectionString: url, logger: quietWorkerLogger() });
  // graphile-worker protects its tables with RLS and no policies: only their owner (whoever ran
  // these migrations) may add or remove jobs. Two narrow SECURITY DEFINER functions, owned by that
  // role and executable by vitalis_owner only, let vitalis_private.enqueue_ingestion_job and
  // vitalis.cancel_ingestion_job do exactly that and nothing else.
  await withClient(url, (client) => client.query(WORKER_BRIDGE_SQL));
}

const WORKER_BRIDGE_SQL = `
drop function if exists vitalis_private.worker_add_job(text, json, text, integer, integer);
create or replace function vitalis_private.worker_add_job(task text, payload json, job_key text, max_attempts integer, priority integer, run_at timestamptz default null) returns void
  language sql volatile security definer set search_path = pg_catalog, pg_temp as $$
  select graphile_worker.add_job(task, payload, job_key => job_key, max_attempts => max_attempts, priority => priority, run_at => run_at);
$$;
comment on function vitalis_private.worker_add_job(text, json, text, integer, integer, timestamptz) is 'Adds (or, for an existing job_key, replaces) a graphile-worker job, as the owner of graphile-worker''s tables. Created by src/db/setup.ts after graphile-worker''s own migrations.';
create or replace function vitalis_private.worker_remove_job(job_key text) returns boolean
  language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
begin
  -- A locked job is being run by a worker: leave it alone and say so.
  if exists (select 1 from graphile_worker._private_jobs j where j.key = job_key and j.locked_at is not null) then
    return false;
  end if;
  perform graphile_worker.remove_job(job_key);
  return true;
end
$$;
comment on function vitalis_private.worker_remove_job(text) is 'Removes a graphile-worker job by key unless a worker is running it (then false). Created by src/db/setup.ts.';
revoke all on function vitalis_private.worker_add_job(text, json, text, integer, integer, timestamptz) from public;
revoke all on function vitalis_private.worker_remove_job(text) from public;
grant execute on function vitalis_private.worker_add_job(text, json, text, integer, integer, timestamptz) to vitalis_owner;
grant execute on function vitalis_private.worker_remove_job(text) to vitalis_owner;
`;

export function quietWorkerLogger() {
  // graphile-worker's Logger is created from a factory; keep only warnings and errors.
  const { Logger } = require('graphile-worker') as typeof import('graphile-worker');
  return new Logger(() => (level: string, message: string) => {
    if (level === 'error' || level === 'warning') console.error(`[worker] ${message}`);
  });
}

/** Creates roles and the database, migrates, installs graphile-worker's schema and loads the dictionaries. */
export async function setupDatabase(options: SetupOptions): Promise<string> {
  await ensureDatabase(options.adminUrl, options.database);
  const url = withDatabase(options.adminUrl, options.database);
  await ensureRoles(url, options);
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
  await migrate(settings);
  if (options.includeCurrent) {
    const { watch } = await import('graphile-migrate');
    await watch(settings, true, false);
  }
  await runWorkerMigrations(url);
  await loadDictionaries(url);
  return url;
}

function silentMigrateLogger() {
  const { Logger } = require('@graphile/logger') as typeof import('@graphile/logger');
  return new Logger(() => (level: string, message: string) => {
    if (level === 'error') console.error(`[migrate] ${message}`);
  });
}

export { databaseName };
