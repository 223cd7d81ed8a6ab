// Kept data sets: vitalis_scale_<users>u_<days>d on DATABASE_URL's server (or on a persistent
// embedded cluster in .data/bench-scale), reused by later runs while the migrations, the seed and
// the length match. A larger level starts as a copy of the largest smaller one it can extend
// (users 0..n-1 are the same in both), so 10,000 users cost 9,000 users of loading after 1,000.

import { Client, Pool } from 'pg';
import { dayToIso, isoToDay } from '../generate';
import { TABLES } from '../phases/ingestion';
import { vacuumAnalyze } from '../setup';
import { setupDatabase, dropDatabase } from '../../src/db/setup';
import { withDatabase } from '../../src/db/url';
import { loadUsers, type LoadProgress } from './load';
import { MANIFEST_FORMAT, compatible, migrationsFingerprint, readManifest, writeManifest, type Manifest } from './manifest';
import type { ScaleOptions } from './options';

export interface Dataset {
  name: string;
  url: string;
  manifest: Manifest;
  /** How the data set was obtained in this run. */
  origin: 'reused' | 'resumed' | 'extended' | 'created';
  load: LoadProgress | null;
}

export interface DatasetServer {
  adminUrl: string;
  authenticatorPassword: string;
  workerPassword: string;
}

export function datasetName(users: number, options: Pick<ScaleOptions, 'days' | 'seed'>): string {
  const seed = options.seed === 'vitalis' ? '' : `_${options.seed.toLowerCase().replace(/[^a-z0-9]+/g, '')}`.slice(0, 20);
  return `vitalis_scale_${users}u_${options.days}d${seed}`;
}

/** One query session on the server's postgres database (the bench's admin connection). */
export async function adminQuery<T>(adminUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function exists(adminUrl: string, name: string): Promise<boolean> {
  return adminQuery(adminUrl, async (c) => ((await c.query('select 1 from pg_database where datname = $1', [name])).rowCount ?? 0) > 0);
}

/** A data set's manifest; null when it has none. */
export async function manifestOf(url: string): Promise<Manifest | null> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    return await readManifest(pool);
  } finally {
    await pool.end();
  }
}

/** The largest kept, fully loaded, compatible data set with fewer users than `users`. */
async function baseFor(server: DatasetServer, users: number, want: Pick<Manifest, 'days' | 'seed' | 'migrations'>): Promise<{ name: string; manifest: Manifest } | null> {
  const names = await adminQuery(server.adminUrl, async (c) =>
    (await c.query(`select datname from pg_database where datname like 'vitalis\\_scale\\_%'`)).rows.map((r: { datname: string }) => r.datname));
  let best: { name: string; manifest: Manifest } | null = null;
  for (const name of names) {
    const manifest = await manifestOf(withDatabase(server.adminUrl, name)).catch(() => null);
    if (!manifest || !compatible(manifest, want) || manifest.usersLoaded !== manifest.users || manifest.users >= users) continue;
    if (!best || manifest.users > best.manifest.users) best = { name, manifest };
  }
  return best;
}

export async function ensureDataset(server: DatasetServer, users: number, options: ScaleOptions, log: (m: string) => void): Promise<Dataset> {
  const name = datasetName(users, options);
  const url = withDatabase(server.adminUrl, name);
  const want = { days: options.days, seed: options.seed, migrations: migrationsFingerprint() };
  let origin: Dataset['origin'] = 'created';
  let manifest: Manifest | null = null;

  if (await exists(server.adminUrl, name)) {
    manifest = await manifestOf(url).catch(() => null);
    // BENCH_SCALE_REUSE=force: keep a data set loaded under other migrations (reported as such).
    const force = process.env.BENCH_SCALE_REUSE === 'force' && manifest !== null && manifest.users === users;
    if (manifest && (force || (compatible(manifest, want) && manifest.users === users))) {
      if (force && manifest.migrations !== want.migrations) log(`${name}: BENCH_SCALE_REUSE=force: reusing it although the migrations changed since it was loaded`);
      origin = manifest.usersLoaded === users ? 'reused' : 'resumed';
    } else {
      log(`${name}: loaded for other migrations, seed or length: dropping it`);
      await dropDatabase(server.adminUrl, name);
      manifest = null;
    }
  }
  if (!manifest) {
    const base = await baseFor(server, users, want);
    if (base) {
      log(`${name}: copying ${base.name} (${base.manifest.users} users) to extend it`);
      await adminQuery(server.adminUrl, (c) => c.query(`create database "${name}" template "${base.name}"`));
      manifest = { ...base.manifest, users };
      origin = 'extended';
    } else {
      log(`${name}: creating and migrating`);
      await setupDatabase({ adminUrl: server.adminUrl, database: name, authenticatorPassword: server.authenticatorPassword, workerPassword: server.workerPassword, includeCurrent: true, quiet: true });
      const pool = new Pool({ connectionString: url, max: 1 });
      try {
        const today = ((await pool.query(`select current_date::text as d`)).rows[0] as { d: string }).d;
        manifest = { format: MANIFEST_FORMAT, users, usersLoaded: 0, days: options.days, seed: options.seed, startDate: dayToIso(isoToDay(today) - options.days + 1), endDate: today, migrations: want.migrations, loadMs: 0 };
        for (const spec of TABLES) {
          await pool.query('select vitalis_private.ensure_partitions($1::regclass, $2::date, $3::date)', [`vitalis.${spec.table}`, manifest.startDate, manifest.endDate]);
        }
        await writeManifest(pool, manifest);
      } finally {
        await pool.end();
      }
    }
  }

  let load: LoadProgress | null = null;
  if (manifest.usersLoaded < manifest.users) {
    const pool = new Pool({ connectionString: url, max: options.jobs + 1, application_name: 'vitalis-bench-scale-load' });
    pool.on('error', (error) => log(`idle connection error: ${error.message}`));
    try {
      log(`${name}: loading users ${manifest.usersLoaded}..${manifest.users - 1} (${manifest.startDate} .. ${manifest.endDate})`);
      load = await loadUsers(pool, manifest, options, log);
      manifest.loadMs += load.ms;
      await writeManifest(pool, manifest);
      log(`${name}: loaded ${load.users} users, ${load.rows} rows in ${(load.ms / 1000).toFixed(0)} s; vacuum analyze`);
      await vacuumAnalyze(pool);
      await pool.query('vacuum (analyze) vitalis.lifting_sessions, vitalis.lifting_sets, vitalis.measurements');
    } finally {
      await pool.end();
    }
  }
  return { name, url, manifest, origin, load };
}
