// Data minimisation: what Vitalis keeps only as long as it is useful is deleted here, daily
// (tasks/privacy__retention.ts). The database part is vitalis_private.apply_retention, called in
// bounded batches (one short transaction each) until nothing is left; the import uploads are
// objects in storage, deleted here and then forgotten in their job's row.
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { Config } from '../config';
import { inRequestTransaction } from '../db/requestContext';
import { deleteObject } from '../storage/objects';
import type { Storage } from '../storage/s3';

export interface RetentionOptions {
  sessionDays: number;
  loginAttemptDays: number;
  emailTokenDays: number;
  /** undefined keeps raw_data (opt-in setting). */
  rawDataDays?: number;
  importUploadDays: number;
  /** Rate-limit events are kept this long (AUTH_RATE_WINDOW; the database keeps at least a day). */
  rateWindowSeconds: number;
  /** Rows per kind per transaction, and import uploads per batch. */
  batchSize?: number;
  /** A bound on one run; the next day's run goes on where this one stopped. */
  maxBatches?: number;
  /** Mails that failed every attempt (address and link) are kept this long for the operator to see why. */
  failedMailDays?: number;
  /** Stripe event ids, kept while Stripe may deliver an event again (it retries for three days). */
  stripeEventDays?: number;
}

export interface RetentionReport {
  /** Recorded as app.request_id on every change the run makes (audit_log.request_id). */
  runId: string;
  sessions: number;
  loginAttempts: number;
  emailTokens: number;
  authRateEvents: number;
  loginKnownSources: number;
  providerOauthStates: number;
  /** Rows whose raw_data was set to NULL, per table (empty when raw_data is kept). */
  rawData: Record<string, number>;
  importUploads: number;
  failedMails: number;
  stripeEvents: number;
  /** False when maxBatches stopped the run before everything due was gone. */
  complete: boolean;
}

type RetentionConfig = Pick<
  Config,
  | 'RETENTION_SESSION_DAYS'
  | 'RETENTION_LOGIN_ATTEMPT_DAYS'
  | 'RETENTION_EMAIL_TOKEN_DAYS'
  | 'RETENTION_RAW_DATA_DAYS'
  | 'RETENTION_IMPORT_UPLOAD_DAYS'
  | 'AUTH_RATE_WINDOW'
  | 'LOGIN_WINDOW'
  | 'LOGIN_ACCOUNT_WINDOW'
>;

const DAY_SECONDS = 86_400;
export const STRIPE_EVENT_DAYS = 30;

/** The settings, with the login limits' own windows as a floor: retention must not lift a throttle early. */
export function retentionOptions(config: RetentionConfig): RetentionOptions {
  const loginWindowDays = Math.ceil(Math.max(config.LOGIN_WINDOW, config.LOGIN_ACCOUNT_WINDOW) / DAY_SECONDS);
  return {
    sessionDays: config.RETENTION_SESSION_DAYS,
    loginAttemptDays: Math.max(config.RETENTION_LOGIN_ATTEMPT_DAYS, loginWindowDays),
    emailTokenDays: config.RETENTION_EMAIL_TOKEN_DAYS,
    rawDataDays: config.RETENTION_RAW_DATA_DAYS,
    importUploadDays: config.RETENTION_IMPORT_UPLOAD_DAYS,
    rateWindowSeconds: config.AUTH_RATE_WINDOW,
    failedMailDays: config.RETENTION_EMAIL_TOKEN_DAYS,
    stripeEventDays: STRIPE_EVENT_DAYS,
  };
}

interface DatabaseBatch {
  sessions: number;
  loginAttempts: number;
  emailTokens: number;
  authRateEvents: number;
  loginKnownSources: number;
  providerOauthStates: number;
  rawData: Record<string, number>;
  rawDataResumeFrom: string | null;
  more: boolean;
}

const COUNTED = ['sessions', 'loginAttempts', 'emailTokens', 'authRateEvents', 'loginKnownSources', 'providerOauthStates'] as const;

/** Runs as vitalis_worker: its policy on ingestion_jobs is the one that sees every user's jobs. */
const asWorker = <T>(pool: Pool, runId: string, fn: Parameters<typeof inRequestTransaction<T>>[2]) =>
  inRequestTransaction(pool, { role: 'vitalis_worker', requestId: runId }, fn);

