import { writeBatch } from '../../src/providers/engine/writeBatch';
import { garminAdapter } from '../../src/providers/garmin';
import { garminObservedOffsets } from '../../src/providers/garmin/offsets';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';

// Garmin summaries carry the device's UTC offset (startTimeOffsetInSeconds): a pushed batch
// teaches the user's zone history where they were, without overriding a zone they set.

const db = useTestDatabase();

const day = (calendarDate: string, startUtc: string, offsetSeconds: number) => ({
  userId: 'garmin-user-1',
  summaryId: `d-${calendarDate}`,
  calendarDate,
  startTimeInSeconds: Date.parse(startUtc) / 1000,
  startTimeOffsetInSeconds: offsetSeconds,
  durationInSeconds: 86400,
  steps: 9000,
});
// Berlin (UTC+2 in June), two days in New York (UTC-4), Berlin again.
const dailies = [day('2024-06-08', '2024-06-07T22:00:00Z', 7200), day('2024-06-10', '2024-06-10T04:00:00Z', -14400), day('2024-06-11', '2024-06-11T04:00:00Z', -14400), day('2024-06-13', '2024-06-12T22:00:00Z', 7200)];

async function push(userId: string) {
  const body = { dailies };
  const [event] = garminAdapter.parseWebhook!({ headers: {}, query: {}, rawBody: Buffer.from(JSON.stringify(body)), body });
  await asRequest(db.pool, { userId, role: 'vitalis_worker' }, (c) => writeBatch(c, userId, event!.batch!), true);
  const { rows } = await db.pool.query(
    `select timezone, source, utc_offset_minutes as offset, valid_from, valid_to from vitalis.user_timezones where user_id = $1 order by valid_from`,
    [userId],
  );
  return rows;
}

test('each summary is an observation of its local start, offset and length', () => {
  expect(garminObservedOffsets(dailies.slice(1, 2))).toEqual([{ local: '2024-06-10T00:00:00', offset_minutes: -240, duration_minutes: 1440 }]);
  expect(garminObservedOffsets([{ startTimeInSeconds: 1, startTimeOffsetInSeconds: 99 }, { calendarDate: '2024-01-01' }, null])).toEqual([]);
});

test('a pushed batch teaches the trip as a learned range', async () => {
  const userId = await createUser(db.pool);
  await db.pool.query(`update vitalis.user_preferences set timezone = 'Europe/Berlin' where user_id = $1`, [userId]);
  expect(await push(userId)).toEqual([
    { timezone: 'Etc/GMT+4', source: 'learned', offset: -240, valid_from: new Date('2024-06-10T04:00:00Z'), valid_to: new Date('2024-06-12T22:00:00Z') },
  ]);
  // The same push again learns nothing new.
  expect(await push(userId)).toHaveLength(1);
});

test('a zone the user set for those days wins over what Garmin says', async () => {
  const userId = await createUser(db.pool);
  await asRequest(db.pool, { userId }, (c) => c.query(`select vitalis.set_timezone('Europe/Berlin', '2024-06-01T00:00:00Z')`), true);
  expect((await push(userId)).map((r) => r.source)).toEqual(['user']);
});
