// The daily run (task goals__evaluate_daily) evaluates every user with an active alerting goal, in
// batches of users: it catches what no trigger saw, and fires nothing a trigger already fired.
import type { JobHelpers } from 'graphile-worker';
import type { Pool } from 'pg';
import { evaluateGoalsDaily } from '../../src/insights/goals/evaluateDaily';
import { goalsEvaluateDaily } from '../../tasks/goals__evaluate_daily';
import { createUser, useTestDatabase } from '../helpers/db';
import { alertsOf, createGoal, day, importDaily } from './helpers';

const db = useTestDatabase();

/** A day of data written with triggers off (session_replication_role = replica), as if the trigger's evaluation had failed. */
async function writeUnseen(pool: Pool, userId: string, date: string, steps: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('set local session_replication_role = replica');
    await client.query(`insert into vitalis.wearable_daily (user_id, date, source, steps) values ($1, $2, 'garmin', $3)`, [userId, date, steps]);
    await client.query('commit');
  } finally {
    client.release();
  }
}

test('unseen crossings fire once, in batches, and a second run fires nothing', async () => {
  const users = [await createUser(db.pool), await createUser(db.pool), await createUser(db.pool)];
  for (const user of users) await createGoal(db.pool, user, { metric_type: 'wearable', metric_name: 'steps', alert_threshold_low: 5000 });
  const quiet = await createUser(db.pool); // alerts off: never evaluated
  await createGoal(db.pool, quiet, { metric_type: 'wearable', metric_name: 'steps', alert_threshold_low: 5000, alert_enabled: false });
  for (const user of [...users, quiet]) await writeUnseen(db.pool, user, day(2), 1000);
  expect(await alertsOf(db.pool, users[0]!)).toEqual([]);

  const first = await evaluateGoalsDaily(db.pool, 2);
  expect(first).toEqual({ users: 3, fired: 3, batches: 2 });
  for (const user of users) expect((await alertsOf(db.pool, user)).map((a) => a.side)).toEqual(['low']);
  expect(await alertsOf(db.pool, quiet)).toEqual([]);

  expect(await evaluateGoalsDaily(db.pool, 2)).toEqual({ users: 3, fired: 0, batches: 2 });
});

test('the task body logs what it did', async () => {
  const user = await createUser(db.pool);
  await createGoal(db.pool, user, { metric_type: 'wearable', metric_name: 'steps', alert_threshold_high: 20000 });
  await importDaily(db.pool, user, { date: day(2), steps: 25000 }); // fired by the trigger already
  const logged: string[] = [];
  const helpers = { logger: { info: (message: string) => logged.push(message) } } as unknown as JobHelpers;
  await goalsEvaluateDaily({ pool: db.pool })({}, helpers);
  expect(logged).toEqual([expect.stringMatching(/^goals__evaluate_daily: \d+ users evaluated, 0 alerts fired$/)]);
  expect(await alertsOf(db.pool, user)).toHaveLength(1);
});

test('a batch size outside 1-10000 is refused', async () => {
  await expect(evaluateGoalsDaily(db.pool, 0)).rejects.toMatchObject({ code: '22023', message: 'limit: must be 1 to 10000 users' });
});