export async function applyRetention(deps: { pool: Pool; storage: Storage }, options: RetentionOptions): Promise<RetentionReport> {
  const batchSize = options.batchSize ?? 1000;
  const maxBatches = options.maxBatches ?? 1000;
  const report: RetentionReport = {
    runId: randomUUID(),
    sessions: 0,
    loginAttempts: 0,
    emailTokens: 0,
    authRateEvents: 0,
    loginKnownSources: 0,
    providerOauthStates: 0,
    rawData: {},
    importUploads: 0,
    failedMails: 0,
    stripeEvents: 0,
    complete: false,
  };

  let databaseDone = false;
  // raw_data goes user by user: each call goes on from where the last one's batch ended, and once
  // every user is done, later calls (for the other kinds) leave it out.
  let rawDataPending = options.rawDataDays !== undefined;
  let rawDataFrom: string | null = null;
  for (let batch = 0; batch < maxBatches && !databaseDone; batch += 1) {
    const counts = await asWorker(deps.pool, report.runId, async (client) => {
      const { rows } = await client.query<{ counts: DatabaseBatch }>(
        'select vitalis_private.apply_retention($1, $2, $3, $4, $5, $6, $7) as counts',
        [options.sessionDays, options.loginAttemptDays, options.emailTokenDays, rawDataPending ? options.rawDataDays : null, batchSize, options.rateWindowSeconds, rawDataFrom],
      );
      return rows[0]!.counts;
    });
    for (const kind of COUNTED) report[kind] += counts[kind];
    for (const [table, n] of Object.entries(counts.rawData)) report.rawData[table] = (report.rawData[table] ?? 0) + n;
    if (rawDataPending) {
      rawDataFrom = counts.rawDataResumeFrom;
      rawDataPending = rawDataFrom !== null;
    }
    databaseDone = !counts.more;
  }

  let uploadsDone = false;
  for (let batch = 0; batch < maxBatches && !uploadsDone; batch += 1) {
    const deleted = await forgetImportUploads(deps, report.runId, options.importUploadDays, batchSize);
    report.importUploads += deleted;
    uploadsDone = deleted < batchSize;
  }

  const operational = await asWorker(deps.pool, report.runId, async (client) => {
    const { rows } = await client.query<{ failed_mails: number; stripe_events: number }>('select * from vitalis_private.prune_operational_records($1, $2)', [
      options.failedMailDays ?? options.emailTokenDays,
      options.stripeEventDays ?? STRIPE_EVENT_DAYS,
    ]);
    return rows[0]!;
  });
  report.failedMails = operational.failed_mails;
  report.stripeEvents = operational.stripe_events;

  report.complete = databaseDone && uploadsDone;
  return report;
}

/**
 * The uploaded files of file imports that succeeded importUploadDays ago: their rows are in the
 * database now, the file is only a copy. Deleted from storage first, then the key is removed
 * from the job's payload (uploadDeletedAt says when); a crash in between deletes again next time,
 * which is harmless. Only keys under the job owner's own prefix are touched.
 */
async function forgetImportUploads(deps: { pool: Pool; storage: Storage }, runId: string, days: number, limit: number): Promise<number> {
  const due = await asWorker(deps.pool, runId, async (client) => {
    const { rows } = await client.query<{ job_id: string; object_key: string }>(
      `select j.job_id, j.payload ->> 'objectKey' as object_key
         from vitalis.ingestion_jobs j
        where j.job_type = 'file_import' and j.status = 'succeeded' and j.completed_at < now() - make_interval(days => $1)
          and (starts_with(j.payload ->> 'objectKey', 'imports/' || j.user_id || '/')
               or starts_with(j.payload ->> 'objectKey', 'uploads/' || j.user_id || '/'))
        order by j.completed_at
        limit $2`,
      [days, limit],
    );
    return rows;
  });
  for (const job of due) {
    await deleteObject(deps.storage, job.object_key);
    await asWorker(deps.pool, runId, (client) =>
      client.query(
        `update vitalis.ingestion_jobs set payload = (payload - 'objectKey') || jsonb_build_object('uploadDeletedAt', now())
          where job_id = $1 and payload ->> 'objectKey' = $2`,
        [job.job_id, job.object_key],
      ),
    );
  }
  return due.length;
}
