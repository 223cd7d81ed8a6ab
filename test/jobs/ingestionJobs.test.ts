// Ingestion jobs as users and the worker see them: queued through SQL (the same functions GraphQL
// exposes), mirrored as graphile-worker jobs, and moved through their life by runIngestionJob.
import { PermanentJobError, RetryLaterError, runIngestionJob } from '../../src/jobs/lifecycle';
import { asRequest, createUser, pgError, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
let alice: string;
let bob: string;

beforeAll(async () => {
  alice = await createUser(db.pool);
  bob = await createUser(db.pool);
  await db.pool.query(`insert into vitalis.connected_devices (user_id, source) values ($1, 'oura')`, [alice]);
});

const asAlice = <T>(fn: Parameters<typeof asRequest<T>>[2], commit = true) => asRequest(db.pool, { role: 'vitalis_api', userId: alice }, fn, commit);

async function fileImport(userId: string, key = `imports/${userId}/f1/strong.csv`): Promise<string> {
  const { rows } = await asRequest(db.pool, { role: 'vitalis_api', userId }, (c) => c.query(`select job_id from vitalis.create_file_import('strong', $1, 'kg')`, [key]), true);
  return rows[0].job_id;
}

async function jobRow(jobId: string) {
  const { rows } = await db.pool.query(`select * from vitalis.ingestion_jobs where job_id = $1`, [jobId]);
  return rows[0];
}

describe('queueing', () => {
  test('a file import creates the user’s job row and a graphile-worker job that carries only its id', async () => {
    const jobId = await fileImport(alice);
    const job = await jobRow(jobId);
    expect(job).toMatchObject({ user_id: alice, job_type: 'file_import', source: 'strong', status: 'queued', attempts: 0, max_attempts: 3 });
    expect(job.payload).toEqual({ fileType: 'strong', objectKey: `imports/${alice}/f1/strong.csv`, weightUnit: 'kg' });
    const { rows } = await db.pool.query(`select j.task_identifier, p.payload, j.max_attempts from graphile_worker.jobs j join graphile_worker._private_jobs p on p.id = j.id where j.key = $1`, [`ingestion:${jobId}`]);
    expect(rows).toEqual([{ task_identifier: 'imports__file', payload: { ingestionJobId: jobId }, max_attempts: 3 }]);
    // The row is audited as written by the user it belongs to.
    const audit = await db.pool.query(`select action, action_by from vitalis.audit_log where table_name = 'ingestion_jobs' and record_id = $1`, [jobId]);
    expect(audit.rows).toEqual([{ action: 'INSERT', action_by: alice }]);
  });

  test('bad arguments name the field and the rule, and queue nothing', async () => {
    const before = (await db.pool.query(`select count(*)::int as n from graphile_worker.jobs`)).rows[0].n;
    const cases: Array<[string, unknown[], RegExp]> = [
      [`select vitalis.create_file_import('garmin-csv', $1)`, [`imports/${alice}/x/a.csv`], /fileType must be one of apple-health, fit, strong, hevy/],
      [`select vitalis.create_file_import('strong', $1)`, [`imports/${bob}/x/a.csv`], /objectKey must be a key under imports\//],
      [`select vitalis.create_file_import('strong', $1)`, [`imports/${alice}/../${bob}/a.csv`], /objectKey must be a key under imports\//],
      [`select vitalis.create_file_import('strong', $1, 'stone')`, [`imports/${alice}/x/a.csv`], /weightUnit must be kg or lbs/],
      [`select vitalis.create_file_import('fit', $1, 'kg')`, [`imports/${alice}/x/a.fit`], /weightUnit applies to strong and hevy files only/],
      [`select vitalis.request_provider_sync('whoop')`, [], /source: whoop is not connected for this user/],
    ];
    for (const [sql, params, message] of cases) {
      const error = await asAlice((c) => pgError(c, () => c.query(sql, params)), false);
      expect(error).toMatchObject({ code: '23514' });
      expect(error!.message).toMatch(message);
    }
    expect((await db.pool.query(`select count(*)::int as n from graphile_worker.jobs`)).rows[0].n).toBe(before);
  });

  test('asking for a sync while one is waiting returns the waiting one', async () => {
    const first = await asAlice((c) => c.query(`select job_id, job_type, status, payload from vitalis.request_provider_sync('oura')`));
    const again = await asAlice((c) => c.query(`select job_id from vitalis.request_provider_sync('oura')`));
    expect(again.rows[0].job_id).toBe(first.rows[0].job_id);
    expect(first.rows[0]).toMatchObject({ job_type: 'daily_sync', status: 'queued', payload: { mode: 'daily' } });
    const backfill = await asAlice((c) => c.query(`select job_id, job_type from vitalis.request_provider_sync('oura', true)`));
    expect(backfill.rows[0].job_type).toBe('backfill');
    expect(backfill.rows[0].job_id).not.toBe(first.rows[0].job_id);
  });

  test('users cannot create or rewrite job rows directly, nor see or cancel another user’s', async () => {
    const jobId = await fileImport(alice);
    const insert = await asAlice((c) => pgError(c, () => c.query(`insert into vitalis.ingestion_jobs (user_id, job_type) values ($1, 'file_import')`, [alice])), false);
    expect(insert?.code).toBe('42501');
    const update = await asAlice((c) => pgError(c, () => c.query(`update vitalis.ingestion_jobs set status = 'succeeded' where job_id = $1`, [jobId])), false);
    expect(update?.code).toBe('42501');
    const seen = await asRequest(db.pool, { role: 'vitalis_api', userId: bob }, (c) => c.query(`select 1 from vitalis.ingestion_jobs where job_id = $1`, [jobId]));
    expect(seen.rowCount).toBe(0);
    const cancel = await asRequest(db.pool, { role: 'vitalis_api', userId: bob }, (c) => pgError(c, () => c.query(`select vitalis.cancel_ingestion_job($1)`, [jobId])));
    expect(cancel?.message).toBe('jobId: no such job');
  });

  test('a queued job can be cancelled: its worker job is removed; a finished one cannot', async () => {
    const jobId = await fileImport(alice);
    const { rows } = await asAlice((c) => c.query(`select status, completed_at from vitalis.cancel_ingestion_job($1)`, [jobId]));
    expect(rows[0].status).toBe('canceled');
    expect(rows[0].completed_at).not.toBeNull();
    expect((await db.pool.query(`select 1 from graphile_worker.jobs where key = $1`, [`ingestion:${jobId}`])).rowCount).toBe(0);
    const again = await asAlice((c) => pgError(c, () => c.query(`select vitalis.cancel_ingestion_job($1)`, [jobId])), false);
    expect(again?.message).toBe('jobId: a canceled job cannot be cancelled (only queued or retrying ones)');
  });
});

describe('runIngestionJob', () => {
  test('records running, then success with the result, and does nothing when run again', async () => {
    const jobId = await fileImport(alice);
    let seenWhileRunning: Record<string, unknown> | undefined;
    const outcome = await runIngestionJob(db.pool, { ingestionJobId: jobId }, { attempts: 1, max_attempts: 3 }, async ({ job }) => {
      expect(job.user_id).toBe(alice);
      seenWhileRunning = await jobRow(jobId);
      return { rows: { inserted: 3 } };
    });
    expect(outcome).toBe('succeeded');
    expect(seenWhileRunning).toMatchObject({ status: 'running', attempts: 1 });
    expect(seenWhileRunning!.started_at).not.toBeNull();
    expect(await jobRow(jobId)).toMatchObject({ status: 'succeeded', result: { rows: { inserted: 3 } }, error_message: null });
    let ranAgain = false;
    expect(await runIngestionJob(db.pool, { ingestionJobId: jobId }, { attempts: 2, max_attempts: 3 }, async () => ((ranAgain = true), {}))).toBe('skipped');
    expect(ranAgain).toBe(false);
  });

  test('a retryable failure sets retrying with next_retry_at and rethrows; the last attempt fails the job', async () => {
    const jobId = await fileImport(alice);
    const boom = async () => {
      throw new Error('provider answered 503');
    };
    await expect(runIngestionJob(db.pool, { ingestionJobId: jobId }, { attempts: 1, max_attempts: 3 }, boom)).rejects.toThrow('provider answered 503');
    const retrying = await jobRow(jobId);
    expect(retrying).toMatchObject({ status: 'retrying', attempts: 1, error_message: 'provider answered 503' });
    const delay = (new Date(retrying.next_retry_at).getTime() - Date.now()) / 1000;
    expect(delay).toBeGreaterThan(1); // exp(1) s, graphile-worker's own backoff
    expect(delay).toBeLessThan(4);
    await expect(runIngestionJob(db.pool, { ingestionJobId: jobId }, { attempts: 2, max_attempts: 3 }, boom)).rejects.toThrow();
    expect(await jobRow(jobId)).toMatchObject({ status: 'retrying', attempts: 2 });
    // The last attempt resolves: the row, not graphile-worker, says the job is over.
    expect(await runIngestionJob(db.pool, { ingestionJobId: jobId }, { attempts: 3, max_attempts: 3 }, boom)).toBe('failed');
    expect(await jobRow(jobId)).toMatchObject({ status: 'failed', attempts: 3, next_retry_at: null, error_message: 'provider answered 503' });
  });

  test('a permanent failure (a malformed file) fails at once without a retry', async () => {
    const jobId = await fileImport(alice);
    const outcome = await runIngestionJob(db.pool, { ingestionJobId: jobId }, { attempts: 1, max_attempts: 3 }, async () => {
      throw new PermanentJobError('CSV: missing column "Exercise Name"');
    });
    expect(outcome).toBe('failed');
    expect(await jobRow(jobId)).toMatchObject({ status: 'failed', attempts: 1, error_message: 'CSV: missing column "Exercise Name"' });
  });

  test('progress is visible to the user while the job runs', async () => {
    const jobId = await fileImport(alice);
    await runIngestionJob(db.pool, { ingestionJobId: jobId }, { attempts: 1, max_attempts: 3 }, async ({ progress }) => {
      progress({ bytesRead: 50, totalBytes: 100, percent: 50 });
      await new Promise((r) => setTimeout(r, 200));
      const seen = await asAlice((c) => c.query(`select result from vitalis.ingestion_jobs where job_id = $1`, [jobId]));
      expect(seen.rows[0].result).toEqual({ progress: { bytesRead: 50, totalBytes: 100, percent: 50 } });
      return { done: true };
    });
  });

  test('“come back later” reschedules the job for then, without using up graphile-worker’s retries', async () => {
    const jobId = await fileImport(alice);
    const retryAt = new Date(Date.now() + 3600_000);
    const outcome = await runIngestionJob(db.pool, { ingestionJobId: jobId }, { attempts: 1, max_attempts: 3 }, async () => {
      throw new RetryLaterError('rate limited: retry after 3600 s', retryAt);
    });
    expect(outcome).toBe('rescheduled');
    const row = await jobRow(jobId);
    expect(row).toMatchObject({ status: 'retrying', attempts: 1, error_message: 'rate limited: retry after 3600 s' });
    expect(new Date(row.next_retry_at).getTime()).toBe(retryAt.getTime());
    const queued = await db.pool.query(`select run_at, attempts from graphile_worker.jobs where key = $1`, [`ingestion:${jobId}`]);
    expect(queued.rows).toHaveLength(1);
    expect(new Date(queued.rows[0].run_at).getTime()).toBe(retryAt.getTime());
  });

  test('a payload without a job id is refused as permanent', async () => {
    await expect(runIngestionJob(db.pool, { id: 'x' }, { attempts: 1, max_attempts: 3 }, async () => ({}))).rejects.toThrow(PermanentJobError);
  });
});

describe('job states in SQL', () => {
  // The worker's moves, as vitalis_worker acting for the job's user (src/jobs/lifecycle.ts does the same).
  const asWorker = <T>(fn: Parameters<typeof asRequest<T>>[2], commit = true) => asRequest(db.pool, { role: 'vitalis_worker', userId: alice }, fn, commit);
  const move = (sql: string, params: unknown[]) => asWorker((c) => pgError(c, () => c.query(sql, params)), false);

  test('a canceled job cannot be started, succeeded, failed or retried', async () => {
    const jobId = await fileImport(alice);
    await asAlice((c) => c.query(`select vitalis.cancel_ingestion_job($1)`, [jobId]));
    const started = await asWorker((c) => c.query(`select * from vitalis_private.start_ingestion_job($1)`, [jobId]));
    expect(started.rowCount).toBe(0); // already over: nothing to run
    for (const [sql, params, rule] of [
      [`select vitalis_private.succeed_ingestion_job($1, '{}')`, [jobId], 'succeed'],
      [`select vitalis_private.fail_ingestion_job($1, 'x')`, [jobId], 'fail'],
      [`select vitalis_private.retry_ingestion_job($1, 'x', 1)`, [jobId], 'retry'],
    ] as const) {
      expect(await move(sql, [...params])).toMatchObject({ code: '55000', message: `status: a canceled job cannot ${rule}` });
    }
    expect(await jobRow(jobId)).toMatchObject({ status: 'canceled', attempts: 0, error_message: null });
  });

  test('only a running job finishes; a finished one stays as it ended', async () => {
    const jobId = await fileImport(alice);
    expect(await move(`select vitalis_private.succeed_ingestion_job($1, '{}')`, [jobId])).toMatchObject({ code: '55000', message: 'status: a queued job cannot succeed' });
    await asWorker((c) => c.query(`select * from vitalis_private.start_ingestion_job($1)`, [jobId]));
    expect(await asWorker((c) => c.query(`select vitalis_private.progress_ingestion_job($1, '{"percent": 10}')`, [jobId]))).toMatchObject({ rows: [{ progress_ingestion_job: true }] });
    await asWorker((c) => c.query(`select vitalis_private.succeed_ingestion_job($1, '{"rows": 1}')`, [jobId]));
    expect(await move(`select vitalis_private.fail_ingestion_job($1, 'late')`, [jobId])).toMatchObject({ code: '55000', message: 'status: a succeeded job cannot fail' });
    expect(await move(`select vitalis_private.retry_ingestion_job($1, 'late', 1)`, [jobId])).toMatchObject({ code: '55000', message: 'status: a succeeded job cannot retry' });
    expect((await asWorker((c) => c.query(`select vitalis_private.progress_ingestion_job($1, '{"percent": 99}')`, [jobId]))).rows[0].progress_ingestion_job).toBe(false);
    expect(await jobRow(jobId)).toMatchObject({ status: 'succeeded', result: { rows: 1 } });
  });

  test('an unknown job is not found (VT404), and clients cannot call the moves', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await move(`select * from vitalis_private.start_ingestion_job($1)`, [unknown])).toMatchObject({ code: 'VT404', message: 'jobId: no such job' });
    const bobs = await fileImport(bob);
    const asApi = await asAlice((c) => pgError(c, () => c.query(`select * from vitalis_private.start_ingestion_job($1)`, [bobs])), false);
    expect(asApi?.code).toBe('42501');
    expect(await jobRow(bobs)).toMatchObject({ status: 'queued', attempts: 0 });
  });
});
