// npm run insights -- --user EMAIL: refreshes one user's alerts and insights now and prints each
// insight's title, n, r, p, adjusted p and lag.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { parseInsightsArgs } from '../../src/cli/insights';
import { createUser, useTestDatabase } from '../helpers/db';
import { plantSleepAndHrv } from './fixtures';

const exec = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const db = useTestDatabase();
let dir: string;

const insights = (...args: string[]) =>
  exec(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'src', 'cli', 'insights.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: dir, NODE_ENV: 'test', INSIGHTS_MIN_PAIRED_DAYS: '30' },
  }).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e) => ({ code: e.code as number, out: e.stdout as string, err: e.stderr as string }),
  );

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'insights-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('arguments: --user EMAIL, nothing else', () => {
  expect(parseInsightsArgs(['--user', 'a@example.com']).success).toBe(true);
  expect(parseInsightsArgs([]).success).toBe(false);
  expect(parseInsightsArgs(['--user', 'not-an-email']).success).toBe(false);
  expect(parseInsightsArgs(['--user', 'a@example.com', '--all']).success).toBe(false);
});

test('refreshes the user\'s insights now and prints title, n, r, p, adjusted p and lag', async () => {
  const email = `insights-cli-${randomUUID().slice(0, 8)}@example.com`;
  const user = await createUser(db.pool, { email });
  await plantSleepAndHrv(db.pool, user, { days: 150, slope: 0.3, seed: 5 });
  // A goal whose low threshold the latest HRV is under: its alert is listed.
  await db.pool.query(
    `insert into vitalis.goals (user_id, metric_type, metric_name, target_value, target_unit, direction, alert_threshold_low) values ($1, 'wearable', 'hrv_rmssd_ms', 150, 'ms', 'maximize', 149)`,
    [user],
  );
  const result = await insights('--user', email);
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  const { rows } = await db.pool.query(`select title, data_points, correlation_r::text as r, p_value::text as p, p_adjusted::text as q, lag_days from vitalis.insights where user_id = $1`, [user]);
  expect(rows.length).toBeGreaterThan(0);
  expect(result.out).toMatch(new RegExp(`^${email}: 3 daily series, \\d+ tests, ${rows.length} correlation`));
  expect(result.out).toMatch(/\nGoal alerts: \d+ new\n {2}\d{4}-\d\d-\d\dT\S+ {2}\S/);
  const { rows: alerts } = await db.pool.query(`select count(*)::int as n from vitalis.goal_alerts where user_id = $1`, [user]);
  expect(alerts[0].n).toBe(1);
  for (const r of rows) {
    expect(result.out).toContain(`[correlation] ${r.title} n=${r.data_points} r=${r.r}`);
    const p = (v: string) => (v === '0.000000' ? '<0.000001' : `=${v}`);
    expect(result.out).toContain(`p${p(r.p)} p_adj${p(r.q)} lag=${r.lag_days}`);
  }
});

test('an unknown user is an error naming the option', async () => {
  const result = await insights('--user', 'nobody@example.com');
  expect(result.code).toBe(1);
  expect(result.err).toMatch(/--user: no user with email nobody@example.com/);
  const usage = await insights();
  expect(usage.code).toBe(2);
  expect(usage.err).toMatch(/usage: npm run insights -- --user EMAIL/);
});
