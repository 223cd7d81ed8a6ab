import type { PoolClient } from 'pg';
import { asRequest, createUser, pgError, useTestDatabase } from '../helpers/db';

// The time-zone history: ranges per user that never overlap, set_timezone closing the range in
// force, timezone_at at range boundaries and across DST, and learned offsets that fill gaps but
// never override a zone the user (or a client app) set.

const db = useTestDatabase();

const asUser = <T>(userId: string, fn: (c: PoolClient) => Promise<T>) => asRequest(db.pool, { userId }, fn, true);
const ranges = async (userId: string) =>
  (
    await db.pool.query(
      `select timezone, source, utc_offset_minutes as "offset", to_char(valid_from at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as "from",
              to_char(valid_to at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as "to"
         from vitalis.user_timezones where user_id = $1 order by valid_from`,
      [userId],
    )
  ).rows;
const zoneAt = async (userId: string, at: string) => (await asUser(userId, (c) => c.query('select vitalis.timezone_at($1) as z', [at]))).rows[0].z as string;
const setZone = (userId: string, zone: string, from: string, source = 'user') => asUser(userId, (c) => c.query('select * from vitalis.set_timezone($1, $2, $3)', [zone, from, source]));
const learn = async (userId: string, obs: { local: string; offset_minutes: number; duration_minutes?: number }[]) =>
  (await asRequest(db.pool, { userId, role: 'vitalis_worker' }, (c) => c.query('select vitalis_private.learn_timezone_offsets($1::jsonb) as n', [JSON.stringify(obs)]), true)).rows[0].n as number;

test('without ranges the zone is the preference, and UTC without preferences', async () => {
  const user = await createUser(db.pool);
  expect(await zoneAt(user, '2024-01-01T00:00:00Z')).toBe('UTC');
  await db.pool.query(`update vitalis.user_preferences set timezone = 'Europe/Berlin' where user_id = $1`, [user]);
  expect(await zoneAt(user, '2024-01-01T00:00:00Z')).toBe('Europe/Berlin');
});

test('set_timezone closes the open range, opens a new one, and the preference follows the current one', async () => {
  const user = await createUser(db.pool);
  await setZone(user, 'Europe/Berlin', '2024-01-01T00:00:00Z');
  await setZone(user, 'America/New_York', '2024-03-01T12:00:00Z');
  expect(await ranges(user)).toEqual([
    { timezone: 'Europe/Berlin', source: 'user', offset: null, from: '2024-01-01T00:00:00', to: '2024-03-01T12:00:00' },
    { timezone: 'America/New_York', source: 'user', offset: null, from: '2024-03-01T12:00:00', to: null },
  ]);
  const prefs = await db.pool.query('select timezone from vitalis.user_preferences where user_id = $1', [user]);
  expect(prefs.rows[0].timezone).toBe('America/New_York');

  // Boundaries: valid_from is inclusive, valid_to exclusive.
  expect(await zoneAt(user, '2024-03-01T11:59:59.999Z')).toBe('Europe/Berlin');
  expect(await zoneAt(user, '2024-03-01T12:00:00Z')).toBe('America/New_York');
  // Before the first range: the preference (now New York).
  expect(await zoneAt(user, '2023-12-31T23:59:59Z')).toBe('America/New_York');

  // The same zone again is no change; a zone set in the past is inserted up to the next range.
  await setZone(user, 'America/New_York', '2024-05-01T00:00:00Z');
  await setZone(user, 'Asia/Tokyo', '2024-02-01T00:00:00Z', 'client');
  expect(await ranges(user)).toEqual([
    { timezone: 'Europe/Berlin', source: 'user', offset: null, from: '2024-01-01T00:00:00', to: '2024-02-01T00:00:00' },
    { timezone: 'Asia/Tokyo', source: 'client', offset: null, from: '2024-02-01T00:00:00', to: '2024-03-01T12:00:00' },
    { timezone: 'America/New_York', source: 'user', offset: null, from: '2024-03-01T12:00:00', to: null },
  ]);
  const after = await db.pool.query('select timezone from vitalis.user_preferences where user_id = $1', [user]);
  expect(after.rows[0].timezone).toBe('America/New_York');
});

