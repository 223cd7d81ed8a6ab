import { compressObservations, fixedOffset, loadTimeZoneHistory, wallClockMs, zonedToUtcMs } from '../../src/time/localTime';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';

// The TypeScript twin of the time-zone history must read it exactly as SQL does: the zone at an
// instant (vitalis.timezone_at) and a wall-clock time's instant (timestamp AT TIME ZONE), DST
// gaps and repeated hours included.

const db = useTestDatabase();

const ZONES = ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Etc/GMT+5', 'UTC'];
// DST changes of 2024 in those zones, and an ordinary day.
const DAYS = ['2024-03-10', '2024-11-03', '2024-03-31', '2024-10-27', '2024-04-07', '2024-10-06', '2024-07-15'];

test('a wall-clock time becomes the same instant as PostgreSQL gives, through DST gaps and repeated hours', async () => {
  const locals: string[] = [];
  for (const day of DAYS) for (let m = 0; m < 24 * 60; m += 15) locals.push(`${day}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`);
  const mismatches: string[] = [];
  for (const zone of ZONES) {
    const { rows } = await db.pool.query<{ local: string; utc: Date }>('select l as local, l::timestamp at time zone $2 as utc from unnest($1::text[]) l', [locals, zone]);
    for (const r of rows) {
      const ours = zonedToUtcMs(wallClockMs(r.local), zone);
      if (ours !== r.utc.getTime()) mismatches.push(`${zone} ${r.local}: sql ${r.utc.toISOString()} ts ${new Date(ours).toISOString()}`);
    }
  }
  expect(mismatches).toEqual([]);
});

test('the loaded history names the same zone as vitalis.timezone_at at every boundary', async () => {
  const user = await createUser(db.pool);
  await asRequest(
    db.pool,
    { userId: user },
    async (c) => {
      await c.query(`update vitalis.user_preferences set timezone = 'Europe/London' where user_id = $1`, [user]);
      await c.query(`select vitalis.set_timezone('Europe/Berlin', '2024-01-01T00:00:00Z')`);
      await c.query(`select vitalis.set_timezone('America/New_York', '2024-02-10T15:00:00Z')`);
      await c.query(`select vitalis.set_timezone('Europe/Berlin', '2024-02-20T08:00:00Z')`);
    },
    true,
  );
  await asRequest(db.pool, { userId: user, role: 'vitalis_worker' }, (c) => c.query(`select vitalis_private.learn_timezone_offsets('[{"local": "2025-03-01T08:00:00", "offset_minutes": 540, "duration_minutes": 600}]')`), true);
  const instants = ['2023-12-31T23:59:59.999Z', '2024-01-01T00:00:00Z', '2024-02-10T14:59:59.999Z', '2024-02-10T15:00:00Z', '2024-02-20T07:59:59Z', '2024-02-20T08:00:00Z', '2025-02-28T23:00:00Z', '2025-02-28T23:00:00.001Z', '2025-03-01T09:00:00Z', '2030-01-01T00:00:00Z'];
  const { history, sql } = await asRequest(db.pool, { userId: user, role: 'vitalis_worker' }, async (c) => ({
    history: await loadTimeZoneHistory(c),
    sql: (await c.query<{ z: string }>('select vitalis.timezone_at(x) as z from unnest($1::timestamptz[]) with ordinality u(x, i) order by i', [instants])).rows.map((r) => r.z),
  }));
  expect(instants.map((i) => history.zoneAt(Date.parse(i)))).toEqual(sql);
  // The last set_timezone is current: the preference (used before the first range) followed it.
  expect(sql).toEqual(['Europe/Berlin', 'Europe/Berlin', 'Europe/Berlin', 'America/New_York', 'America/New_York', 'Europe/Berlin', 'Europe/Berlin', 'Europe/Berlin', 'Europe/Berlin', 'Europe/Berlin']);
  // A local time during the trip is New York time; the same clock time after it is Berlin time.
  expect(history.toUtc('2024-02-15T23:30:00')).toBe('2024-02-16T04:30:00.000Z');
  expect(history.toUtc('2024-02-25T23:30:00')).toBe('2024-02-25T22:30:00.000Z');
});

test('learned ranges are read like any other; before the first range the preference applies', async () => {
  const user = await createUser(db.pool);
  await db.pool.query(`update vitalis.user_preferences set timezone = 'Europe/Berlin' where user_id = $1`, [user]);
  await asRequest(db.pool, { userId: user, role: 'vitalis_worker' }, (c) => c.query(`select vitalis_private.learn_timezone_offsets('[{"local": "2024-05-01T08:00:00", "offset_minutes": 540, "duration_minutes": 1440}]')`), true);
  const history = await asRequest(db.pool, { userId: user, role: 'vitalis_worker' }, (c) => loadTimeZoneHistory(c));
  expect(history.toUtc('2024-05-01T20:00:00')).toBe('2024-05-01T11:00:00.000Z'); // Etc/GMT-9
  expect(history.toUtc('2024-04-30T20:00:00')).toBe('2024-04-30T18:00:00.000Z'); // Berlin, summer time
});

test('observations keep only the ends of each run of one offset; a fixed offset converts plainly', () => {
  const obs = [
    { local: '2024-01-01T10:00:00', offset_minutes: 60 },
    { local: '2024-01-01T08:00:00', offset_minutes: 60 },
    { local: '2024-01-01T12:00:00', offset_minutes: 60 },
    { local: '2024-01-02T08:00:00', offset_minutes: -300 },
    { local: '2024-01-03T08:00:00', offset_minutes: -300 },
    { local: '2024-01-04T08:00:00', offset_minutes: -300 },
  ];
  expect(compressObservations(obs).map((o) => o.local)).toEqual(['2024-01-01T08:00:00', '2024-01-01T12:00:00', '2024-01-02T08:00:00', '2024-01-04T08:00:00']);
  expect(fixedOffset(3_600_000)('2024-01-01T00:30:00.500')).toBe('2023-12-31T23:30:00.500Z');
});

test('a preference Intl cannot read (a POSIX string the preference CHECK lets through) counts as none', async () => {
  const user = await createUser(db.pool);
  await db.pool.query(`update vitalis.user_preferences set timezone = 'UTC+5' where user_id = $1`, [user]);
  const history = await asRequest(db.pool, { userId: user, role: 'vitalis_worker' }, (c) => loadTimeZoneHistory(c));
  expect(history.fallback).toBe('UTC');
  expect(history.toUtc('2024-01-01T00:00:00')).toBe('2024-01-01T00:00:00.000Z');
});
