import { createUser, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

// A request is one transaction. The functions it calls should plan their statements once per
// connection, not in every transaction: a SQL function PostgreSQL cannot inline is planned again in
// each (before PostgreSQL 18), and a custom plan on every call. Counted with log_planner_stats,
// which reports each run of the planner to the client.
async function plannerRunsInALaterTransaction(userId: string, sql: string): Promise<number> {
  const client = await db.pool.connect();
  let runs = 0;
  const count = (n: { message?: string }) => {
    if (/PLANNER STATISTICS/.test(n.message ?? '')) runs++;
  };
  try {
    await client.query(`select set_config('app.current_user_id', $1, false)`, [userId]);
    await client.query('set log_planner_stats = on');
    await client.query('set role vitalis_api');
    // Earlier requests plan what they must (PostgreSQL tries custom plans for a statement's first
    // five runs before it settles on a generic one).
    for (let i = 0; i < 6; i++) await client.query(sql);
    client.on('notice', count);
    await client.query('set client_min_messages = log');
    runs = 0;
    await client.query(sql);
    await client.query('reset client_min_messages');
    return runs;
  } finally {
    client.off('notice', count);
    await client.query('reset role; reset log_planner_stats; reset client_min_messages').catch(() => {});
    client.release();
  }
}

let user: string;
beforeAll(async () => {
  user = await createUser(db.pool);
});

test.each([
  ['dashboard', 'select count(*) from vitalis.dashboard(30)'],
  ['training load', 'select count(*) from vitalis.training_load(current_date - 89, current_date)'],
  ['biomarker trend', "select count(*) from vitalis.biomarker_trend('glucose')"],
  ['source priority', "select vitalis.source_priority('steps'), vitalis.source_priority('sleep')"],
])('%s: a request after the first few plans only its own statement', async (_name, sql) => {
  // `set client_min_messages` itself and the statement: the function's inner statements add none.
  expect(await plannerRunsInALaterTransaction(user, sql)).toBeLessThanOrEqual(2);
});

test("a single-row insert plans only its own statement: the table's audit trigger keeps its plan", async () => {
  // Before, the INSERT audit built its statement with format() and EXECUTE: one more plan per write.
  // (The same row each time: from the second on nothing is inserted, but the statement's triggers still run.)
  const sql = `insert into vitalis.mood_journal (journal_date, mood_score) values ('2026-01-07', 3) on conflict (user_id, journal_date) do nothing`;
  expect(await plannerRunsInALaterTransaction(user, sql)).toBe(1);
});
