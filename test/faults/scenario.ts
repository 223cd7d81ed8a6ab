// The fault runs' common ground (test/faults/*.test.ts and bench/faults/run.ts): a private embedded
// PostgreSQL that can be restarted, the real API on it, the jobs one user's imports and provider
// syncs make (an Apple Health export and a Strong CSV through POST /imports/{type}, every
// provider connected through the fake provider servers and synced), and the fingerprint of the
// user's data that an interrupted run must share with an uninterrupted one.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Pool } from 'pg';
import { issueSession } from '../../src/auth/sessions';
import { loadConfig, type Config } from '../../src/config';
import { freePort } from '../../src/db/embedded';
import { endPool } from '../../src/db/pools';
import { withCredentials } from '../../src/db/url';
import { startServer, type RunningServer } from '../../src/server/app';
import type { Storage } from '../../src/storage/s3';
import { PROVIDERS, type ProviderName } from '../../src/providers/types';
import { fakeProviderEnv } from '../fakeProviders/server';
import { createUser } from '../helpers/db';

/** The key the worker process uses (test/helpers/workerProcess.ts): tokens the API stores, the worker reads. */
export const FAULT_TOKEN_KEYS = `test1:${Buffer.alloc(32, 3).toString('base64')}`;
const AUTHENTICATOR_PASSWORD = 'vitalis-authenticator';

export interface FaultDatabase {
  url: string;
  authenticatorUrl: string;
  /** Superuser pool (RLS does not apply). */
  pool: Pool;
  close(): Promise<void>;
}

function openFaultDatabase(url: string): FaultDatabase {
  const pool = new Pool({ connectionString: url, max: 4 });
  // Restarts end idle clients: the pool replaces them on the next query.
  pool.on('error', () => {});
  return { url, authenticatorUrl: withCredentials(url, 'vitalis_authenticator', AUTHENTICATOR_PASSWORD), pool, close: () => endPool(pool) };
}

export interface PrivateCluster {
  adminUrl: string;
  createDatabase(name: string): Promise<FaultDatabase>;
  /** `pg_ctl stop -m fast`: sessions end (57P01), new connections are refused. */
  stopServer(): Promise<void>;
  /** Starts it again on the same data directory and port; resolves once it accepts connections. */
  startServer(): Promise<void>;
  close(): Promise<void>;
}

/**
 * An embedded PostgreSQL of the caller's own in `dir` (never the shared test server), which it may
 * stop and start: src/db/embedded.ts run by test/faults/clusterProcess.ts in a child process.
 */
export async function privateCluster(dir: string): Promise<PrivateCluster> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'clusterProcess.ts'), dir], {
    cwd: path.resolve(__dirname, '..', '..'),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const errors: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let ready!: (adminUrl: string) => void;
  let failed!: (error: Error) => void;
  const started = new Promise<string>((resolve, reject) => ((ready = resolve), (failed = reject)));
  child.on('exit', (code) => {
    const error = new Error(`the cluster process exited (${code}): ${errors.join('').slice(-2000)}`);
    failed(error);
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  });
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    const message = JSON.parse(line) as { ready?: boolean; adminUrl?: string; id?: number; ok?: boolean; result?: unknown; error?: string };
    if (message.ready) return ready(message.adminUrl!);
    const w = waiting.get(message.id!);
    waiting.delete(message.id!);
    if (message.ok) w?.resolve(message.result);
    else w?.reject(new Error(message.error));
  });
  let next = 0;
  const command = <T>(cmd: string, name?: string) =>
    new Promise<T>((resolve, reject) => {
      const id = ++next;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.stdin!.write(`${JSON.stringify({ id, cmd, name })}\n`);
    });
  const adminUrl = await started;
  return {
    adminUrl,
    createDatabase: async (name) => openFaultDatabase(await command<string>('create', name)),
    stopServer: () => command('stop'),
    startServer: () => command('start'),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      await command('close').catch(() => {});
      await exited;
    },
  };
}

export interface FaultServer {
  server: RunningServer;
  config: Config;
}

/** The real API (PostGraphile, REST routes, uploads) on `db`, with every provider pointed at the fakes. */
export async function startFaultServer(
  db: FaultDatabase,
  // The GraphQL schema is built before it listens, as in production: built in the background it
  // would compete with the first requests (an OAuth callback timing out on a loaded machine).
  options: { storage?: Storage; fakeOrigin: string; env?: Record<string, string> },
): Promise<FaultServer> {
  // A fixed port: the OAuth callback URL (API_PUBLIC_URL) must be known before the server starts.
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'fault-test-secret-0123456789abcdef0123456789',
    DATABASE_URL: db.url,
    TOKEN_ENCRYPTION_KEYS: FAULT_TOKEN_KEYS,
    API_PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...fakeProviderEnv(options.fakeOrigin),
    ...options.env,
  });
  const server = await startServer({ config, db: { authenticatorUrl: db.authenticatorUrl }, host: '127.0.0.1', port, storage: options.storage });
  return { server, config };
}

