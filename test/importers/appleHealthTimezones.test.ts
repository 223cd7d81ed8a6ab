import path from 'node:path';
import { importAppleHealth } from '../../src/importers/appleHealth';
import { createUser, useTestDatabase } from '../helpers/db';

// Apple Health dates carry the phone's UTC offset: an import teaches the user's zone history
// where they were (a learned range where the offset differs from their zone), and a zone the
// user set for those days is never overridden.

const TRAVEL = path.join(__dirname, '..', 'fixtures', 'apple-health', 'travel.xml');
const db = useTestDatabase();

async function zones(userId: string) {
  const { rows } = await db.pool.query(
    `select timezone, source, utc_offset_minutes as offset, valid_from, valid_to from vitalis.user_timezones where user_id = $1 order by valid_from`,
    [userId],
  );
  return rows;
}

test('an import learns the trip from the offsets, and a re-import changes nothing', async () => {
  const userId = await createUser(db.pool);
  await db.pool.query(`update vitalis.user_preferences set timezone = 'Europe/Berlin' where user_id = $1`, [userId]);
  const trip = [{ timezone: 'Etc/GMT+5', source: 'learned', offset: -300, valid_from: new Date('2024-01-10T13:00:00Z'), valid_to: new Date('2024-01-14T09:00:00Z') }];
  await importAppleHealth(db.pool, { userId, path: TRAVEL });
  expect(await zones(userId)).toEqual(trip);
  const { rows } = await db.pool.query(`select vitalis.timezone_at('2024-01-12T12:00:00Z', $1) as z`, [userId]);
  expect(rows[0].z).toBe('Etc/GMT+5');
  await importAppleHealth(db.pool, { userId, path: TRAVEL });
  expect(await zones(userId)).toEqual(trip);
});

test('a user whose zone history already says New York for those days learns nothing', async () => {
  const userId = await createUser(db.pool);
  await db.pool.query(`update vitalis.user_preferences set timezone = 'Europe/Berlin' where user_id = $1`, [userId]);
  await db.pool.query(
    `insert into vitalis.user_timezones (user_id, timezone, valid_from, valid_to, source) values ($1, 'America/New_York', '2024-01-10T00:00:00Z', '2024-01-14T00:00:00Z', 'user')`,
    [userId],
  );
  await importAppleHealth(db.pool, { userId, path: TRAVEL });
  expect((await zones(userId)).map((z) => `${z.source} ${z.timezone}`)).toEqual(['user America/New_York']);
});
