import { toSyncWindow } from '../../src/providers/engine/windows';
import { writeBatch } from '../../src/providers/engine/writeBatch';
import { fitbitAdapter } from '../../src/providers/fitbit';
import { fitbitFake } from '../fakeProviders/fitbit';
import { inProcessHttp } from '../fakeProviders/inProcess';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

// That a re-run changes nothing is checked for every provider in syncIdempotence.test.ts.
test('a Fitbit window lands in the wearable tables as these rows', async () => {
  const userId = await createUser(db.pool);
  const batch = await fitbitAdapter.fetchWindow(inProcessHttp(fitbitFake), toSyncWindow(new Date('2024-03-09T00:00:00Z'), new Date('2024-04-21T00:00:00Z')));
  const write = () => asRequest(db.pool, { userId, role: 'vitalis_worker' }, (client) => writeBatch(client, userId, batch), true);

  await write();

  const { rows: daily } = await db.pool.query(`select date::text, steps, distance_m, hrv_rmssd_ms::float8 as hrv, spo2_avg_pct::float8 as spo2 from vitalis.wearable_daily where user_id = $1 and date = '2024-03-10'`, [userId]);
  expect(daily).toEqual([{ date: '2024-03-10', steps: 13450, distance_m: 10120, hrv: 47.03, spo2: 96.2 }]);
  const { rows: sleep } = await db.pool.query(`select sleep_date::text, sleep_start, deep_minutes, avg_hrv_ms::float8 as hrv, total_sleep_minutes, nap_minutes, nap_count from vitalis.wearable_sleep where user_id = $1 order by sleep_date`, [userId]);
  expect(sleep).toEqual([
    { sleep_date: '2024-03-10', sleep_start: new Date('2024-03-09T22:30:00Z'), deep_minutes: 90, hrv: 47.03, total_sleep_minutes: 360, nap_minutes: 49, nap_count: 1 },
    { sleep_date: '2024-03-11', sleep_start: new Date('2024-03-10T23:00:00Z'), deep_minutes: null, hrv: null, total_sleep_minutes: 400, nap_minutes: 0, nap_count: 0 },
  ]);
  const { rows: acts } = await db.pool.query(`select source_activity_id, source_updated_at from vitalis.wearable_activities where user_id = $1 and source_activity_id = '700001'`, [userId]);
  expect(acts).toEqual([{ source_activity_id: '700001', source_updated_at: new Date('2024-03-09T09:01:12Z') }]);
});
