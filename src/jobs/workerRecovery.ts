// Crashed-worker recovery (DESIGN.md section 6).
//
// graphile-worker (open-source edition) leaves the jobs of a worker that died without a graceful
// shutdown (SIGKILL, OOM, power loss) locked for 4 hours. A timestamp alone cannot tell a dead
// worker from a live one running a long job, so every worker process proves it is alive by
// holding a session-level advisory lock per worker id (and per worker-pool id, which is what
// locks jobs when the local queue is used) on a dedicated connection. PostgreSQL drops those
// locks the moment that session ends, so a sweep, run at start and then every minute, unlocks
// jobs whose `locked_by` has no live holder in pg_locks. Jobs run at least once, and the tasks
// are idempotent, so a job released this way is simply run again.
//
// The attempt a dead worker cut short is given back (graphile-worker counted it when it locked
// the job): a kill is not the job's failure, and a job killed on its last attempt would otherwise
// never run again while its ingestion_jobs row said "running" forever. Up to
// MAX_ATTEMPTS_WITH_CRASHES attempts in all; an ingestion job that used them all (it keeps
// killing its worker) is failed with a message saying so (docs/faults.md).
import { Client, type Pool } from 'pg';
import type { Logger } from '../http/logger';
import { inRequestTransaction } from '../db/requestContext';

/** First key of the two-key advisory locks; the second is hashtext(worker id). */
export const LIVENESS_LOCK_CLASS = 7426101;
/** A lock younger than this is never released: covers the moment between a worker's creation and its liveness lock. */
export const DEFAULT_GRACE_SECONDS = 30;
/**
 * Attempts given back to jobs cut short by a dead worker stop here (graphile-worker's default
 * max_attempts, so jobs queued with the default get none back). The same ceiling as
 * vitalis_private.start_ingestion_job (migrations/current/5-faults.sql).
 */
export const MAX_ATTEMPTS_WITH_CRASHES = 25;
/** How long after a PostgreSQL (re)start the sweep waits: live workers re-take their liveness locks every second until they have them. */
export const RESTART_GRACE_SECONDS = 5;

/** Holds one advisory lock per live worker id on its own connection, re-taking them after a reconnect. */
export class WorkerLiveness {
  private client: Client | null = null;
  private readonly held = new Set<string>();
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly url: string, private readonly logger?: Logger) {}

  async start(): Promise<void> {
    await this.connect();
  }

  hold(id: string): Promise<void> {
    // Session advisory locks stack: take each id's lock once.
    if (this.held.has(id)) return Promise.resolve();
    this.held.add(id);
    return this.run('select pg_advisory_lock($1, hashtext($2))', id);
  }

  release(id: string): Promise<void> {
    if (!this.held.delete(id)) return Promise.resolve();
    return this.run('select pg_advisory_unlock($1, hashtext($2))', id);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.chain.catch(() => {});
    const client = this.client;
    this.client = null;
    // Ending the session releases every lock it holds.
    await client?.end().catch(() => {});
  }

  private run(sql: string, id: string): Promise<void> {
    const next = this.chain.then(async () => {
      if (this.client) await this.client.query(sql, [LIVENESS_LOCK_CLASS, id]);
    });
    this.chain = next.catch((error: unknown) => this.logger?.warn({ err: error }, 'worker liveness lock failed'));
    return this.chain.then(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'vitalis-worker-liveness' });
    const lost = (error?: unknown) => {
      if (this.client !== client || this.closed) return;
      this.logger?.warn({ err: error }, 'worker liveness connection lost; reconnecting');
      this.client = null;
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    this.client = client;
    for (const id of this.held) await client.query('select pg_advisory_lock($1, hashtext($2))', [LIVENESS_LOCK_CLASS, id]);
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.closed) return;
      this.connect().catch(() => this.scheduleReconnect());
    }, 1000);
    this.reconnectTimer.unref();
  }
}

