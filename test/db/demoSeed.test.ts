import { seedDemo } from '../../seeds/demo';
import { asRequest, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

test('the demo seed writes a user\'s data through RLS and runs only once', async () => {
  const first = await seedDemo(db.url, 40);
  expect(first.created).toBe(true);
  const counts = await asRequest(db.pool, { userId: first.userId }, async (c) => (await c.query(`
    select (select count(*) from vitalis.wearable_daily)::int as daily, (select count(*) from vitalis.wearable_sleep)::int as sleep,
           (select count(*) from vitalis.blood_markers where value_canonical is not null)::int as markers,
           (select count(*) from vitalis.mood_journal)::int as moods`)).rows[0]);
  expect(counts).toEqual({ daily: 80, sleep: 40, markers: 6, moods: 31 });
  // Yesterday's resting heart rate crossed the demo goal's threshold: one alert, in words.
  const alerts = await asRequest(db.pool, { userId: first.userId }, async (c) => (await c.query(`select side, message from vitalis.goal_alerts`)).rows);
  expect(alerts).toEqual([{ side: 'high', message: 'Resting heart rate 68 bpm is above your alert threshold of 65 bpm' }]);
  const second = await seedDemo(db.url, 40);
  expect(second).toEqual({ userId: first.userId, created: false });
});
