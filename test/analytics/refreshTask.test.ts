// The cron task end to end: a real `npm run worker` process (graphile-worker is ESM and cannot be
// loaded inside jest) runs analytics__refresh_benchmarks, which fills the benchmark views and logs
// what they publish; the crontab registers it daily.
import type { ChildProcess } from 'node:child_process';
import { startWorkerProcess, waitFor } from '../helpers/workerProcess';
import { useTestDatabase } from '../helpers/db';
import { seedPopulation } from './fixture';

const children: ChildProcess[] = [];
const db = useTestDatabase({
  ignoreIdleClientErrors: true,
  beforeDrop: () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  },
});

test('the worker runs analytics__refresh_benchmarks: the views are filled and the log says what they publish', async () => {
  await seedPopulation(db.pool);
  const output: string[] = [];
  const child = startWorkerProcess({ databaseUrl: db.url, output, children });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  // The crontab is registered once the worker is up; then the job is queued as the cron would.
  await waitFor(() => `the crontab (output so far: ${output.join('')})`, async () =>
    (await db.pool.query(`select 1 from graphile_worker._private_known_crontabs where identifier = 'analytics__refresh_benchmarks'`)).rowCount === 1);
  await db.pool.query(`select graphile_worker.add_job('analytics__refresh_benchmarks', '{}'::json)`);
  await waitFor(() => `the refresh log line (output so far: ${output.join('')})`, async () => output.join('').includes('analytics__refresh_benchmarks:'));
  const line = output
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { msg: string })
    .find((l) => l.msg.startsWith('analytics__refresh_benchmarks:'));
  expect(line?.msg).toMatch(/^analytics__refresh_benchmarks: analytics\.benchmark_daily_metrics 3 groups, analytics\.benchmark_biomarkers 1 group in \d+ ms$/);
  const { rows } = await db.pool.query(`select metric, sex, age_band, n from analytics.benchmark_daily_metrics order by 1, 2, 3`);
  expect(rows).toEqual([
    { metric: 'resting_hr_bpm', sex: 'female', age_band: '30-39', n: 10 },
    { metric: 'steps', sex: 'all', age_band: 'all', n: 10 },
    { metric: 'steps', sex: 'female', age_band: '30-39', n: 10 },
  ]);

  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});