/**
 * Unlocks the jobs and queues of workers that hold a job lock older than the grace period but no
 * liveness lock, once PostgreSQL has been up for restartGraceSeconds (a restart ends every
 * liveness session; live workers take their locks again within about a second). Returns the worker
 * ids it released.
 */
export async function releaseDeadWorkerLocks(
  pool: Pool,
  options: { schema?: string; graceSeconds?: number; /** Release nothing until PostgreSQL has been up this long (the worker: RESTART_GRACE_SECONDS). */ restartGraceSeconds?: number } = {},
): Promise<string[]> {
  const schema = `"${(options.schema ?? 'graphile_worker').replace(/"/g, '""')}"`;
  const grace = options.graceSeconds ?? DEFAULT_GRACE_SECONDS;
  const { rows } = await pool.query<{ dead: string[] | null }>(
    `with locked as (
       select locked_by from ${schema}._private_jobs where locked_by is not null and locked_at < now() - make_interval(secs => $2)
       union
       select locked_by from ${schema}._private_job_queues where locked_by is not null and locked_at < now() - make_interval(secs => $2)
     )
     select array_agg(l.locked_by order by l.locked_by) as dead
       from locked l
      -- After a PostgreSQL restart every session is new: live workers need a moment to take their
      -- liveness locks again, so until the server has been up that long a missing lock proves nothing.
      where pg_catalog.pg_postmaster_start_time() < now() - make_interval(secs => $3)
        and not exists (
        select 1 from pg_catalog.pg_locks k
         where k.locktype = 'advisory' and k.granted and k.objsubid = 2
           and k.database = (select oid from pg_catalog.pg_database where datname = current_database())
           and k.classid = $1::int4::oid and k.objid = hashtext(l.locked_by)::oid)`,
    [LIVENESS_LOCK_CLASS, grace, options.restartGraceSeconds ?? 0],
  );
  const dead = rows[0]?.dead ?? [];
  if (dead.length === 0) return dead;
  const client = await pool.connect();
  let exhausted: Array<{ key: string; attempts: number }>;
  try {
    await client.query('begin');
    // The attempt each dead worker was making is given back, then its locks go.
    const given = await client.query<{ key: string | null; attempts: number; max_attempts: number }>(
      `update ${schema}._private_jobs j
          set max_attempts = case when j.max_attempts < $2 then j.max_attempts + 1 else j.max_attempts end
        where j.locked_by = any($1::text[])
        returning j.key, j.attempts, j.max_attempts`,
      [dead, MAX_ATTEMPTS_WITH_CRASHES],
    );
    await client.query(`select ${schema}.force_unlock_workers($1::text[])`, [dead]);
    await client.query('commit');
    exhausted = given.rows.filter((r) => r.attempts >= r.max_attempts && r.key?.startsWith(INGESTION_KEY)).map((r) => ({ key: r.key!, attempts: r.attempts }));
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  // graphile-worker will not run these again: their ingestion jobs are over, not left "running".
  const failures: unknown[] = [];
  for (const { key, attempts } of exhausted) {
    await abandonIngestionJob(pool, key.slice(INGESTION_KEY.length), attempts).catch((error: unknown) => failures.push(error));
  }
  if (failures.length > 0) throw new AggregateError(failures, `could not give up ${failures.length} ingestion job(s) that kept killing their worker`);
  return dead;
}

/** graphile-worker job key of an ingestion job (vitalis_private.enqueue_ingestion_job). */
const INGESTION_KEY = 'ingestion:';

async function abandonIngestionJob(pool: Pool, jobId: string, attempts: number): Promise<void> {
  const found = await inRequestTransaction(pool, { role: 'vitalis_worker' }, (c) =>
    c.query<{ user_id: string }>('select user_id from vitalis.ingestion_jobs where job_id = $1', [jobId]),
  );
  const userId = found.rows[0]?.user_id;
  if (!userId) return;
  await inRequestTransaction(pool, { role: 'vitalis_worker', userId }, (c) => c.query('select vitalis_private.abandon_crashed_ingestion_job($1, $2)', [jobId, attempts]));
}
