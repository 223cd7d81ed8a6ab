// Refreshes are queued two ways: debounced after new data (the _810/_811_insights_refresh_soon
// triggers) and nightly for every active user. Both use job_key insights:<userId>, so a user never
// has two refreshes waiting; the debounced one keeps its run_at while more data streams in.
import type { Logger } from 'graphile-worker';
import { loadConfig } from '../../src/config';
import { queueNightlyRefresh } from '../../src/insights/nightly';
import { publishInsightsSettings } from '../../src/insights/settings';
import type { TaskContext } from '../../src/jobs/context';
import { insightsRefresh } from '../../tasks/insights__refresh';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';
import { plantSleepAndHrv, TEST_INSIGHTS_CONFIG } from './fixtures';

const db = useTestDatabase();

interface QueuedJob {
  key: string;
  payload: { userId: string };
  priority: number;
  delay_seconds: number;
  run_at: Date;
}

async function refreshJobs(): Promise<QueuedJob[]> {
  const { rows } = await db.pool.query<QueuedJob>(
    `select j.key, j.payload, j.priority, j.run_at, extract(epoch from j.run_at - now())::float8 as delay_seconds
       from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'insights__refresh' order by j.key`,
  );
  return rows;
}

beforeEach(async () => {
  await db.pool.query(`delete from graphile_worker._private_jobs`);
});

test('the worker publishes INSIGHTS_DEBOUNCE_SECONDS for the triggers', async () => {
  await publishInsightsSettings(db.pool, { INSIGHTS_DEBOUNCE_SECONDS: 120 });
  expect((await db.pool.query('select debounce_seconds from vitalis_private.insights_settings')).rows).toEqual([{ debounce_seconds: 120 }]);
});

test('new data queues exactly one refresh per user, the debounce from now, however many statements wrote it', async () => {
  await publishInsightsSettings(db.pool, { INSIGHTS_DEBOUNCE_SECONDS: 120 });
  const user = await createUser(db.pool);
  await asRequest(db.pool, { userId: user }, async (c) => {
    await c.query(`insert into vitalis.wearable_daily (date, source, steps) values ('2026-01-01', 'garmin', 9000)`);
    await c.query(`insert into vitalis.wearable_sleep (sleep_date, source, total_sleep_minutes) values ('2026-01-01', 'oura', 420)`);
    await c.query(`insert into vitalis.mood_journal (journal_date, mood_score) values ('2026-01-01', 4)`);
    await c.query(`update vitalis.wearable_daily set steps = 9100`);
  }, true);
  const jobs = await refreshJobs();
  expect(jobs).toHaveLength(1);
  expect(jobs[0]).toMatchObject({ key: `insights:${user}`, payload: { userId: user }, priority: 5 });
  expect(jobs[0]!.delay_seconds).toBeGreaterThan(110);
  expect(jobs[0]!.delay_seconds).toBeLessThanOrEqual(120);
});

test('more data later keeps the waiting job\'s run_at (a stream of syncs cannot postpone it)', async () => {
  await publishInsightsSettings(db.pool, { INSIGHTS_DEBOUNCE_SECONDS: 60 });
  const user = await createUser(db.pool);
  await asRequest(db.pool, { userId: user }, (c) => c.query(`insert into vitalis.wearable_daily (date, source, steps) values ('2026-01-01', 'garmin', 9000)`), true);
  const [first] = await refreshJobs();
  await publishInsightsSettings(db.pool, { INSIGHTS_DEBOUNCE_SECONDS: 3600 });
  await asRequest(db.pool, { userId: user }, (c) => c.query(`insert into vitalis.wearable_daily (date, source, steps) values ('2026-01-02', 'garmin', 9500)`), true);
  await asRequest(db.pool, { userId: user }, (c) => c.query(`update vitalis.wearable_daily set steps = steps + 1`), true);
  const after = await refreshJobs();
  expect(after).toHaveLength(1);
  expect(after[0]!.run_at).toEqual(first!.run_at);
});

