// Naps (migration 000011, section 3-naps.sql): wearable_sleep.nap_minutes / nap_count, their bounds, the
// regenerated batch upsert (merge semantics unchanged, the new columns taken), and the dashboard's
// napMinutes (best sleep source that reported naps).
import { asRequest, createUser, pgError, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

// As an Oura sync writes them: the worker, which versions its rows (source_updated_at).
const upsert = (userId: string, rows: unknown[]) =>
  asRequest(db.pool, { userId, role: 'vitalis_worker' }, async (c) => (await c.query(`select * from vitalis.upsert_wearable_sleep($1::jsonb)`, [JSON.stringify(rows)])).rows[0], true);
const stored = async (userId: string) =>
  (await db.pool.query(`select sleep_date::text, source::text, total_sleep_minutes, nap_minutes, nap_count, raw_data from vitalis.wearable_sleep where user_id = $1 order by sleep_date, source`, [userId])).rows;

test('the upsert takes nap_minutes and nap_count, merges as before and is idempotent', async () => {
  const user = await createUser(db.pool);
  const night = { sleep_date: '2024-05-02', source: 'oura', total_sleep_minutes: 420, nap_minutes: 0, nap_count: 0, raw_data: { sleep: { id: 'n' }, naps: [] }, source_updated_at: '2024-05-02T08:00:00Z' };
  expect(await upsert(user, [night])).toEqual({ inserted: 1, updated: 0, skipped: 0 });
  // The same day again, now with its nap: the whole day's nap set replaces the stored one.
  const withNap = { ...night, nap_minutes: 35, nap_count: 1, raw_data: { naps: [{ start: '2024-05-02T14:00:00.000Z', end: '2024-05-02T14:40:00.000Z', minutes: 35, id: 'p' }] }, source_updated_at: '2024-05-02T15:00:00Z' };
  expect(await upsert(user, [withNap])).toEqual({ inserted: 0, updated: 1, skipped: 0 });
  expect(await upsert(user, [withNap])).toEqual({ inserted: 0, updated: 0, skipped: 1 });
  // A piece without nap information (another summary of the day) keeps the naps.
  expect(await upsert(user, [{ sleep_date: '2024-05-02', source: 'oura', avg_hrv_ms: 50, source_updated_at: '2024-05-02T15:00:00Z' }])).toEqual({ inserted: 0, updated: 1, skipped: 0 });
  const [row] = await stored(user);
  expect(row).toMatchObject({ total_sleep_minutes: 420, nap_minutes: 35, nap_count: 1 });
  expect(row.raw_data).toEqual({ sleep: { id: 'n' }, naps: withNap.raw_data.naps });
});

test('nap_minutes and nap_count are bounded (CHECKs named like their bounds.ts twins) and client-writable', async () => {
  const user = await createUser(db.pool);
  await asRequest(db.pool, { userId: user }, async (c) => {
    const tooLong = await pgError(c, () => c.query(`insert into vitalis.wearable_sleep (sleep_date, source, nap_minutes) values ('2024-05-02', 'oura', 1441)`));
    expect(tooLong).toMatchObject({ code: '23514', constraint: 'wearable_sleep_nap_minutes_range' });
    const tooMany = await pgError(c, () => c.query(`insert into vitalis.wearable_sleep (sleep_date, source, nap_count) values ('2024-05-02', 'oura', 49)`));
    expect(tooMany).toMatchObject({ code: '23514', constraint: 'wearable_sleep_nap_count_range' });
    // A client writes them directly (granted columns).
    await c.query(`insert into vitalis.wearable_sleep (sleep_date, source, nap_minutes, nap_count) values ('2024-05-02', 'oura', 1440, 48)`);
  });
});

test('the dashboard shows napMinutes from the best sleep source that reported naps', async () => {
  const user = await createUser(db.pool);
  const [{ today }] = (await db.pool.query(`select (now() at time zone 'UTC')::date::text as today`)).rows;
  const [{ yesterday }] = (await db.pool.query(`select ((now() at time zone 'UTC')::date - 1)::text as yesterday`)).rows;
  await db.pool.query(
    `insert into vitalis.wearable_sleep (user_id, sleep_date, source, total_sleep_minutes, nap_minutes, nap_count)
     values ($1, $2, 'oura', 420, 0, 0), ($1, $2, 'fitbit', 400, 30, 1),
            ($1, $3, 'garmin', 410, null, null), ($1, $3, 'fitbit', 390, 45, 2)`,
    [user, today, yesterday],
  );
  const rows = await asRequest(db.pool, { userId: user }, async (c) => (await c.query(`select date::text, total_sleep_minutes, total_sleep_minutes_source::text, nap_minutes, nap_minutes_source::text from vitalis.dashboard(3)`)).rows);
  expect(rows).toEqual([
    { date: expect.any(String), total_sleep_minutes: null, total_sleep_minutes_source: null, nap_minutes: null, nap_minutes_source: null },
    // Garmin's night said nothing about naps: Fitbit's naps are the day's.
    { date: yesterday, total_sleep_minutes: 410, total_sleep_minutes_source: 'garmin', nap_minutes: 45, nap_minutes_source: 'fitbit' },
    // Oura reported the night and no nap: its 0 wins over Fitbit's nap, as its night does.
    { date: today, total_sleep_minutes: 420, total_sleep_minutes_source: 'oura', nap_minutes: 0, nap_minutes_source: 'oura' },
  ]);
});

test('the regenerated sleep upsert still runs as its owner, and the dashboard day has the nap attributes', async () => {
  const [fn] = (await db.pool.query(`select prosecdef, proconfig from pg_proc where oid = 'vitalis.upsert_wearable_sleep(jsonb)'::regprocedure`)).rows;
  expect(fn).toEqual({ prosecdef: true, proconfig: ['search_path=pg_catalog'] });
  const { rows } = await db.pool.query(`select attname from pg_attribute where attrelid = 'vitalis.dashboard_day'::regclass and attnum > 0 and not attisdropped and attname like 'nap%' order by attnum`);
  expect(rows.map((r) => r.attname)).toEqual(['nap_minutes', 'nap_minutes_source']);
  const user = await createUser(db.pool);
  expect(await upsert(user, [{ sleep_date: '2024-05-03', source: 'whoop', nap_minutes: 20, nap_count: 1 }])).toEqual({ inserted: 1, updated: 0, skipped: 0 });
});