/** The worker's environment for fault runs: the fake providers, and nothing that runs on a timer of its own. */
export function faultWorkerEnv(fakeOrigin: string): Record<string, string> {
  return { ...fakeProviderEnv(fakeOrigin), INSIGHTS_DEBOUNCE_SECONDS: '86400', LOG_LEVEL: 'warn' };
}

/** The first and last day named in a provider's fixtures: the window every sync asks for. */
export function fixtureWindow(provider: string): { start: string; end: string } {
  const dir = path.resolve(__dirname, '..', 'fixtures', 'providers', provider);
  const days = fs.readdirSync(dir).flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').match(/20\d\d-\d\d-\d\d/g) ?? []).sort();
  const end = new Date(`${days.at(-1)!}T00:00:00Z`).getTime() + 2 * 86_400_000;
  return { start: `${days[0]!}T00:00:00Z`, end: new Date(end).toISOString() };
}

export interface ScenarioFiles {
  appleHealth?: string;
  strong?: string;
}

export interface QueuedScenario {
  userId: string;
  token: string;
  jobIds: string[];
}

async function upload(fs_: FaultServer, token: string, type: string, file: string): Promise<string> {
  const response = await fetch(`${fs_.server.origin}/imports/${type}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: fs.readFileSync(file) });
  const body = (await response.json()) as { job?: { jobId: string } };
  if (response.status !== 202 || !body.job) throw new Error(`upload of ${type} answered ${response.status}: ${JSON.stringify(body)}`);
  return body.job.jobId;
}

/** Connects the user to a provider the way a browser does (connect -> fake authorize -> callback); returns the backfill job the callback queued. */
export async function connectProvider(fs_: FaultServer, token: string, provider: ProviderName): Promise<string | undefined> {
  // A 503 says the provider (the fake, on a loaded machine) answered too slowly: try again, as its message asks.
  for (let attempt = 1; ; attempt++) {
    try {
      return await connectOnce(fs_, token, provider);
    } catch (error) {
      if (attempt >= 3 || !/answered 503/.test(String(error))) throw error;
    }
  }
}

async function connectOnce(fs_: FaultServer, token: string, provider: ProviderName): Promise<string | undefined> {
  const connect = await fetch(`${fs_.server.origin}/providers/${provider}/connect`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const { authorizeUrl } = (await connect.json()) as { authorizeUrl: string };
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const callback = await fetch(consent.headers.get('location')!);
  const body = (await callback.json()) as { connected?: boolean; backfillJobId?: string };
  if (callback.status !== 200 || !body.connected) throw new Error(`connecting ${provider} answered ${callback.status}: ${JSON.stringify(body)}`);
  return body.backfillJobId;
}

/** Queues a sync of the provider's fixture days (what a webhook or "sync now" queues). */
export async function queueWindowSync(pool: Pool, userId: string, provider: ProviderName): Promise<string> {
  const payload = { mode: 'daily', window: fixtureWindow(provider) };
  const { rows } = await pool.query(`select vitalis_private.enqueue_ingestion_job($1, 'daily_sync', $2, $3::jsonb) as id`, [userId, provider, JSON.stringify(payload)]);
  return rows[0].id as string;
}

/**
 * One user's jobs, all queued before a worker runs: every provider connected (each callback queues
 * a backfill) and synced over its fixture days, the Apple Health export uploaded after the second
 * provider and the Strong CSV after the fourth. The same calls on another database queue the same
 * jobs in the same order.
 */
export async function queueScenario(fs_: FaultServer, pool: Pool, files: ScenarioFiles, providers: readonly ProviderName[] = PROVIDERS): Promise<QueuedScenario> {
  const userId = await createUser(pool);
  const token = (await issueSession(pool, fs_.config, userId)).accessToken;
  const jobIds: string[] = [];
  // Imports between the syncs (jobs run in the order queued), so kills land in both kinds.
  const uploads: Array<['apple-health' | 'strong', string | undefined]> = [
    ['apple-health', files.appleHealth],
    ['strong', files.strong],
  ];
  for (const [i, provider] of providers.entries()) {
    const backfill = await connectProvider(fs_, token, provider);
    if (backfill) jobIds.push(backfill);
    jobIds.push(await queueWindowSync(pool, userId, provider));
    if (i % 2 === 1) {
      const [type, file] = uploads.shift() ?? [];
      if (type && file) jobIds.push(await upload(fs_, token, type, file));
    }
  }
  for (const [type, file] of uploads) if (file) jobIds.push(await upload(fs_, token, type, file));
  return { userId, token, jobIds };
}

export interface JobState {
  job_id: string;
  job_type: string;
  source: string | null;
  status: string;
  attempts: number;
  max_attempts: number;
  error_message: string | null;
}

export async function jobStates(pool: Pool, userId: string): Promise<JobState[]> {
  const { rows } = await pool.query<JobState>(
    `select job_id, job_type::text, source::text, status::text, attempts, max_attempts, error_message from vitalis.ingestion_jobs where user_id = $1 order by queued_at, job_id`,
    [userId],
  );
  return rows;
}

/** Every job of the user over (succeeded, failed, canceled) and gone from graphile-worker's queue; undefined while not. */
export async function allJobsDone(pool: Pool, userId: string): Promise<JobState[] | undefined> {
  const jobs = await jobStates(pool, userId);
  if (jobs.some((j) => !['succeeded', 'failed', 'canceled'].includes(j.status))) return undefined;
  const { rows } = await pool.query(`select count(*)::int as n from graphile_worker._private_jobs where key = any($1::text[])`, [jobs.map((j) => `ingestion:${j.job_id}`)]);
  return rows[0].n === 0 ? jobs : undefined;
}

/**
 * The user's data, table by table: the row count and an md5 of every row's text, sorted. Left out
 * of each row, because they legitimately differ between two runs of the same jobs: uuid columns
 * (generated ids, the user's own id, references to generated ids) and timestamps the server
 * stamps when it writes (columns defaulting to now(), such as created_at and updated_at).
 * connected_devices also leaves out when it last synced, when the fake's token expires, and its
 * sync cursor (which records when the backfill ran: its window ends at that moment);
 * ingestion_jobs keeps only what each job was and how it ended (job_type, source, status): its
 * payload names a random upload key, and attempts, result counts (a re-run after a kill finds
 * rows already written) and timings are what a fault changes by design. audit_log is not compared:
 * it is the history of writes, not the data (a window re-synced after a kill adds no-op entries).
 */
export const COMPARED_TABLES = ['wearable_daily', 'wearable_sleep', 'wearable_activities', 'measurements', 'lifting_sessions', 'lifting_sets', 'connected_devices', 'ingestion_jobs'] as const;

const KEPT_ONLY: Partial<Record<(typeof COMPARED_TABLES)[number], string[]>> = { ingestion_jobs: ['job_type', 'source', 'status'] };
// The cursor records when the backfill ran (its window ends "now"): a server timestamp too.
const ALSO_LEFT_OUT: Partial<Record<(typeof COMPARED_TABLES)[number], string[]>> = { connected_devices: ['last_sync_at', 'token_expires_at', 'sync_cursor'] };

export type Fingerprint = Record<string, { rows: number; md5: string }>;

export async function fingerprint(pool: Pool, userId: string): Promise<Fingerprint> {
  const out: Fingerprint = {};
  for (const table of COMPARED_TABLES) {
    const { rows: columns } = await pool.query<{ name: string; left_out: boolean }>(
      `select a.attname as name,
              (a.atttypid = 'uuid'::regtype or (a.atttypid = 'timestamptz'::regtype and pg_get_expr(d.adbin, d.adrelid) ilike '%now()%')) as left_out
         from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped`,
      [`vitalis.${table}`],
    );
    const kept = KEPT_ONLY[table];
    const leftOut = columns.filter((c) => (kept ? !kept.includes(c.name) : c.left_out || (ALSO_LEFT_OUT[table] ?? []).includes(c.name))).map((c) => c.name);
    const { rows } = await pool.query<{ rows: number; md5: string }>(
      `select count(*)::int as rows, md5(coalesce(string_agg(r, E'\\n' order by r), '')) as md5
         from (select (to_jsonb(t) - $2::text[])::text as r from vitalis.${table} t where t.user_id = $1) s`,
      [userId, leftOut],
    );
    out[table] = rows[0]!;
  }
  return out;
}

/** Tables whose fingerprints differ (empty when the two runs agree). */
export function differences(a: Fingerprint, b: Fingerprint): string[] {
  return Object.keys({ ...a, ...b }).filter((t) => a[t]?.rows !== b[t]?.rows || a[t]?.md5 !== b[t]?.md5);
}
