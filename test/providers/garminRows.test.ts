import fs from 'node:fs';
import path from 'node:path';
import { garminAdapter } from '../../src/providers/garmin';
import { addGarminSummaries, type GarminType } from '../../src/providers/garmin/fetch';
import { mergeGarminBatch } from '../../src/providers/garmin/merge';
import { toSyncWindow } from '../../src/providers/engine/windows';
import { writeBatch } from '../../src/providers/engine/writeBatch';
import { emptyBatch, type SyncBatch } from '../../src/providers/types';
import { garminFake } from '../fakeProviders/garmin';
import { inProcessHttp } from '../fakeProviders/inProcess';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'providers', 'garmin', `${name}.json`), 'utf8')) as Record<string, unknown>[];
const write = (userId: string, batch: SyncBatch) => asRequest(db.pool, { userId, role: 'vitalis_worker' }, (client) => writeBatch(client, userId, batch), true);
/** A batch of one summary type, as one push or one pull of that type gives it. */
function batchOf(type: GarminType, json: unknown): SyncBatch {
  const batch = emptyBatch();
  addGarminSummaries(batch, type, json);
  return mergeGarminBatch(batch);
}

// That a re-run changes nothing is checked for every provider in syncIdempotence.test.ts.
test('a Garmin window lands in the wearable tables and measurements as these rows', async () => {
  const userId = await createUser(db.pool);
  const batch = await garminAdapter.fetchWindow(inProcessHttp(garminFake), toSyncWindow(new Date('2024-03-09T00:00:00Z'), new Date('2024-03-12T00:00:00Z')));

  await write(userId, batch);

  const { rows: daily } = await db.pool.query(
    `select date::text, steps, total_calories_kcal, moderate_intensity_minutes, stress_avg, hrv_rmssd_ms::float8, spo2_avg_pct::float8, spo2_min_pct::float8,
            respiratory_rate_avg::float8, body_battery_start, body_battery_end, source::text, source_updated_at
       from vitalis.wearable_daily where user_id = $1 order by date`,
    [userId],
  );
  expect(daily).toEqual([
    { date: '2024-03-10', steps: 11234, total_calories_kcal: 2332, moderate_intensity_minutes: 31, stress_avg: 31, hrv_rmssd_ms: 48, spo2_avg_pct: 95.3, spo2_min_pct: 93, respiratory_rate_avg: 14.6, body_battery_start: 42, body_battery_end: 38, source: 'garmin', source_updated_at: null },
    // dailies gave no stress level (-1): the stress details mean fills it.
    { date: '2024-03-11', steps: 6021, total_calories_kcal: 2019, moderate_intensity_minutes: 10, stress_avg: 25, hrv_rmssd_ms: null, spo2_avg_pct: null, spo2_min_pct: null, respiratory_rate_avg: null, body_battery_start: 60, body_battery_end: 58, source: 'garmin', source_updated_at: null },
  ]);
  const { rows: sleep } = await db.pool.query(`select sleep_date::text, total_sleep_minutes, sleep_score, avg_hrv_ms::float8, jsonb_array_length(hypnogram) as stages, jsonb_array_length(raw_data->'naps') as naps, nap_minutes, nap_count from vitalis.wearable_sleep where user_id = $1`, [userId]);
  expect(sleep).toEqual([{ sleep_date: '2024-03-10', total_sleep_minutes: 425, sleep_score: 82, avg_hrv_ms: 48, stages: 5, naps: 2, nap_minutes: 80, nap_count: 2 }]);
  const { rows: weight } = await db.pool.query(`select value::float8 as value, unit from vitalis.measurements where user_id = $1 and metric = 'weight'`, [userId]);
  expect(weight).toEqual([{ value: 81.234, unit: 'kg' }]);
});

test('a dailies-only batch, then an hrv-only batch of the same day: the row keeps both; re-running both changes nothing', async () => {
  const userId = await createUser(db.pool);
  const dailies = batchOf('dailies', [fixture('dailies')[0]]);
  const hrv = batchOf('hrv', fixture('hrv'));
  expect(hrv.daily[0]).not.toHaveProperty('steps');

  expect((await write(userId, dailies)).daily).toEqual({ inserted: 1, updated: 0, skipped: 0 });
  expect(await write(userId, hrv)).toMatchObject({ daily: { inserted: 0, updated: 1, skipped: 0 }, sleep: { inserted: 1, updated: 0, skipped: 0 } });

  const row = async () =>
    (await db.pool.query(`select steps, stress_avg, hrv_rmssd_ms::float8, raw_data->>'steps' as raw_steps, raw_data->'hrv'->>'lastNightAvg' as raw_hrv from vitalis.wearable_daily where user_id = $1 and date = '2024-03-10'`, [userId])).rows;
  expect(await row()).toEqual([{ steps: 11234, stress_avg: 31, hrv_rmssd_ms: 48, raw_steps: '11234', raw_hrv: '48' }]);

  expect((await write(userId, dailies)).daily).toEqual({ inserted: 0, updated: 0, skipped: 1 });
  expect(await write(userId, hrv)).toMatchObject({ daily: { inserted: 0, updated: 0, skipped: 1 }, sleep: { inserted: 0, updated: 0, skipped: 1 } });
  expect(await row()).toEqual([{ steps: 11234, stress_avg: 31, hrv_rmssd_ms: 48, raw_steps: '11234', raw_hrv: '48' }]);

  // The night's sleeps summary arriving after its HRV fills the rest of the sleep row.
  expect((await write(userId, batchOf('sleeps', fixture('sleeps')))).sleep).toEqual({ inserted: 0, updated: 1, skipped: 0 });
  const { rows: night } = await db.pool.query(`select total_sleep_minutes, avg_hrv_ms::float8 from vitalis.wearable_sleep where user_id = $1`, [userId]);
  expect(night).toEqual([{ total_sleep_minutes: 425, avg_hrv_ms: 48 }]);
});

test('a multisport parent stored as an activity of its own before parents were told apart is deleted when its legs arrive, and the deletion is named', async () => {
  const userId = await createUser(db.pool);
  const [parent, ...legs] = fixture('activities-multisport');
  // What an earlier version stored: the parent, unflagged, as the only summary of its answer.
  await write(userId, batchOf('activities', [{ ...parent, isParent: undefined }]));
  const stored = async () =>
    (await db.pool.query(`select source_activity_id from vitalis.wearable_activities where user_id = $1 order by source_activity_id`, [userId])).rows.map((r) => r.source_activity_id as string);
  expect(await stored()).toEqual(['44455566600']);

  const batch = batchOf('activities', [parent, ...legs]);
  expect(batch.supersededActivities).toEqual([{ source: 'garmin', source_activity_id: '44455566600' }]);
  await write(userId, batch);
  expect(await stored()).toEqual(['44455566601', '44455566602', '44455566603', '44455566604', '44455566605']);
  expect(batch.warnings).toContain('garmin activity 44455566600: stored earlier as an activity of its own, now known to be a multisport parent whose legs are stored; deleted');

  // Again: nothing left to delete, nothing named.
  const again = batchOf('activities', [parent, ...legs]);
  await write(userId, again);
  expect(again.warnings.filter((w) => w.endsWith('; deleted'))).toEqual([]);
  expect(await stored()).toHaveLength(5);
});
