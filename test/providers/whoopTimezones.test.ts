import { writeBatch } from '../../src/providers/engine/writeBatch';
import { whoopFetchWindow } from '../../src/providers/whoop';
import { whoopObservedOffsets } from '../../src/providers/whoop/offsets';
import { inProcessHttp } from '../fakeProviders/inProcess';
import { whoopFake } from '../fakeProviders/whoop';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';

// WHOOP records carry the phone's UTC offset (timezone_offset): a synced window teaches the user's
// zone history where they were, and agrees with a zone that explains the offsets (DST included).

const db = useTestDatabase();

const http = inProcessHttp(whoopFake);
const window = { start: new Date('2024-11-02T00:00:00Z'), end: new Date('2024-11-05T00:00:00Z'), startDate: '2024-11-02', endDate: '2024-11-04' };

async function syncAs(zone: string) {
  const userId = await createUser(db.pool);
  await db.pool.query(`update vitalis.user_preferences set timezone = $2 where user_id = $1`, [userId, zone]);
  const batch = await whoopFetchWindow(http, window, new Date('2024-11-05T06:00:00Z'));
  await asRequest(db.pool, { userId, role: 'vitalis_worker' }, (c) => writeBatch(c, userId, batch), true);
  const { rows } = await db.pool.query(`select timezone, source, utc_offset_minutes as offset from vitalis.user_timezones where user_id = $1 order by valid_from`, [userId]);
  return rows;
}

test('each record is an observation of its local start, offset and length; malformed ones are ignored', () => {
  expect(whoopObservedOffsets([{ start: '2024-11-02T03:00:00.000Z', end: '2024-11-02T10:00:00.000Z', timezone_offset: '-04:00' }])).toEqual([
    { local: '2024-11-01T23:00:00', offset_minutes: -240, duration_minutes: 420 },
  ]);
  expect(whoopObservedOffsets([{ start: 'yesterday', timezone_offset: '-04:00' }, { start: '2024-11-02T03:00:00Z', timezone_offset: 'EST' }, null])).toEqual([]);
});

test('offsets that the configured zone explains (New York across its DST change) learn nothing', async () => {
  expect(await syncAs('America/New_York')).toEqual([]);
});

test('offsets a zone does not explain become learned ranges', async () => {
  const learned = await syncAs('Europe/Berlin');
  expect(learned.length).toBeGreaterThan(0);
  expect(learned.every((r) => r.source === 'learned' && [-240, -300].includes(r.offset))).toBe(true);
});
