import { writeBatch } from '../../src/providers/engine/writeBatch';
import { ouraAdapter } from '../../src/providers/oura';
import { ouraFake } from '../fakeProviders/oura';
import { inProcessHttp } from '../fakeProviders/inProcess';
import { asRequest, createTestDatabase, createUser, type TestDatabase } from '../helpers/db';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const http = inProcessHttp(ouraFake);
const window = { start: new Date('2024-10-26T00:00:00Z'), end: new Date('2024-10-28T00:00:00Z'), startDate: '2024-10-26', endDate: '2024-10-27' };

test('an Oura window lands in the wearable tables as the user, and a re-run changes nothing', async () => {
  const userId = await createUser(db.pool);
  const batch = await ouraAdapter.fetchWindow(http, window);
  const write = () => asRequest(db.pool, { userId }, (client) => writeBatch(client, userId, batch), true);

  const first = await write();
  expect(first.daily).toEqual({ inserted: 3, updated: 0, skipped: 0 });
  expect(first.sleep).toEqual({ inserted: 3, updated: 0, skipped: 0 });
  expect(first.activities).toEqual({ inserted: 3, updated: 0, skipped: 0 });
  const again = await write();
  expect(again.daily).toEqual({ inserted: 0, updated: 0, skipped: 3 });
  expect(again.sleep).toEqual({ inserted: 0, updated: 0, skipped: 3 });
  expect(again.activities).toEqual({ inserted: 0, updated: 0, skipped: 3 });

  const { rows: daily } = await db.pool.query(
    `select date::text, steps, total_calories_kcal, readiness_score, resting_hr_bpm, hrv_rmssd_ms::float8 as hrv, spo2_avg_pct::float8 as spo2, skin_temp_deviation_c::float8 as temp, vo2_max_ml_kg_min::float8 as vo2, source_updated_at
       from vitalis.wearable_daily where user_id = $1 and source = 'oura' order by date`,
    [userId],
  );
  expect(daily).toEqual([
    { date: '2024-10-26', steps: 9120, total_calories_kcal: 2410, readiness_score: 82, resting_hr_bpm: 48, hrv: 62, spo2: 97.5, temp: 0.12, vo2: null, source_updated_at: new Date('2024-10-26T23:58:00Z') },
    { date: '2024-10-27', steps: null, total_calories_kcal: 2430, readiness_score: 76, resting_hr_bpm: 50, hrv: 54, spo2: null, temp: -0.31, vo2: 44, source_updated_at: new Date('2024-10-27T23:58:00Z') },
    { date: '2024-10-28', steps: 11003, total_calories_kcal: 2450, readiness_score: 88, resting_hr_bpm: 47, hrv: 71, spo2: 96.1, temp: null, vo2: null, source_updated_at: new Date('2024-10-28T23:58:00Z') },
  ]);
  const { rows: sleep } = await db.pool.query(
    `select sleep_date::text, sleep_start, sleep_end, total_sleep_minutes, sleep_score, jsonb_array_length(hypnogram) as stages, jsonb_array_length(raw_data->'other_periods') as others,
            nap_minutes, nap_count, jsonb_array_length(raw_data->'naps') as naps
       from vitalis.wearable_sleep where user_id = $1 order by sleep_date`,
    [userId],
  );
  expect(sleep[1]).toEqual({ sleep_date: '2024-10-27', sleep_start: new Date('2024-10-26T21:30:00Z'), sleep_end: new Date('2024-10-27T06:10:00Z'), total_sleep_minutes: 450, sleep_score: 79, stages: 14, others: 1, nap_minutes: 35, nap_count: 1, naps: 1 });
  expect(sleep.map((s) => [s.sleep_date, s.nap_minutes, s.nap_count])).toEqual([
    ['2024-10-26', 0, 0],
    ['2024-10-27', 35, 1],
    ['2024-10-28', 25, 1],
  ]);
  const { rows: acts } = await db.pool.query(`select source_activity_id, activity_type::text, activity_date::text, duration_seconds from vitalis.wearable_activities where user_id = $1 order by start_time`, [userId]);
  expect(acts).toEqual([
    { source_activity_id: 'wo-run-1', activity_type: 'running', activity_date: '2024-10-26', duration_seconds: 2730 },
    { source_activity_id: 'wo-gym-1', activity_type: 'strength_training', activity_date: '2024-10-27', duration_seconds: 3000 },
    { source_activity_id: 'wo-odd-1', activity_type: 'other', activity_date: '2024-10-28', duration_seconds: 2400 },
  ]);
});

test('an older Oura payload does not overwrite a newer one', async () => {
  const userId = await createUser(db.pool);
  const batch = await ouraAdapter.fetchWindow(http, window);
  await asRequest(db.pool, { userId }, (client) => writeBatch(client, userId, batch), true);
  const older = { ...batch, daily: batch.daily.map((d) => ({ ...d, readiness_score: 1, source_updated_at: '2024-10-01T00:00:00Z' })), sleep: [], activities: [], measurements: [] };
  const counts = await asRequest(db.pool, { userId }, (client) => writeBatch(client, userId, older), true);
  expect(counts.daily).toEqual({ inserted: 0, updated: 0, skipped: 3 });
  const { rows } = await db.pool.query(`select readiness_score from vitalis.wearable_daily where user_id = $1 order by date`, [userId]);
  expect(rows.map((r) => r.readiness_score)).toEqual([82, 76, 88]);
});
