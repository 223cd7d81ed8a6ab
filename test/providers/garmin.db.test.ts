import { garminAdapter } from '../../src/providers/garmin';
import { toSyncWindow } from '../../src/providers/engine/windows';
import { writeBatch } from '../../src/providers/engine/writeBatch';
import { garminFake } from '../fakeProviders/garmin';
import { inProcessHttp } from '../fakeProviders/inProcess';
import { asRequest, createTestDatabase, createUser, type TestDatabase } from '../helpers/db';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

test('a Garmin sync writes through the real upserts and a re-run changes nothing', async () => {
  const userId = await createUser(db.pool);
  const batch = await garminAdapter.fetchWindow(inProcessHttp(garminFake), toSyncWindow(new Date('2024-03-09T00:00:00Z'), new Date('2024-03-12T00:00:00Z')));
  const write = () => asRequest(db.pool, { userId }, (client) => writeBatch(client, userId, batch), true);

  const first = await write();
  expect(first.daily).toEqual({ inserted: 2, updated: 0, skipped: 0 });
  expect(first.sleep).toEqual({ inserted: 1, updated: 0, skipped: 0 });
  expect(first.activities).toEqual({ inserted: 2, updated: 0, skipped: 0 });
  expect(first.measurements).toEqual({ inserted: 6, updated: 0, skipped: 0 });

  const { rows: daily } = await db.pool.query(`select date::text, steps, total_calories_kcal, moderate_intensity_minutes, stress_avg, source::text, source_updated_at from vitalis.wearable_daily where user_id = $1 order by date`, [userId]);
  expect(daily).toEqual([
    { date: '2024-03-10', steps: 11234, total_calories_kcal: 2332, moderate_intensity_minutes: 31, stress_avg: 31, source: 'garmin', source_updated_at: null },
    { date: '2024-03-11', steps: 6021, total_calories_kcal: 2019, moderate_intensity_minutes: 10, stress_avg: null, source: 'garmin', source_updated_at: null },
  ]);
  const { rows: sleep } = await db.pool.query(`select sleep_date::text, total_sleep_minutes, sleep_score, jsonb_array_length(hypnogram) as stages, jsonb_array_length(raw_data->'naps') as naps from vitalis.wearable_sleep where user_id = $1`, [userId]);
  expect(sleep).toEqual([{ sleep_date: '2024-03-10', total_sleep_minutes: 425, sleep_score: 82, stages: 5, naps: 1 }]);
  const { rows: weight } = await db.pool.query(`select value::float8 as value, unit from vitalis.measurements where user_id = $1 and metric = 'weight'`, [userId]);
  expect(weight).toEqual([{ value: 81.234, unit: 'kg' }]);

  const again = await write();
  expect(again.daily).toEqual({ inserted: 0, updated: 0, skipped: 2 });
  expect(again.sleep).toEqual({ inserted: 0, updated: 0, skipped: 1 });
  expect(again.activities).toEqual({ inserted: 0, updated: 0, skipped: 2 });
  expect(again.measurements).toEqual({ inserted: 0, updated: 0, skipped: 6 });
});
