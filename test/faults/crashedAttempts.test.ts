// A worker killed while running a job takes no attempt from it (docs/faults.md): graphile-worker
// counted the attempt when the job was locked, so without giving it back a job killed on its last
// attempt would never run again while its ingestion_jobs row said "running" forever. A job that
// keeps killing its worker is given up after 25 attempts, with a message, never left running.
import { Pool } from 'pg';
import { endPool } from '../../src/db/pools';
import { releaseDeadWorkerLocks } from '../../src/jobs/workerRecovery';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';

const db = useTestDatabase({ ignoreIdleClientErrors: true });
let pool: Pool;
beforeAll(() => {
  pool = new Pool({ connectionString: db.url, max: 2 });
  pool.on('error', () => {}); // an idle client ended by the server is replaced on the next query
});
afterAll(() => endPool(pool));

async function queueSync(userId: string): Promise<string> {
  const { rows } = await db.pool.query(`select vitalis_private.enqueue_ingestion_job($1, 'daily_sync', 'oura', '{"mode":"daily"}') as id`, [userId]);
  return rows[0].id;
}

/** What a worker does when it takes the job: graphile-worker locks it and counts the attempt; the task starts the row. */
async function takeAndStart(jobId: string, userId: string, workerId: string): Promise<void> {
  await db.pool.query(
    `update graphile_worker._private_jobs set locked_by = $2, locked_at = now() - interval '10 minutes', attempts = attempts + 1 where key = $1`,
    [`ingestion:${jobId}`, workerId],
  );
  await asRequest(db.pool, { role: 'vitalis_worker', userId }, (c) => c.query('select * from vitalis_private.start_ingestion_job($1)', [jobId]), true);
}

const graphileJob = async (jobId: string) =>
  (await db.pool.query(`select attempts, max_attempts, locked_by from graphile_worker._private_jobs where key = $1`, [`ingestion:${jobId}`])).rows[0];
const row = async (jobId: string) => (await db.pool.query(`select status, attempts, max_attempts, error_message from vitalis.ingestion_jobs where job_id = $1`, [jobId])).rows[0];

test('a job killed on its last attempt gets that attempt back, on the worker job and on its row', async () => {
  const userId = await createUser(db.pool);
  const jobId = await queueSync(userId);
  for (const worker of ['worker-killed-1', 'worker-killed-2', 'worker-killed-3']) {
    await takeAndStart(jobId, userId, worker);
    // No liveness lock: the worker is dead.
    expect(await releaseDeadWorkerLocks(pool)).toEqual([worker]);
  }
  // Three kills, three attempts given back: the job can still run (attempts < max_attempts).
  expect(await graphileJob(jobId)).toEqual({ attempts: 3, max_attempts: 6, locked_by: null });
  const runnable = await db.pool.query(`select count(*)::int as n from graphile_worker.jobs where key = $1 and attempts < max_attempts and locked_at is null`, [`ingestion:${jobId}`]);
  expect(runnable.rows[0].n).toBe(1);
  // The row counted three starts; the next start finds it still running (a crash) and gives the attempt back too.
  expect(await row(jobId)).toMatchObject({ status: 'running', attempts: 3, max_attempts: 5 });
  await asRequest(db.pool, { role: 'vitalis_worker', userId }, (c) => c.query('select * from vitalis_private.start_ingestion_job($1)', [jobId]), true);
  expect(await row(jobId)).toMatchObject({ status: 'running', attempts: 4, max_attempts: 6 });
});

test('a job that keeps killing its worker is given up after 25 attempts, with a message, not left running', async () => {
  const userId = await createUser(db.pool);
  const jobId = await queueSync(userId);
  await db.pool.query(`update graphile_worker._private_jobs set attempts = 24, max_attempts = 25 where key = $1`, [`ingestion:${jobId}`]);
  await takeAndStart(jobId, userId, 'worker-poisoned');
  expect(await releaseDeadWorkerLocks(pool)).toEqual(['worker-poisoned']);
  expect(await graphileJob(jobId)).toEqual({ attempts: 25, max_attempts: 25, locked_by: null });
  const done = await row(jobId);
  expect(done.status).toBe('failed');
  expect(done.error_message).toMatch(/^the worker stopped while running this job on each of its 25 attempts/);
});

test('jobs queued with graphile-worker’s default 25 attempts get none back', async () => {
  await db.pool.query(`select graphile_worker.add_job('partitions__ensure', '{}'::json, job_key => 'default-attempts')`);
  await db.pool.query(`update graphile_worker._private_jobs set locked_by = 'worker-gone', locked_at = now() - interval '10 minutes', attempts = 1 where key = 'default-attempts'`);
  expect(await releaseDeadWorkerLocks(pool)).toEqual(['worker-gone']);
  const { rows } = await db.pool.query(`select attempts, max_attempts, locked_by from graphile_worker._private_jobs where key = 'default-attempts'`);
  expect(rows[0]).toEqual({ attempts: 1, max_attempts: 25, locked_by: null });
});
