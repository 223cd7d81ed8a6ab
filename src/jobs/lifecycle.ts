// The life of an ingestion_jobs row around one graphile-worker attempt:
//   queued/retrying -> running -> succeeded | retrying (next_retry_at) | failed
// Each move is a vitalis_private function (migrations/current/2-secure-user-table.sql), which
// refuses the moves the state machine does not allow; this file only decides which to call.
// The graphile-worker job carries only { ingestionJobId }; everything else is re-read here, so a
// job that already succeeded (a duplicate run after a crash) quietly does nothing.
import type { Pool, PoolClient } from 'pg';
import { z } from 'zod';
import { inRequestTransaction } from '../db/requestContext';

export const ingestionPayload = z.object({ ingestionJobId: z.string().uuid({ message: 'ingestionJobId must be a UUID' }) }, { error: 'payload must be an object with ingestionJobId' });

export interface IngestionJob {
  job_id: string;
  user_id: string;
  source: string | null;
  job_type: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
}

/** The attempt graphile-worker is making (its helpers.job). */
export interface WorkerAttempt {
  attempts: number;
  max_attempts: number;
}

/** An error retrying cannot fix (a malformed file, a bad payload): the job fails at once. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/** Try again, but not before retryAt (a provider's Retry-After): the job is rescheduled for then. */
export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
  constructor(message: string, readonly retryAt: Date) {
    super(message);
  }
}

export interface JobRun {
  job: IngestionJob;
  /** Records progress (throttled: at most once a second) where the user can read it: result.progress. */
  progress(progress: Record<string, number>): void;
}

const PROGRESS_INTERVAL_MS = 1000;

/** A short transaction as the job's user (role vitalis_worker): RLS and the audit trail apply. */
function asJobUser<T>(pool: Pool, userId: string, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  return inRequestTransaction(pool, { role: 'vitalis_worker', userId }, fn);
}

/**
 * Runs one attempt of an ingestion job. Resolves when the job succeeded, failed for good, was
 * rescheduled or was already finished; rejects (so graphile-worker retries) when a retryable
 * attempt failed. Attempts are counted on the job row itself (a rescheduled job is a new
 * graphile-worker job, whose own count starts again), against the row's max_attempts.
 */
export async function runIngestionJob(
  pool: Pool,
  rawPayload: unknown,
  attempt: WorkerAttempt,
  body: (run: JobRun) => Promise<Record<string, unknown>>,
): Promise<'succeeded' | 'failed' | 'rescheduled' | 'skipped'> {
  const parsed = ingestionPayload.safeParse(rawPayload);
  if (!parsed.success) throw new PermanentJobError(`invalid job payload: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const jobId = parsed.data.ingestionJobId;
  // vitalis_worker's worker_all_jobs policy lets it find any user's job by id.
  const found = await inRequestTransaction(pool, { role: 'vitalis_worker' }, (c) =>
    c.query<{ user_id: string | null; status: string }>('select user_id, status from vitalis.ingestion_jobs where job_id = $1', [jobId]),
  );
  const row = found.rows[0];
  if (!row || !row.user_id || row.status === 'succeeded' || row.status === 'canceled' || row.status === 'failed') return 'skipped';
  const userId = row.user_id;

  const started = await asJobUser(pool, userId, (c) =>
    c.query<IngestionJob>('select job_id, user_id, source, job_type, payload, attempts, max_attempts from vitalis_private.start_ingestion_job($1)', [jobId]),
  );
  const job = started.rows[0];
  if (!job) return 'skipped';

  let lastProgress = 0;
  let progressWrite: Promise<unknown> = Promise.resolve();
  const progress = (value: Record<string, number>) => {
    const now = Date.now();
    if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
    lastProgress = now;
    progressWrite = progressWrite
      .then(() =>
        asJobUser(pool, userId, (c) => c.query('select vitalis_private.progress_ingestion_job($1, $2::jsonb)', [jobId, JSON.stringify(value)])),
      )
      .catch(() => {}); // progress is best effort; the outcome below is not
  };

  try {
    const result = await body({ job, progress });
    await progressWrite;
    await asJobUser(pool, userId, (c) => c.query('select vitalis_private.succeed_ingestion_job($1, $2::jsonb)', [jobId, JSON.stringify(result)]));
    return 'succeeded';
  } catch (error) {
    await progressWrite;
    const message = error instanceof Error ? error.message : String(error);
    const final = error instanceof PermanentJobError || job.attempts >= job.max_attempts;
    if (final) {
      await asJobUser(pool, userId, (c) => c.query('select vitalis_private.fail_ingestion_job($1, $2)', [jobId, message]));
      // Resolving completes graphile-worker's job: this row's count, not graphile-worker's, decides.
      return 'failed';
    }
    if (error instanceof RetryLaterError) {
      await asJobUser(pool, userId, (c) => c.query('select vitalis_private.retry_ingestion_job($1, $2, $3, $4)', [jobId, message, attempt.attempts, error.retryAt.toISOString()]));
      return 'rescheduled';
    }
    await asJobUser(pool, userId, (c) => c.query('select vitalis_private.retry_ingestion_job($1, $2, $3)', [jobId, message, attempt.attempts]));
    throw error;
  }
}
