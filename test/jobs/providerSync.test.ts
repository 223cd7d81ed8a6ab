// Provider syncs as the worker runs them: the OAuth callback queues a backfill job, the
// providers__sync task runs it against the fake provider server as the user, the daily cron
// queues the next sync, and provider failures show on the job. The provider is the engine tests'
// small adapter (test/providers/engine/testAdapter.ts), whose data follows the clock; each real
// adapter's sync is tested in test/providers.
import type { JobHelpers } from 'graphile-worker';
import { providersSync } from '../../tasks/providers__sync';
import { providersSyncDaily } from '../../tasks/providers__sync_daily';
import { createLogger } from '../../src/http/logger';
import type { Storage } from '../../src/storage/s3';
import { createUser } from '../helpers/db';
import { connectThroughBrowser, startEngineEnv, type EngineEnv } from '../providers/engine/setup';

let env: EngineEnv;
let userId: string;

beforeAll(async () => {
  env = await startEngineEnv();
  userId = await createUser(env.db.pool);
});
afterAll(() => env?.close());

const helpers = (attempts: number) => ({ job: { attempts, max_attempts: 3 }, logger: { info: () => {} } }) as unknown as JobHelpers;
// Provider syncs never touch file storage.
const ctx = () => ({ pool: env.db.pool, config: env.config, storage: undefined as unknown as Storage, logger: createLogger(env.config), adapters: env.adapters });
const runSync = (jobId: string, attempts = 1) => providersSync(ctx())({ ingestionJobId: jobId }, helpers(attempts));
const job = async (jobId: string) => (await env.db.pool.query(`select * from vitalis.ingestion_jobs where job_id = $1`, [jobId])).rows[0];
const jobsOf = async (type: string) => (await env.db.pool.query(`select job_id, status from vitalis.ingestion_jobs where user_id = $1 and job_type = $2 order by queued_at`, [userId, type])).rows;

test('connect queues a backfill; the worker runs it as the user and records the summary', async () => {
  const connected = await connectThroughBrowser(env, userId, 'oura');
  expect(connected.status).toBe(200);
  const backfillJobId = connected.body.backfillJobId as string;
  expect(await job(backfillJobId)).toMatchObject({ job_type: 'backfill', source: 'oura', status: 'queued' });

  await runSync(backfillJobId);
  const done = await job(backfillJobId);
  expect(done).toMatchObject({ status: 'succeeded', attempts: 1, error_message: null });
  const rows = (await env.db.pool.query(`select count(*)::int as n from vitalis.wearable_daily where user_id = $1 and source = 'oura'`, [userId])).rows[0].n;
  expect(rows).toBeGreaterThan(0);
  expect(done.result.daily.inserted).toBe(rows);
  const device = (await env.db.pool.query(`select last_sync_status, last_sync_error from vitalis.connected_devices where user_id = $1 and source = 'oura'`, [userId])).rows[0];
  expect(device).toEqual({ last_sync_status: 'success', last_sync_error: null });
  // The rows were written as the user: the audit trail names them.
  const audit = await env.db.pool.query(`select distinct action_by from vitalis.audit_log where table_name = 'wearable_daily' and user_id = $1`, [userId]);
  expect(audit.rows).toEqual([{ action_by: userId }]);
});

test('the daily cron queues one sync per connection, not twice in a day, and a re-sync changes nothing', async () => {
  const cron = providersSyncDaily(ctx());
  // The backfill that followed the connect counts as today's sync.
  await cron({}, helpers(1));
  expect(await jobsOf('daily_sync')).toEqual([]);
  await env.db.pool.query(`update vitalis.ingestion_jobs set queued_at = now() - interval '1 day' where user_id = $1`, [userId]);
  await cron({}, helpers(1));
  await cron({}, helpers(1));
  const daily = await jobsOf('daily_sync');
  expect(daily).toHaveLength(1);
  await runSync(daily[0].job_id);
  const done = await job(daily[0].job_id);
  expect(done.status).toBe('succeeded');
  expect(done.result.daily).toMatchObject({ inserted: 0, updated: 0 });
});

test('a provider outage makes the job retry with the reason, then fail after the last attempt', async () => {
  const queued = await env.db.pool.query(`select vitalis_private.enqueue_ingestion_job($1, 'daily_sync', 'oura', '{"mode":"daily"}') as id`, [userId]);
  const jobId = queued.rows[0].id;
  env.fake.failNext(1000, 503);
  await expect(runSync(jobId, 1)).rejects.toThrow();
  const retrying = await job(jobId);
  expect(retrying.status).toBe('retrying');
  expect(retrying.error_message).toMatch(/503/);
  expect(retrying.next_retry_at).not.toBeNull();
  await expect(runSync(jobId, 2)).rejects.toThrow();
  await runSync(jobId, 3);
  expect(await job(jobId)).toMatchObject({ status: 'failed', attempts: 3 });
  const device = (await env.db.pool.query(`select last_sync_status, last_sync_error from vitalis.connected_devices where user_id = $1 and source = 'oura'`, [userId])).rows[0];
  expect(device.last_sync_status).toBe('error');
  expect(device.last_sync_error).toMatch(/503/);
  env.fake.failNext(0, 503);
});

test('a provider asking to come back in two minutes gets the job rescheduled for then', async () => {
  const queued = await env.db.pool.query(`select vitalis_private.enqueue_ingestion_job($1, 'daily_sync', 'oura', '{"mode":"daily"}') as id`, [userId]);
  const jobId = queued.rows[0].id;
  env.fake.rateLimitNext(1, '120');
  const before = Date.now();
  await runSync(jobId, 1);
  const row = await job(jobId);
  expect(row.status).toBe('retrying');
  expect(row.error_message).toMatch(/rate limit|429|Retry-After/i);
  const due = new Date(row.next_retry_at).getTime() - before;
  expect(due).toBeGreaterThanOrEqual(119_000);
  expect(due).toBeLessThan(130_000);
  const worker = await env.db.pool.query(`select run_at from graphile_worker.jobs where key = $1`, [`ingestion:${jobId}`]);
  expect(new Date(worker.rows[0].run_at).getTime()).toBe(new Date(row.next_retry_at).getTime());
});

test('a disconnected provider fails the job at once: retrying cannot help', async () => {
  const queued = await env.db.pool.query(`select vitalis_private.enqueue_ingestion_job($1, 'daily_sync', 'whoop', '{"mode":"daily"}') as id`, [userId]);
  const jobId = queued.rows[0].id;
  await runSync(jobId, 1);
  const failed = await job(jobId);
  expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
  expect(failed.error_message).toMatch(/whoop/);
});
