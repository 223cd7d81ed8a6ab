import { HeadBucketCommand } from '@aws-sdk/client-s3';
import type { RequestHandler } from 'express';
import type { Pool } from 'pg';
import type { Logger } from '../../http/logger';
import type { Storage } from '../../storage/s3';
import type { DatabaseSnapshotCache } from './databaseSnapshot';

export interface FailingCheck {
  /** database, migrations, storage, worker or queue */
  check: string;
  reason: string;
}

export interface ReadinessOptions {
  pool: Pool;
  snapshots: DatabaseSnapshotCache;
  /** Checked when given (the app serves uploads from it). */
  storage?: Storage;
  /** The newest migration the code ships (e.g. "000020.sql"); the database must have it. */
  shippedMigration?: string;
  /** Whether a worker process must be running against this database (RUN_WORKER). */
  expectWorker: boolean;
  /** A job ready to run that has waited longer than this means the queue is stuck. */
  queueStuckSeconds?: number;
  /** Each check's own limit. */
  timeoutMs?: number;
  /** Answers within this many ms share one evaluation, so /readyz costs the same under load. */
  cacheMs?: number;
  logger?: Logger;
}

function timeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A reason that names the failure without internals (hosts, SQL): /readyz is not authenticated. */
function why(error: unknown): string {
  type Failure = { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; errors?: unknown; $metadata?: { httpStatusCode?: unknown } } | null;
  const e = error as Failure;
  if (typeof e?.message === 'string' && / did not answer within /.test(e.message)) return e.message;
  // node's network errors carry a code, sometimes on a cause or inside an AggregateError (IPv4 and IPv6).
  const nested = [e, e?.cause, ...(Array.isArray(e?.errors) ? e.errors : [])] as Failure[];
  const code = nested.map((n) => n?.code).find((c) => typeof c === 'string' && c);
  if (code) return `error ${String(code)}`;
  // The AWS SDK may wrap one as "AWS SDK error wrapper for Error: connect ECONNREFUSED ...".
  const wrapped = typeof e?.message === 'string' ? /\b(E[A-Z]{4,})\b/.exec(e.message)?.[1] : undefined;
  if (wrapped) return `error ${wrapped}`;
  if (typeof e?.$metadata?.httpStatusCode === 'number') return `HTTP ${e.$metadata.httpStatusCode}`;
  return typeof e?.name === 'string' && e.name !== 'Error' ? e.name : 'unexpected error';
}

/** "000019-name.sql" or "000019.sql" -> "000019" */
const sequence = (file: string) => /^(\d+)/.exec(file)?.[1];

async function databaseChecks(options: ReadinessOptions, ms: number): Promise<FailingCheck[]> {
  let applied: string | null;
  try {
    const { rows } = await timeout(options.pool.query<{ applied: string | null }>('select vitalis_private.schema_last_migration() as applied'), ms, 'PostgreSQL');
    applied = rows[0]?.applied ?? null;
  } catch (error) {
    // 42883: the function is missing (sql/worker_bridge.sql not run): PostgreSQL itself answered.
    if ((error as { code?: string }).code === '42883') return [{ check: 'migrations', reason: 'cannot tell which migration is applied: run npm run db:migrate' }];
    return [{ check: 'database', reason: `cannot reach PostgreSQL (${why(error)})` }];
  }
  const failing: FailingCheck[] = [];
  const shipped = options.shippedMigration;
  if (!applied) failing.push({ check: 'migrations', reason: 'the database has no record of applied migrations: run npm run db:migrate' });
  else if (shipped && (sequence(applied) ?? '') < (sequence(shipped) ?? '')) {
    failing.push({ check: 'migrations', reason: `the database is at ${applied}, this code needs ${shipped}: run npm run db:migrate` });
  }
  try {
    const snapshot = await timeout(options.snapshots.get(), ms, 'PostgreSQL');
    if (options.expectWorker && !snapshot.worker_alive) failing.push({ check: 'worker', reason: 'no worker process is running against this database' });
    const limit = options.queueStuckSeconds ?? 600;
    const stuck = (snapshot.queue ?? []).filter((q) => (q.oldest_ready_seconds ?? 0) > limit);
    if (stuck.length > 0) {
      const tasks = stuck.map((q) => `${q.task} (${q.ready} waiting, oldest ${Math.round(q.oldest_ready_seconds ?? 0)} s)`).join(', ');
      failing.push({ check: 'queue', reason: `jobs ready to run have waited more than ${limit} s: ${tasks}` });
    }
  } catch (error) {
    failing.push({ check: 'queue', reason: `cannot read the job queue (${why(error)})` });
  }
  return failing;
}

async function storageChecks(storage: Storage | undefined, ms: number): Promise<FailingCheck[]> {
  if (!storage) return [];
  try {
    await timeout(storage.client.send(new HeadBucketCommand({ Bucket: storage.bucket }), { abortSignal: AbortSignal.timeout(ms) }), ms, 'storage');
    return [];
  } catch (error) {
    return [{ check: 'storage', reason: `cannot reach the storage bucket (${why(error)})` }];
  }
}

/** Every failing check (empty when ready); concurrent calls within cacheMs share one evaluation. */
export function readinessChecker(options: ReadinessOptions): () => Promise<FailingCheck[]> {
  const ms = options.timeoutMs ?? 3000;
  const cacheMs = options.cacheMs ?? 1000;
  let last: { at: number; value: Promise<FailingCheck[]> } | undefined;
  return () => {
    const now = Date.now();
    if (last && now - last.at < cacheMs) return last.value;
    const value = Promise.all([databaseChecks(options, ms), storageChecks(options.storage, ms)]).then((lists) => lists.flat());
    last = { at: now, value };
    return value;
  };
}

/**
 * GET /readyz: 200 {"status":"ok"} when every check passes; otherwise 503
 * {"status":"unavailable","ready":false,"failing":[{"check","reason"}]} naming what is not ready.
 */
export function readinessHandler(options: ReadinessOptions): RequestHandler {
  const check = readinessChecker(options);
  return async (_req, res) => {
    const failing = await check();
    if (failing.length === 0) {
      res.json({ status: 'ok' });
      return;
    }
    options.logger?.warn({ failing }, 'readiness check failed');
    res.status(503).json({ status: 'unavailable', ready: false, failing });
  };
}