test('one statement with several users\' rows queues one job for each of them', async () => {
  await publishInsightsSettings(db.pool, { INSIGHTS_DEBOUNCE_SECONDS: 600 });
  const users = [await createUser(db.pool), await createUser(db.pool), await createUser(db.pool)];
  await db.pool.query(
    `insert into vitalis.wearable_daily (user_id, date, source, steps) select u, d::date, 'garmin', 8000 from unnest($1::uuid[]) u, generate_series(date '2026-01-01', date '2026-01-30', '1 day') d`,
    [users],
  );
  const jobs = await refreshJobs();
  expect(jobs.map((j) => j.key).sort()).toEqual(users.map((u) => `insights:${u}`).sort());
  for (const j of jobs) expect(j.delay_seconds).toBeGreaterThan(590);
});

test('every table the insights read queues a refresh', async () => {
  const { rows } = await db.pool.query<{ tbl: string; events: string[] }>(
    `select c.relname as tbl, array_agg(t.tgname::text order by t.tgname) as events
       from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'vitalis' and t.tgname like '\\_81_\\_insights\\_refresh\\_soon' and not c.relispartition
      group by c.relname order by c.relname`,
  );
  expect(rows.map((r) => r.tbl)).toEqual(['custom_metric_entries', 'goals', 'lifting_sessions', 'lifting_sets', 'mood_journal', 'nutrition_logs',
    'supplement_logs', 'supplements', 'wearable_activities', 'wearable_daily', 'wearable_sleep']);
  for (const r of rows) expect(r.events).toEqual(['_810_insights_refresh_soon', '_811_insights_refresh_soon']);
});

test('the nightly run queues one refresh per active user, in batches, and nobody else', async () => {
  await db.pool.query(`update vitalis.users set last_login_at = null`);
  const active: string[] = [];
  for (let i = 0; i < 5; i++) {
    const u = await createUser(db.pool);
    await db.pool.query(`update vitalis.users set last_login_at = now() - interval '3 days' where user_id = $1`, [u]);
    active.push(u);
  }
  const asleep = await createUser(db.pool);
  await db.pool.query(`update vitalis.users set last_login_at = now() - interval '200 days' where user_id = $1`, [asleep]);
  const deleted = await createUser(db.pool);
  await db.pool.query(`update vitalis.users set last_login_at = now(), deleted_at = now() where user_id = $1`, [deleted]);
  const queued = await queueNightlyRefresh(db.pool, 2);
  expect(queued).toBe(5);
  const jobs = await refreshJobs();
  expect(jobs.map((j) => j.key).sort()).toEqual(active.map((u) => `insights:${u}`).sort());
  for (const j of jobs) expect(j).toMatchObject({ priority: 8 });
  for (const j of jobs) expect(j.delay_seconds).toBeLessThan(5);
  // Run again the same night: still one job per user.
  await queueNightlyRefresh(db.pool, 2);
  expect(await refreshJobs()).toHaveLength(5);
});

test('the insights__refresh task refreshes the user of its payload and ignores a payload no run can fix', async () => {
  const user = await createUser(db.pool);
  await plantSleepAndHrv(db.pool, user, { days: 120, slope: 0.3, seed: 3 });
  const logged: string[] = [];
  const logger = { info: (m: string) => logged.push(m), error: (m: string) => logged.push(`error: ${m}`) } as unknown as Logger;
  const config = { ...loadConfig({ NODE_ENV: 'test' }), ...TEST_INSIGHTS_CONFIG };
  const task = insightsRefresh({ pool: db.pool, config } as unknown as TaskContext);
  await task({ userId: user }, { logger } as never);
  const { rows } = await asRequest(db.pool, { userId: user }, (c) => c.query(`select insight_key from vitalis.insights`));
  expect(rows.map((r) => r.insight_key)).toContain('corr:daily.hrv_rmssd_ms|sleep.total_sleep_minutes');
  await task({ userId: 'not-a-uuid' }, { logger } as never);
  expect(logged.at(-1)).toMatch(/^error: insights__refresh: userId: /);
});
