import { writeBatch } from '../../src/providers/engine/writeBatch';
import { whoopFetchWindow } from '../../src/providers/whoop';
import { whoopFake } from '../fakeProviders/whoop';
import { inProcessHttp } from '../fakeProviders/inProcess';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

const http = inProcessHttp(whoopFake);
const window = { start: new Date('2024-11-02T00:00:00Z'), end: new Date('2024-11-05T00:00:00Z'), startDate: '2024-11-02', endDate: '2024-11-04' };

// That a re-run changes nothing is checked for every provider in syncIdempotence.test.ts.
test('a WHOOP window lands in the wearable tables and measurements as these rows', async () => {
  const userId = await createUser(db.pool);
  const batch = await whoopFetchWindow(http, window, new Date('2024-11-05T06:00:00Z'));
  const write = () => asRequest(db.pool, { userId, role: 'vitalis_worker' }, (client) => writeBatch(client, userId, batch), true);

  await write();

  const { rows: daily } = await db.pool.query(
    `select date::text, recovery_score, resting_hr_bpm, hrv_rmssd_ms::float8 as hrv, spo2_avg_pct::float8 as spo2, total_calories_kcal, max_hr_bpm, raw_data->'cycle'->>'id' as cycle
       from vitalis.wearable_daily where user_id = $1 and source = 'whoop' order by date`,
    [userId],
  );
  expect(daily).toEqual([
    { date: '2024-11-02', recovery_score: 44, resting_hr_bpm: 64, hrv: 31.81, spo2: 95.7, total_calories_kcal: 2450, max_hr_bpm: 168, cycle: '1002' },
    { date: '2024-11-03', recovery_score: 78, resting_hr_bpm: 52, hrv: 65.2, spo2: 96.1, total_calories_kcal: 1981, max_hr_bpm: 141, cycle: '1003' },
    { date: '2024-11-04', recovery_score: null, resting_hr_bpm: null, hrv: null, spo2: null, total_calories_kcal: 2629, max_hr_bpm: 182, cycle: '1004' },
  ]);
  const { rows: sleep } = await db.pool.query(
    `select sleep_date::text, total_sleep_minutes, sleep_efficiency_pct::float8 as eff, sleep_score, jsonb_array_length(raw_data->'naps') as naps, nap_minutes, nap_count from vitalis.wearable_sleep where user_id = $1 order by sleep_date`,
    [userId],
  );
  expect(sleep).toEqual([
    { sleep_date: '2024-11-02', total_sleep_minutes: 442, eff: 91.7, sleep_score: 98, naps: 1, nap_minutes: 30, nap_count: 1 },
    { sleep_date: '2024-11-03', total_sleep_minutes: 455, eff: 92.9, sleep_score: 91, naps: 0, nap_minutes: 0, nap_count: 0 },
    { sleep_date: '2024-11-04', total_sleep_minutes: 410, eff: 93.2, sleep_score: null, naps: 0, nap_minutes: 0, nap_count: 0 },
  ]);
  const { rows: acts } = await db.pool.query(`select activity_date::text, activity_type::text, calories_kcal, hr_zone_3_seconds from vitalis.wearable_activities where user_id = $1 order by start_time`, [userId]);
  expect(acts).toEqual([
    { activity_date: '2024-11-02', activity_type: 'running', calories_kcal: 375, hr_zone_3_seconds: 900 },
    { activity_date: '2024-11-03', activity_type: 'functional_training', calories_kcal: 502, hr_zone_3_seconds: 900 },
    { activity_date: '2024-11-04', activity_type: 'other', calories_kcal: null, hr_zone_3_seconds: null },
  ]);
  const { rows: m } = await db.pool.query(`select metric::text, value::float8 as value, unit, source::text from vitalis.measurements where user_id = $1 order by metric`, [userId]);
  expect(m).toEqual([
    { metric: 'height', value: 1.829, unit: 'm', source: 'whoop' },
    { metric: 'weight', value: 90.719, unit: 'kg', source: 'whoop' },
  ]);
});

test('a newer WHOOP record replaces the stored one; the older one is then ignored', async () => {
  const userId = await createUser(db.pool);
  const batch = await whoopFetchWindow(http, window, new Date('2025-06-01T00:00:00Z'));
  await asRequest(db.pool, { userId, role: 'vitalis_worker' }, (client) => writeBatch(client, userId, batch), true);
  const newer = { ...batch, daily: [], sleep: [], activities: batch.activities.map((a) => ({ ...a, calories_kcal: 400, source_updated_at: '2024-12-01T00:00:00.000Z' })) };
  expect((await asRequest(db.pool, { userId, role: 'vitalis_worker' }, (client) => writeBatch(client, userId, newer), true)).activities).toEqual({ inserted: 0, updated: 3, skipped: 0 });
  const stale = { ...batch, daily: [], sleep: [] };
  expect((await asRequest(db.pool, { userId, role: 'vitalis_worker' }, (client) => writeBatch(client, userId, stale), true)).activities).toEqual({ inserted: 0, updated: 0, skipped: 3 });
  const { rows } = await db.pool.query(`select calories_kcal from vitalis.wearable_activities where user_id = $1`, [userId]);
  expect(rows.map((r) => r.calories_kcal)).toEqual([400, 400, 400]);
});
