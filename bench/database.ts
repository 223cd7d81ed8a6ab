// Where the benchmark runs: a fresh database on DATABASE_URL's server (a superuser URL), or
// embedded PostgreSQL in a temporary directory. Either way it is migrated exactly like the test
// template (roles, migrations incl. migrations/current, graphile-worker schema, dictionaries).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { dropDatabase, setupDatabase } from '../src/db/setup';
import { withDatabase } from '../src/db/url';

export interface BenchDatabase {
  /** Superuser connection string of the migrated benchmark database. */
  url: string;
  mode: 'embedded' | 'external';
  name: string;
  /** Drops the database (unless BENCH_KEEP=1) or stops embedded PostgreSQL and removes its files. */
  close(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..');

function includeCurrent(): boolean {
  const dir = path.join(ROOT, 'migrations', 'current');
  return fs.existsSync(dir) && fs.readdirSync(dir).length > 0;
}

function timestampName(date = new Date()): string {
  // vitalis_bench_20261125_093000_123: sortable, a valid identifier, unique enough per server.
  const iso = date.toISOString();
  return `vitalis_bench_${iso.slice(0, 10).replace(/-/g, '')}_${iso.slice(11, 19).replace(/:/g, '')}_${iso.slice(20, 23)}`;
}


export async function provisionDatabase(env: NodeJS.ProcessEnv, log: (message: string) => void): Promise<BenchDatabase> {
  const config = loadConfig(env);
  const keep = env.BENCH_KEEP === '1';
  const setup = (adminUrl: string, database: string) =>
    setupDatabase({
      adminUrl,
      database,
      authenticatorPassword: config.AUTHENTICATOR_PASSWORD,
      workerPassword: config.WORKER_PASSWORD,
      includeCurrent: includeCurrent(),
      quiet: true,
    });

  if (config.DATABASE_URL) {
    const adminUrl = config.DATABASE_URL;
    const name = timestampName();
    const redacted = new URL(withDatabase(adminUrl, name));
    if (redacted.password) redacted.password = '***';
    log(`creating ${redacted.toString()}`);
    let url: string;
    try {
      url = await setup(adminUrl, name);
    } catch (error) {
      await dropDatabase(adminUrl, name).catch(() => {});
      throw error;
    }
    return {
      url,
      mode: 'external',
      name,
      close: async () => {
        if (keep) {
          log(`BENCH_KEEP=1: kept database ${name}`);
          return;
        }
        await dropDatabase(adminUrl, name);
        log(`dropped database ${name}`);
      },
    };
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-bench-'));
  log(`starting embedded PostgreSQL in ${dir}`);
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), persistent: false });
  const cleanup = async () => {
    await embedded.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const name = 'vitalis_bench';
  let url: string;
  try {
    url = await setup(embedded.adminUrl, name);
  } catch (error) {
    await cleanup().catch(() => {});
    throw error;
  }
  return {
    url,
    mode: 'embedded',
    name,
    close: async () => {
      if (keep) log('BENCH_KEEP=1 has no effect on embedded PostgreSQL: its temporary cluster is removed');
      await cleanup();
    },
  };
}
