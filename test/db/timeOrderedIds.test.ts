import { asRequest, createUser, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

// The tables that grow every day take time-ordered ids, so new rows (and their audit rows) land on
// the rightmost leaves of their indexes; ids that travel in links and tokens stay random.
const TIME_ORDERED = [
  'blood_markers.marker_id', 'blood_panels.panel_id', 'custom_metric_entries.entry_id', 'lifting_sessions.session_id',
  'lifting_sets.set_id', 'measurements.measurement_id', 'mood_journal.journal_id', 'nutrition_logs.nutrition_id',
  'supplement_logs.log_id', 'wearable_activities.activity_id', 'wearable_daily.daily_id', 'wearable_sleep.sleep_id',
];
const RANDOM = ['accounts.account_id', 'users.user_id', 'household_invites.invite_id', 'profile_shares.share_id'];

async function defaults(columns: string[]): Promise<Record<string, string>> {
  const { rows } = await db.pool.query(
    `select c.relname || '.' || a.attname as col, pg_get_expr(d.adbin, d.adrelid) as expr
       from pg_attrdef d join pg_class c on c.oid = d.adrelid join pg_attribute a on a.attrelid = d.adrelid and a.attnum = d.adnum
      where c.relnamespace = 'vitalis'::regnamespace and c.relname || '.' || a.attname = any($1)`, [columns]);
  return Object.fromEntries(rows.map((r: { col: string; expr: string }) => [r.col, r.expr]));
}

test('the tables that grow every day default to time-ordered ids; ids that travel in links stay random', async () => {
  const ordered = await defaults(TIME_ORDERED);
  expect(Object.keys(ordered).sort()).toEqual([...TIME_ORDERED].sort());
  for (const expr of Object.values(ordered)) expect(expr).toBe('vitalis_private.uuid_v7()');
  for (const expr of Object.values(await defaults(RANDOM))) expect(expr).toBe('gen_random_uuid()');
});

test('uuid_v7 is inlined into the statement, not called once per row', async () => {
  const { rows } = await db.pool.query('explain (verbose, costs off) select vitalis_private.uuid_v7() from generate_series(1, 3)');
  const plan = rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
  expect(plan).not.toMatch(/uuid_v7/);
});

test('uuid_v7: version 7, the RFC variant, the creation millisecond in front, and creation order', async () => {
  // The clock read on either side of each id (a select list is evaluated in order): the id's
  // millisecond lies between them, however long the machine kept the backend waiting.
  const { rows } = await db.pool.query(
    `select floor(extract(epoch from clock_timestamp()) * 1000)::bigint as before, vitalis_private.uuid_v7()::text as id,
            floor(extract(epoch from clock_timestamp()) * 1000)::bigint as after
       from generate_series(1, 2000)`);
  const ids = rows.map((r: { id: string }) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const { id, before, after } of rows as { id: string; before: string; after: string }[]) {
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const idMs = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(idMs).toBeGreaterThanOrEqual(Number(before));
    expect(idMs).toBeLessThanOrEqual(Number(after));
  }
  // Ids made a few milliseconds apart sort in the order they were made.
  const made: string[] = [];
  for (let i = 0; i < 5; i++) {
    made.push((await db.pool.query('select vitalis_private.uuid_v7()::text as id, pg_sleep(0.003)')).rows[0].id as string);
  }
  expect([...made].sort()).toEqual(made);
});

test('a row the API writes takes a time-ordered id', async () => {
  const user = await createUser(db.pool);
  await asRequest(db.pool, { userId: user }, (c) => c.query(`select * from vitalis.upsert_wearable_daily($1)`, [JSON.stringify([{ date: '2025-09-01', source: 'garmin', steps: 5 }])]), true);
  const { rows } = await db.pool.query(`select daily_id::text as id from vitalis.wearable_daily where user_id = $1`, [user]);
  expect(rows[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
});