test('set_timezone refuses unknown zones, POSIX offsets and bad sources, naming the field', async () => {
  const user = await createUser(db.pool);
  for (const [zone, source, column] of [
    ['Mars/Olympus', 'user', 'timezone'],
    ['UTC+5', 'user', 'timezone'],
    ['+05:30', 'user', 'timezone'],
    ['Europe/Paris', 'learned', 'source'],
  ] as const) {
    const error = await asRequest(db.pool, { userId: user }, (c) => pgError(c, () => c.query('select vitalis.set_timezone($1, now(), $2)', [zone, source])));
    expect({ zone, code: error?.code, column: error?.column }).toEqual({ zone, code: '23514', column });
  }
});

test('ranges of one user never overlap, even written directly', async () => {
  const user = await createUser(db.pool);
  await setZone(user, 'Europe/Paris', '2024-01-01T00:00:00Z');
  const error = await asRequest(db.pool, { userId: user, role: 'vitalis_worker' }, (c) =>
    pgError(c, () => c.query(`insert into vitalis.user_timezones (timezone, valid_from, valid_to, source) values ('Asia/Tokyo', '2023-06-01', '2024-01-02', 'user')`)),
  );
  expect(error?.constraint).toBe('user_timezones_no_overlap');
  // Another user's ranges are theirs.
  const other = await createUser(db.pool);
  await setZone(other, 'Asia/Tokyo', '2024-01-01T00:00:00Z');
  expect(await zoneAt(other, '2024-06-01T00:00:00Z')).toBe('Asia/Tokyo');
  expect(await zoneAt(user, '2024-06-01T00:00:00Z')).toBe('Europe/Paris');
});

test('clients cannot write the table directly, only through set_timezone', async () => {
  const user = await createUser(db.pool);
  const error = await asRequest(db.pool, { userId: user }, (c) => pgError(c, () => c.query(`insert into vitalis.user_timezones (timezone) values ('Asia/Tokyo')`)));
  expect(error?.code).toBe('42501');
});

test('a local time is placed by the zone in force, across DST', async () => {
  const user = await createUser(db.pool);
  await setZone(user, 'America/New_York', '2024-01-01T00:00:00Z');
  const { rows } = await asUser(user, (c) =>
    c.query(`select vitalis.timezone_at(x) as zone, (to_char(x at time zone vitalis.timezone_at(x), 'HH24:MI')) as local
               from unnest(array['2024-03-10T06:59:00Z', '2024-03-10T07:00:00Z', '2024-11-03T05:59:00Z', '2024-11-03T06:00:00Z']::timestamptz[]) x`),
  );
  // 01:59 EST, then 03:00 EDT; 01:59 EDT, then 01:00 EST.
  expect(rows.map((r) => r.local)).toEqual(['01:59', '03:00', '01:59', '01:00']);
});

