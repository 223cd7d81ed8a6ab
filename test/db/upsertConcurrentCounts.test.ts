// Found by the load test (docs/load-testing.md): two devices of one user re-sending the same days
// at once. The data stays right (one row per day, the values sent), and so must the counts: the
// call that waited for the other's uncommitted rows leaves them as they are, so it counts them
// skipped. (They were counted in the statement's snapshot, which cannot see the concurrent rows
// that ON CONFLICT waits for and finds: inserted N, updated -N; migrations 8-upsert-counts.sql.)
import { Client } from 'pg';
import { createUser, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

const CASES: Array<{ fn: string; table: string; row: (date: string) => Record<string, unknown> }> = [
  { fn: 'upsert_wearable_daily', table: 'wearable_daily', row: (date: string) => ({ date, source: 'garmin', steps: 1234 }) },
  { fn: 'upsert_wearable_sleep', table: 'wearable_sleep', row: (date: string) => ({ sleep_date: date, source: 'oura', total_sleep_minutes: 420 }) },
];

async function asUser(userId: string): Promise<Client> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  await client.query('begin');
  await client.query(`select set_config('role', 'vitalis_api', true), set_config('app.current_user_id', $1, true)`, [userId]);
  return client;
}

/** Two transactions of one user upsert the same 3 rows; the second waits for the first to commit. */
async function race(c: (typeof CASES)[number]): Promise<{ first: unknown; second: unknown; stored: number }> {
  const userId = await createUser(db.pool);
  const rows = JSON.stringify(['2025-01-01', '2025-01-02', '2025-01-03'].map(c.row));
  const a = await asUser(userId);
  const b = await asUser(userId);
  try {
    const first = (await a.query(`select * from vitalis.${c.fn}($1)`, [rows])).rows[0];
    // The second call blocks on the first one's uncommitted rows until it commits.
    const waiting = b.query(`select * from vitalis.${c.fn}($1)`, [rows]);
    await new Promise((r) => setTimeout(r, 300));
    await a.query('commit');
    const second = (await waiting).rows[0];
    await b.query('commit');
    const stored = await db.pool.query(`select count(*)::int as n from vitalis.${c.table} where user_id = $1`, [userId]);
    return { first, second, stored: stored.rows[0].n };
  } finally {
    await a.end();
    await b.end();
  }
}

for (const c of CASES) {
  let result: Awaited<ReturnType<typeof race>>;
  beforeAll(async () => {
    result = await race(c);
  });

  test(`${c.fn}: two concurrent calls with the same rows store each row once and count it once`, () => {
    expect(result.stored).toBe(3);
    expect(result.first).toEqual({ inserted: 3, updated: 0, skipped: 0 });
    // The call that waited for the concurrent insert found the rows already there, unchanged.
    expect(result.second).toEqual({ inserted: 0, updated: 0, skipped: 3 });
  });
}
