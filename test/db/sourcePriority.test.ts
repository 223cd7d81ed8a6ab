import { asRequest, createUser, useTestDatabase } from '../helpers/db';

// Several sources for one day stay separate rows; which one a user sees is their choice.

const db = useTestDatabase();
let user: string;
beforeAll(async () => {
  user = await createUser(db.pool);
  await asRequest(db.pool, { userId: user }, (c) =>
    c.query(`select * from vitalis.upsert_wearable_sleep($1)`, [JSON.stringify([
      { sleep_date: new Date(Date.now() - 86400000).toISOString().slice(0, 10), source: 'oura', total_sleep_minutes: 420 },
      { sleep_date: new Date(Date.now() - 86400000).toISOString().slice(0, 10), source: 'apple_health', total_sleep_minutes: 455 },
    ])]), true);
});

const lastNight = (priority: object) =>
  asRequest(db.pool, { userId: user }, async (c) => {
    await c.query(`update vitalis.user_preferences set source_priority = $1 where user_id = $2`, [JSON.stringify(priority), user]);
    const order = (await c.query(`select vitalis.source_priority('sleep')::text[] as o`)).rows[0].o as string[];
    const { rows } = await c.query(`select total_sleep_minutes, total_sleep_minutes_source from vitalis.dashboard(2) where total_sleep_minutes is not null`);
    return { order, night: rows[0] };
  });

test('by default the ring wins for sleep, and both rows are kept', async () => {
  const { order, night } = await lastNight({});
  expect(order.slice(0, 2)).toEqual(['oura', 'whoop']);
  expect(night).toEqual({ total_sleep_minutes: 420, total_sleep_minutes_source: 'oura' });
  expect((await db.pool.query(`select count(*)::int as n from vitalis.wearable_sleep where user_id = $1`, [user])).rows[0].n).toBe(2);
});

test("the user's own order comes first, the remaining defaults after it", async () => {
  const { order, night } = await lastNight({ sleep: ['apple_health'] });
  expect(order).toEqual(['apple_health', 'oura', 'whoop', 'garmin', 'fitbit', 'withings']);
  expect(night).toEqual({ total_sleep_minutes: 455, total_sleep_minutes_source: 'apple_health' });
});

test('an unknown category or source is a clear error naming the field', async () => {
  await expect(lastNight({ naps: ['oura'] })).rejects.toMatchObject({ code: '22023', column: 'source_priority', message: expect.stringContaining('unknown category "naps"') });
  await expect(lastNight({ sleep: ['fitbitt'] })).rejects.toMatchObject({ code: '22023', message: 'sourcePriority.sleep: "fitbitt" is not a data source' });
  await expect(lastNight({ sleep: 'oura' })).rejects.toMatchObject({ message: 'sourcePriority.sleep: must be a list of sources' });
});

const CATEGORIES = ['sleep', 'steps', 'hrv', 'heart_rate', 'readiness', 'recovery', 'activities'];

test("the dashboard's seven orders, read at once, are the ones source_priority gives one by one", async () => {
  await asRequest(db.pool, { userId: user }, async (c) => {
    await c.query(`update vitalis.user_preferences set source_priority = $1 where user_id = $2`, [
      JSON.stringify({ sleep: ['apple_health'], steps: ['oura', 'garmin'], activities: ['strava', 'polar'] }),
      user,
    ]);
    const atOnce = (await c.query(`select to_jsonb(o) as o from vitalis_private.source_priorities() o`)).rows[0].o as Record<string, string[]>;
    for (const category of CATEGORIES) {
      const oneByOne = (await c.query(`select vitalis.source_priority($1)::text[] as o`, [category])).rows[0].o as string[];
      expect({ category, order: atOnce[category] }).toEqual({ category, order: oneByOne });
    }
    expect(atOnce.steps).toEqual(['oura', 'garmin', 'fitbit', 'apple_health']);
    expect(atOnce.hrv).toEqual(['oura', 'whoop', 'garmin']);
  });
});

test('a dashboard reads your preferences twice (source orders, time zone), not once per category', async () => {
  await asRequest(db.pool, { userId: user }, async (c) => {
    const reads = async () =>
      Number((await c.query(`select coalesce(seq_scan, 0) + coalesce(idx_scan, 0) as n from pg_stat_xact_user_tables where relid = 'vitalis.user_preferences'::regclass`)).rows[0].n);
    const before = await reads();
    await c.query(`select count(*) from vitalis.dashboard(7)`);
    expect((await reads()) - before).toBe(2);
  });
});

test("the insights' daily series read your preferences twice too, not once per category", async () => {
  await asRequest(db.pool, { userId: user }, async (c) => {
    const reads = async () =>
      Number((await c.query(`select coalesce(seq_scan, 0) + coalesce(idx_scan, 0) as n from pg_stat_xact_user_tables where relid = 'vitalis.user_preferences'::regclass`)).rows[0].n);
    const before = await reads();
    await c.query(`select count(*) from vitalis_private.insights_daily_values(current_date - 30, current_date)`);
    expect((await reads()) - before).toBe(2);
  });
});
