import fs from 'node:fs';
import path from 'node:path';
import { writeBatch } from '../../src/providers/engine/writeBatch';
import { ouraAdapter } from '../../src/providers/oura';
import { mapSleep } from '../../src/providers/oura/sleep';
import { emptyBatch } from '../../src/providers/types';
import { ouraFake } from '../fakeProviders/oura';
import { inProcessHttp } from '../fakeProviders/inProcess';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

const http = inProcessHttp(ouraFake);
const window = { start: new Date('2024-10-26T00:00:00Z'), end: new Date('2024-10-28T00:00:00Z'), startDate: '2024-10-26', endDate: '2024-10-27' };

// That a re-run changes nothing is checked for every provider in syncIdempotence.test.ts.
test('an Oura window lands in the wearable tables as these rows', async () => {
  const userId = await createUser(db.pool);
  const batch = await ouraAdapter.fetchWindow(http, window);
  const write = () => asRequest(db.pool, { userId, role: 'vitalis_worker' }, (client) => writeBatch(client, userId, batch), true);

  await write();

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
  await asRequest(db.pool, { userId, role: 'vitalis_worker' }, (client) => writeBatch(client, userId, batch), true);
  const older = { ...batch, daily: batch.daily.map((d) => ({ ...d, readiness_score: 1, source_updated_at: '2024-10-01T00:00:00Z' })), sleep: [], activities: [], measurements: [] };
  const counts = await asRequest(db.pool, { userId, role: 'vitalis_worker' }, (client) => writeBatch(client, userId, older), true);
  expect(counts.daily).toEqual({ inserted: 0, updated: 0, skipped: 3 });
  const { rows } = await db.pool.query(`select readiness_score from vitalis.wearable_daily where user_id = $1 order by date`, [userId]);
  expect(rows.map((r) => r.readiness_score)).toEqual([82, 76, 88]);
});

describe('naps across syncs', () => {
  const docs = () => JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'providers', 'oura', 'sleep.json'), 'utf8')) as { data: Record<string, unknown>[] };
  const scores = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'providers', 'oura', 'daily_sleep.json'), 'utf8')) as unknown;
  const writeSleep = (userId: string, periods: Record<string, unknown>[]) =>
    asRequest(db.pool, { userId, role: 'vitalis_worker' }, (client) => writeBatch(client, userId, { ...emptyBatch(), sleep: mapSleep({ data: periods }, scores).sleep.filter((s) => s.sleep_date === '2024-10-27') }), true);
  const day27 = async (userId: string) =>
    (await db.pool.query(`select total_sleep_minutes, nap_minutes, nap_count, raw_data->'naps' as naps from vitalis.wearable_sleep where user_id = $1 and sleep_date = '2024-10-27'`, [userId])).rows[0];

  test('a nap synced after its night adds to the day, a re-sync is a no-op, a nap deleted at Oura leaves the day', async () => {
    const userId = await createUser(db.pool);
    const all = docs().data.filter((p) => p.day === '2024-10-27');
    // The morning sync: the night only.
    expect((await writeSleep(userId, all.filter((p) => p.id !== 'sl-27-nap'))).sleep).toEqual({ inserted: 1, updated: 0, skipped: 0 });
    expect(await day27(userId)).toEqual({ total_sleep_minutes: 450, nap_minutes: 0, nap_count: 0, naps: [] });
    // The evening sync (or the webhook's re-fetch) sees the nap too.
    expect((await writeSleep(userId, all)).sleep).toEqual({ inserted: 0, updated: 1, skipped: 0 });
    expect(await day27(userId)).toMatchObject({ total_sleep_minutes: 450, nap_minutes: 35, nap_count: 1, naps: [expect.objectContaining({ id: 'sl-27-nap', minutes: 35 })] });
    expect((await writeSleep(userId, all)).sleep).toEqual({ inserted: 0, updated: 0, skipped: 1 });
    // The user deletes the nap in the Oura app: the period comes back as type deleted.
    const deleted = all.map((p) => (p.id === 'sl-27-nap' ? { ...p, type: 'deleted', meta: { updated_at: '2024-10-28T09:00:00+00:00' } } : p));
    expect((await writeSleep(userId, deleted)).sleep).toEqual({ inserted: 0, updated: 1, skipped: 0 });
    expect(await day27(userId)).toEqual({ total_sleep_minutes: 450, nap_minutes: 0, nap_count: 0, naps: [] });
  });

  test("today's nap shows on the dashboard next to the night", async () => {
    const userId = await createUser(db.pool);
    const [{ today }] = (await db.pool.query(`select (now() at time zone 'UTC')::date::text as today`)).rows;
    const shift = Date.parse(`${today}T00:00:00Z`) - Date.parse('2024-10-27T00:00:00Z');
    const moved = (s: unknown) => new Date(Date.parse(s as string) + shift).toISOString();
    const periods = docs()
      .data.filter((p) => p.day === '2024-10-27')
      .map((p) => ({ ...p, day: today, bedtime_start: moved(p.bedtime_start), bedtime_end: moved(p.bedtime_end), meta: null }));
    const batch = { ...emptyBatch(), sleep: mapSleep({ data: periods }, { data: [] }).sleep };
    await asRequest(db.pool, { userId, role: 'vitalis_worker' }, (client) => writeBatch(client, userId, batch), true);
    const [day] = await asRequest(db.pool, { userId }, async (c) => (await c.query(`select total_sleep_minutes, total_sleep_minutes_source::text, nap_minutes, nap_minutes_source::text from vitalis.dashboard(1)`)).rows);
    expect(day).toEqual({ total_sleep_minutes: 450, total_sleep_minutes_source: 'oura', nap_minutes: 35, nap_minutes_source: 'oura' });
  });
});