test('learned offsets fill gaps with a fixed-offset zone but never override user-set ranges', async () => {
  const user = await createUser(db.pool);
  await db.pool.query(`update vitalis.user_preferences set timezone = 'Europe/Berlin' where user_id = $1`, [user]);
  await setZone(user, 'Europe/Berlin', '2024-06-01T00:00:00Z');
  // Home (+01:00 in January, agrees), a trip to New York (-05:00), home again; then after
  // 2024-06-01 the user set Berlin, so a -04:00 observation there is not learned.
  const written = await learn(user, [
    { local: '2024-01-01T08:00:00', offset_minutes: 60 },
    { local: '2024-01-10T08:00:00', offset_minutes: -300 },
    { local: '2024-01-12T20:00:00', offset_minutes: -300 },
    { local: '2024-01-15T09:00:00', offset_minutes: 60 },
    { local: '2024-05-31T22:00:00', offset_minutes: -240, duration_minutes: 24 * 60 },
  ]);
  expect(await ranges(user)).toEqual([
    { timezone: 'Etc/GMT+5', source: 'learned', offset: -300, from: '2024-01-10T13:00:00', to: '2024-01-15T08:00:00' },
    { timezone: 'Europe/Berlin', source: 'user', offset: null, from: '2024-06-01T00:00:00', to: null },
  ]);
  expect(written).toBe(1);
  expect(await zoneAt(user, '2024-01-11T00:00:00Z')).toBe('Etc/GMT+5');
  expect(await zoneAt(user, '2024-01-20T00:00:00Z')).toBe('Europe/Berlin');

  // Learning the same again changes nothing; a user-set range over the trip replaces what was learned.
  await learn(user, [
    { local: '2024-01-10T08:00:00', offset_minutes: -300 },
    { local: '2024-01-12T20:00:00', offset_minutes: -300 },
    { local: '2024-01-15T09:00:00', offset_minutes: 60 },
  ]);
  expect((await ranges(user)).filter((r) => r.source === 'learned')).toEqual([
    { timezone: 'Etc/GMT+5', source: 'learned', offset: -300, from: '2024-01-10T13:00:00', to: '2024-01-15T08:00:00' },
  ]);
  await setZone(user, 'America/Chicago', '2024-01-12T00:00:00Z');
  expect(await ranges(user)).toEqual([
    { timezone: 'Etc/GMT+5', source: 'learned', offset: -300, from: '2024-01-10T13:00:00', to: '2024-01-12T00:00:00' },
    { timezone: 'America/Chicago', source: 'user', offset: null, from: '2024-01-12T00:00:00', to: '2024-06-01T00:00:00' },
    { timezone: 'Europe/Berlin', source: 'user', offset: null, from: '2024-06-01T00:00:00', to: null },
  ]);
  // Learning again over a user-set range leaves it alone.
  await learn(user, [{ local: '2024-02-01T08:00:00', offset_minutes: 540, duration_minutes: 600 }]);
  expect((await ranges(user)).map((r) => r.timezone)).toEqual(['Etc/GMT+5', 'America/Chicago', 'Europe/Berlin']);
});

test('a learned offset that is not whole hours becomes a real zone with that fixed offset', async () => {
  const user = await createUser(db.pool);
  await learn(user, [{ local: '2024-02-01T08:00:00', offset_minutes: 330, duration_minutes: 600 }]);
  const learned = await ranges(user);
  expect(learned).toEqual([{ timezone: 'Asia/Kolkata', source: 'learned', offset: 330, from: '2024-02-01T02:30:00', to: '2024-02-01T12:30:00' }]);
});

test('learning what was already learned writes nothing (no audit rows either)', async () => {
  const user = await createUser(db.pool);
  const trip = [
    { local: '2024-03-01T08:00:00', offset_minutes: 60 },
    { local: '2024-03-05T08:00:00', offset_minutes: 540 },
    { local: '2024-03-09T08:00:00', offset_minutes: 540 },
    { local: '2024-03-12T08:00:00', offset_minutes: 60 },
  ];
  await db.pool.query(`update vitalis.user_preferences set timezone = 'Europe/Berlin' where user_id = $1`, [user]);
  expect(await learn(user, trip)).toBe(1);
  const audit = async () => (await db.pool.query(`select count(*)::int as n from vitalis.audit_log where table_name = 'user_timezones' and user_id = $1`, [user])).rows[0].n as number;
  const before = await audit();
  expect(before).toBeGreaterThan(0);
  expect(await learn(user, trip)).toBe(0);
  expect(await audit()).toBe(before);
  expect((await ranges(user)).map((r) => `${r.timezone} ${r.from} ${r.to}`)).toEqual(['Etc/GMT-9 2024-03-04T23:00:00 2024-03-12T07:00:00']);
});
