// npm run db:dump: writes sql/schema.sql, the schema as migrated (vitalis, vitalis_private,
// analytics) with its grants, so every review shows what the database became, privileges
// included. Needs pg_dump on PATH and DATABASE_URL pointing at a migrated database.
//
// --after-migrate: run by graphile-migrate's afterAllMigrations hook (.gmrc) on the database it
// just migrated (GM_DBURL). It never fails a migration: where it cannot or should not dump (no
// pg_dump, one older than the server, CI or production, a remote database, or a database with
// migrations/current applied, whose dump would show uncommitted work) it says why and exits 0.
// Before dumping it installs graphile-worker's schema and sql/worker_bridge.sql, as
// `npm run db:migrate` does, so the file is the same whichever way the database was migrated.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { runWorkerMigrations } from '../db/setup';

const OUT = path.resolve(__dirname, '..', '..', 'sql', 'schema.sql');

function pgDumpMajor(): number | undefined {
  try {
    const version = execFileSync('pg_dump', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const major = /\(PostgreSQL\) (\d+)/.exec(version)?.[1];
    return major ? Number(major) : undefined;
  } catch {
    return undefined;
  }
}

function dump(url: string): number {
  const sql = execFileSync('pg_dump', ['--schema-only', '--schema=vitalis', '--schema=vitalis_private', '--schema=analytics', url], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  // pg_dump stamps its own version and a per-run restrict key; drop both so the file only changes when the schema does.
  const stable = sql.split('\n').filter((l) => !/^-- Dumped (from|by)/.test(l) && !/^\\(un)?restrict /.test(l)).join('\n');
  fs.writeFileSync(OUT, stable);
  return stable.split('\n').length;
}

/** Why the hook should not dump this database, or undefined when it should. */
async function reasonToSkip(url: string | undefined): Promise<string | undefined> {
  if (!url) return 'no database URL';
  if (process.env.CI) return 'running under CI';
  if (process.env.NODE_ENV === 'production') return 'NODE_ENV is production';
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (host && !['localhost', '127.0.0.1', '::1'].includes(host)) return `${host} is not a local development database`;
  const local = pgDumpMajor();
  if (local === undefined) return 'pg_dump is not on PATH';
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const server = Math.floor(Number((await client.query<{ v: string }>('show server_version_num')).rows[0]?.v) / 10000);
    if (local < server) return `pg_dump ${local} cannot dump a PostgreSQL ${server} server`;
    const tracked = (await client.query<{ t: string | null }>(`select to_regclass('graphile_migrate.current')::text as t`)).rows[0]?.t;
    const applied = tracked && (await client.query(`select 1 from graphile_migrate.current where content ~ '[^[:space:]]'`)).rowCount;
    if (applied) return 'migrations/current is applied here (the dump would show uncommitted work)';
  } finally {
    await client.end();
  }
  return undefined;
}

/**
 * Refreshes sql/schema.sql after a migration when this is a local development database (see
 * reasonToSkip); otherwise says why not. Never throws: a migration must not fail because of it.
 */
export async function refreshSchemaDump(url: string | undefined): Promise<void> {
  try {
    const reason = await reasonToSkip(url);
    if (reason) return console.log(`sql/schema.sql not refreshed: ${reason}`);
    // What npm run db:migrate adds after the migrations, so both dumps are the same file.
    await runWorkerMigrations(url!);
    console.log(`Refreshed sql/schema.sql (${dump(url!)} lines)`);
  } catch (error) {
    console.log(`sql/schema.sql not refreshed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function main() {
  if (process.argv.includes('--after-migrate')) return refreshSchemaDump(process.env.GM_DBURL);
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('db:dump needs DATABASE_URL (a migrated database) and pg_dump on PATH');
    process.exit(2);
  }
  console.log(`Wrote ${path.relative(process.cwd(), OUT)} (${dump(url)} lines)`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
