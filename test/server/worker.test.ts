// `npm run worker` end to end, as a child process (graphile-worker is ESM and cannot be loaded
// inside jest): it recovers a job left locked by a crashed worker, runs partitions__ensure, logs
// as JSON, and exits 0 on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { useTestDatabase } from '../helpers/db';

const ROOT = path.resolve(__dirname, '..', '..');

let child: ChildProcess | undefined;
const db = useTestDatabase({
  ignoreIdleClientErrors: true,
  beforeDrop: () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  },
});

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('recovers a crashed worker’s job, runs it, and shuts down cleanly', async () => {
  const { rows } = await db.pool.query<{ name: string }>(`select 'wearable_daily_y' || to_char(current_date + interval '1 year', 'YYYY') as name`);
  const partition = rows[0]!.name;
  await db.pool.query(`drop table vitalis."${partition}"`);
  // A job that a worker locked a while ago before dying (no liveness lock anywhere).
  await db.pool.query(`select graphile_worker.add_job('partitions__ensure', '{}'::json, job_key => 'crashed')`);
  await db.pool.query(`update graphile_worker._private_jobs set locked_by = 'worker-crashed', locked_at = now() - interval '5 minutes', attempts = 1`);

  const output: string[] = [];
  child = spawn(process.execPath, [require.resolve('tsx/cli'), 'src/cli/worker.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      // Development configuration (production refuses the test cluster's dev role passwords, and setting
      // others would change the cluster-wide roles under the other test files); migrations/current
      // re-runs, idempotently, against this already migrated database.
      NODE_ENV: 'development',
      GRAPHILE_ENV: 'production',
      JWT_SECRET: 'worker-test-secret-0123456789abcdef012345',
      TOKEN_ENCRYPTION_KEYS: `test1:${Buffer.alloc(32, 3).toString('base64')}`,
      LOG_LEVEL: 'info',
      WORKER_CONCURRENCY: '1',
      INSIGHTS_DEBOUNCE_SECONDS: '321',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));

  await waitFor(`the job to run (output so far: ${output.join('')})`, async () => {
    const jobs = await db.pool.query(`select count(*)::int as n from graphile_worker._private_jobs where key = 'crashed'`);
    return jobs.rows[0].n === 0;
  });
  const { rows: tables } = await db.pool.query(`select to_regclass($1) is not null as present`, [`vitalis."${partition}"`]);
  expect(tables[0].present).toBe(true);

  // Structured logs: the recovery and the task's result are JSON lines.
  await waitFor('the task log line', async () => output.join('').includes('partitions__ensure: created'));
  const lines = output
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { msg: string; workers?: string[] });
  expect(lines.find((l) => l.msg.includes('dead worker'))?.workers).toEqual(['worker-crashed']);
  expect(lines.some((l) => l.msg === 'partitions__ensure: created 1 partition')).toBe(true);

  // The daily cron item is registered.
  const cron = await db.pool.query(`select identifier from graphile_worker._private_known_crontabs`);
  expect(cron.rows.map((r) => r.identifier).sort()).toEqual(['analytics__refresh_benchmarks', 'backups__daily', 'backups__restore_test', 'deletions__process', 'exports__expire', 'goals__evaluate_daily', 'insights__refresh_nightly', 'partitions__ensure', 'privacy__retention', 'providers__oura_subscriptions', 'providers__sync_daily']);

  // The worker published its insights debounce for the data triggers.
  expect((await db.pool.query('select debounce_seconds from vitalis_private.insights_settings')).rows).toEqual([{ debounce_seconds: 321 }]);

  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  // Its connections are gone.
  const { rows: sessions } = await db.pool.query(
    `select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name like 'vitalis-worker%'`,
  );
  expect(sessions[0].n).toBe(0);
});
