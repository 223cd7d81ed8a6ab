import { toSyncWindow } from '../../src/providers/engine/windows';
import { writeBatch } from '../../src/providers/engine/writeBatch';
import { withingsAdapter } from '../../src/providers/withings';
import { inProcessHttp } from '../fakeProviders/inProcess';
import { withingsFake } from '../fakeProviders/withings';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

// That a re-run changes nothing is checked for every provider in syncIdempotence.test.ts.
test('a Withings window lands in the wearable tables and measurements as these rows', async () => {
  const userId = await createUser(db.pool);
  const batch = await withingsAdapter.fetchWindow(inProcessHttp(withingsFake), toSyncWindow(new Date('2024-03-10T00:00:00Z'), new Date('2024-03-13T00:00:00Z')));
  const write = () => asRequest(db.pool, { userId, role: 'vitalis_worker' }, (client) => writeBatch(client, userId, batch), true);

  await write();

  const { rows: m } = await db.pool.query(
    `select metric::text, value::float8 as value, unit from vitalis.measurements where user_id = $1 and measured_at = '2024-03-10T06:05:00Z' and metric in ('weight', 'body_fat_pct', 'body_water_pct') order by metric`,
    [userId],
  );
  expect(m).toEqual([
    { metric: 'body_fat_pct', value: 19.53, unit: '%' },
    { metric: 'body_water_pct', value: 56.7, unit: '%' },
    { metric: 'weight', value: 72.345, unit: 'kg' },
  ]);
  const { rows: daily } = await db.pool.query(`select date::text, steps, source_updated_at from vitalis.wearable_daily where user_id = $1 and date = '2024-03-10'`, [userId]);
  expect(daily).toEqual([{ date: '2024-03-10', steps: 10234, source_updated_at: new Date('2024-03-10T22:10:00Z') }]);
  const { rows: sleep } = await db.pool.query(`select sleep_date::text, sleep_efficiency_pct::float8 as eff, source_updated_at from vitalis.wearable_sleep where user_id = $1 order by sleep_date`, [userId]);
  expect(sleep).toEqual([
    { sleep_date: '2024-03-10', eff: 94, source_updated_at: new Date('2024-03-10T06:00:00Z') },
    { sleep_date: '2024-03-11', eff: 91, source_updated_at: new Date('2024-03-11T06:00:00Z') },
  ]);
});
