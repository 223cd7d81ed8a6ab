import type { PoolClient } from 'pg';
import { asRequest, createUser, pgError, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
let user: string;
let other: string;

beforeAll(async () => {
  user = await createUser(db.pool);
  other = await createUser(db.pool);
});

const call = (fn: string) => (c: PoolClient, rows: object[]) =>
  c.query(`select * from vitalis.${fn}($1)`, [JSON.stringify(rows)]).then((r) => r.rows[0] as { inserted: number; updated: number; skipped: number });
const daily = call('upsert_wearable_daily');
const sleep = call('upsert_wearable_sleep');
const activities = call('upsert_wearable_activities');
const measurements = call('upsert_measurements');
const asUser = <T>(fn: (c: PoolClient) => Promise<T>) => asRequest(db.pool, { userId: user }, fn, true);
/** A provider sync: the worker acting as the user, the only caller that sends source_updated_at. */
const asSync = <T>(fn: (c: PoolClient) => Promise<T>) => asRequest(db.pool, { userId: user, role: 'vitalis_worker' }, fn, true);

test('daily: insert, then the same batch again changes nothing', async () => {
  const batch = [
    { date: '2025-03-01', source: 'garmin', steps: 8000, source_updated_at: '2025-03-02T06:00:00Z' },
    { date: '2025-03-01', source: 'oura', readiness_score: 77 },
  ];
  expect(await asSync((c) => daily(c, batch))).toEqual({ inserted: 2, updated: 0, skipped: 0 });
  expect(await asSync((c) => daily(c, batch))).toEqual({ inserted: 0, updated: 0, skipped: 2 });
  const { rows } = await db.pool.query(`select source, steps, readiness_score from vitalis.wearable_daily where user_id = $1 and date = '2025-03-01' order by source`, [user]);
  expect(rows).toEqual([{ source: 'garmin', steps: 8000, readiness_score: null }, { source: 'oura', steps: null, readiness_score: 77 }]);
});

test('daily: a newer payload updates, an older one never overwrites it, an unversioned one neither', async () => {
  await asSync((c) => daily(c, [{ date: '2025-04-01', source: 'garmin', steps: 100, source_updated_at: '2025-04-02T00:00:00Z' }]));
  expect(await asSync((c) => daily(c, [{ date: '2025-04-01', source: 'garmin', steps: 200, source_updated_at: '2025-04-03T00:00:00Z' }]))).toEqual({ inserted: 0, updated: 1, skipped: 0 });
  expect(await asSync((c) => daily(c, [{ date: '2025-04-01', source: 'garmin', steps: 150, source_updated_at: '2025-04-02T12:00:00Z' }]))).toEqual({ inserted: 0, updated: 0, skipped: 1 });
  expect(await asSync((c) => daily(c, [{ date: '2025-04-01', source: 'garmin', steps: 175 }]))).toEqual({ inserted: 0, updated: 0, skipped: 1 });
  const { rows } = await db.pool.query(`select steps from vitalis.wearable_daily where user_id = $1 and date = '2025-04-01'`, [user]);
  expect(rows).toEqual([{ steps: 200 }]);
});

test('daily: duplicates inside one batch keep the newest version and count the rest as skipped', async () => {
  const result = await asSync((c) => daily(c, [
    { date: '2025-05-01', source: 'whoop', recovery_score: 40, source_updated_at: '2025-05-01T08:00:00Z' },
    { date: '2025-05-01', source: 'whoop', recovery_score: 60, source_updated_at: '2025-05-01T09:00:00Z' },
  ]));
  expect(result).toEqual({ inserted: 1, updated: 0, skipped: 1 });
  const { rows } = await db.pool.query(`select recovery_score from vitalis.wearable_daily where user_id = $1 and date = '2025-05-01'`, [user]);
  expect(rows).toEqual([{ recovery_score: 60 }]);
});

test('daily and sleep: partial summaries of the same day merge; a missing value never erases a stored one', async () => {
  // Garmin sends the day's summary, then its HRV summary on its own.
  await asUser((c) => daily(c, [{ date: '2025-05-21', source: 'garmin', steps: 9000, resting_hr_bpm: 55, raw_data: { dailies: { steps: 9000 } } }]));
  expect(await asUser((c) => daily(c, [{ date: '2025-05-21', source: 'garmin', hrv_rmssd_ms: 48.5, raw_data: { hrv: { lastNightAvg: 48.5 } } }]))).toEqual({ inserted: 0, updated: 1, skipped: 0 });
  const { rows } = await db.pool.query(`select steps, resting_hr_bpm, hrv_rmssd_ms::float8 as hrv, raw_data from vitalis.wearable_daily where user_id = $1 and date = '2025-05-21'`, [user]);
  expect(rows).toEqual([{ steps: 9000, resting_hr_bpm: 55, hrv: 48.5, raw_data: { dailies: { steps: 9000 }, hrv: { lastNightAvg: 48.5 } } }]);
  // Either piece again changes nothing; a corrected value replaces the old one.
  expect(await asUser((c) => daily(c, [{ date: '2025-05-21', source: 'garmin', hrv_rmssd_ms: 48.5, raw_data: { hrv: { lastNightAvg: 48.5 } } }]))).toEqual({ inserted: 0, updated: 0, skipped: 1 });
  expect(await asUser((c) => daily(c, [{ date: '2025-05-21', source: 'garmin', steps: 9100 }]))).toEqual({ inserted: 0, updated: 1, skipped: 0 });
  expect((await db.pool.query(`select steps, resting_hr_bpm from vitalis.wearable_daily where user_id = $1 and date = '2025-05-21'`, [user])).rows).toEqual([{ steps: 9100, resting_hr_bpm: 55 }]);

  await asUser((c) => sleep(c, [{ sleep_date: '2025-05-22', source: 'garmin', total_sleep_minutes: 430, deep_minutes: 80 }]));
  expect(await asUser((c) => sleep(c, [{ sleep_date: '2025-05-22', source: 'garmin', avg_hrv_ms: 51 }]))).toEqual({ inserted: 0, updated: 1, skipped: 0 });
  expect((await db.pool.query(`select total_sleep_minutes, deep_minutes, avg_hrv_ms::float8 as hrv from vitalis.wearable_sleep where user_id = $1 and sleep_date = '2025-05-22'`, [user])).rows).toEqual([{ total_sleep_minutes: 430, deep_minutes: 80, hrv: 51 }]);
});

test('measurements: inserted once, unchanged when sent again, replaced by a corrected value; another user’s id is refused, even from the worker', async () => {
  const weighIn = (kg: number) => [
    { metric: 'weight', value: kg, unit: 'kg', measured_at: '2025-06-01T07:00:00Z', source: 'withings' },
    { metric: 'weight', value: kg, unit: 'kg', measured_at: '2025-06-01T07:00:00Z', source: 'withings' },
    { metric: 'body_fat_pct', value: 18.2, unit: '%', measured_at: '2025-06-01T07:00:00Z', source: 'withings' },
  ];
  expect(await asUser((c) => measurements(c, weighIn(72.4)))).toEqual({ inserted: 2, updated: 0, skipped: 1 });
  expect(await asUser((c) => measurements(c, weighIn(72.4)))).toEqual({ inserted: 0, updated: 0, skipped: 3 });
  expect(await asUser((c) => measurements(c, weighIn(72.1)))).toEqual({ inserted: 0, updated: 1, skipped: 2 });
  const { rows } = await db.pool.query(`select value::float8 as value from vitalis.measurements where user_id = $1 and metric = 'weight'`, [user]);
  expect(rows).toEqual([{ value: 72.1 }]);
  const forged = asSync((c) => measurements(c, [{ user_id: other, metric: 'weight', value: 80, unit: 'kg', measured_at: '2025-06-01T07:00:00Z', source: 'withings' }]));
  await expect(forged).rejects.toThrow(/row-level security/);
});

test('several sources for the same night stay separate sleep rows', async () => {
  expect(await asUser((c) => sleep(c, [
    { sleep_date: '2025-06-02', source: 'oura', total_sleep_minutes: 420, sleep_start: '2025-06-01T23:00:00+02:00', sleep_end: '2025-06-02T06:30:00+02:00' },
    { sleep_date: '2025-06-02', source: 'apple_health', total_sleep_minutes: 400 },
  ]))).toEqual({ inserted: 2, updated: 0, skipped: 0 });
});

test('activities: a re-synced activity whose date moved to another year is updated, not duplicated', async () => {
  expect(await asSync((c) => activities(c, [{ activity_date: '2025-01-01', source: 'garmin', source_activity_id: 'g-1', activity_type: 'running', duration_seconds: 1800, source_updated_at: '2025-01-01T10:00:00Z' }])))
    .toEqual({ inserted: 1, updated: 0, skipped: 0 });
  expect(await asSync((c) => activities(c, [{ activity_date: '2024-12-31', source: 'garmin', source_activity_id: 'g-1', activity_type: 'running', duration_seconds: 1810, source_updated_at: '2025-01-02T10:00:00Z' }])))
    .toEqual({ inserted: 0, updated: 1, skipped: 0 });
  const { rows } = await db.pool.query(`select activity_date::text as d, duration_seconds, tableoid::regclass::text as part from vitalis.wearable_activities where user_id = $1 and source_activity_id = 'g-1'`, [user]);
  expect(rows).toEqual([{ d: '2024-12-31', duration_seconds: 1810, part: 'vitalis.wearable_activities_y2024' }]);
  expect(await asSync((c) => activities(c, [{ activity_date: '2024-12-31', source: 'garmin', source_activity_id: 'g-1', activity_type: 'running', duration_seconds: 1810, source_updated_at: '2025-01-02T10:00:00Z' }])))
    .toEqual({ inserted: 0, updated: 0, skipped: 1 });
});

test('activities: a direct duplicate in another year violates the cross-partition key', async () => {
  const error = await asRequest(db.pool, { userId: user }, (c) =>
    c.query(`insert into vitalis.wearable_activities (activity_date, source, source_activity_id, activity_type) values ('2023-05-05', 'garmin', 'g-1', 'cycling')`)).catch((e) => e);
  expect(error).toMatchObject({ code: '23505', constraint: 'wearable_activities_user_id_source_source_activity_id_key' });
});

test('activities: the same provider id for two different users is fine', async () => {
  const r = await asRequest(db.pool, { userId: other }, (c) => activities(c, [{ activity_date: '2025-01-01', source: 'garmin', source_activity_id: 'g-1', activity_type: 'running' }]), true);
  expect(r).toEqual({ inserted: 1, updated: 0, skipped: 0 });
});

test('deleting an activity frees its key for a later re-import', async () => {
  await asUser(async (c) => {
    await activities(c, [{ activity_date: '2025-02-02', source: 'strava', source_activity_id: 's-9', activity_type: 'cycling' }]);
    await c.query(`delete from vitalis.wearable_activities where source_activity_id = 's-9'`);
  });
  expect(await asUser((c) => activities(c, [{ activity_date: '2025-02-03', source: 'strava', source_activity_id: 's-9', activity_type: 'cycling' }]))).toEqual({ inserted: 1, updated: 0, skipped: 0 });
});

test("a batch naming another user's id is refused by RLS, and a bad row leaves nothing of the batch behind", async () => {
  const foreign = await asRequest(db.pool, { userId: user, role: 'vitalis_worker' }, (c) => daily(c, [{ user_id: other, date: '2025-07-01', source: 'garmin' }])).catch((e) => e);
  expect(foreign).toMatchObject({ code: '42501', message: expect.stringMatching(/row-level security/) });
  const bad = await asRequest(db.pool, { userId: user }, (c) => daily(c, [
    { date: '2025-07-02', source: 'garmin', steps: 10 },
    { date: '2025-07-03', source: 'garmin', resting_hr_bpm: 500 },
  ])).catch((e) => e);
  expect(bad).toMatchObject({ code: '23514', constraint: 'wearable_daily_resting_hr_bpm_range' });
  const { rows } = await db.pool.query(`select count(*)::int as n from vitalis.wearable_daily where date in ('2025-07-01', '2025-07-02', '2025-07-03')`);
  expect(rows[0].n).toBe(0);
});

test('malformed input is a clear error', async () => {
  const notArray = await asRequest(db.pool, { userId: user }, (c) => c.query(`select * from vitalis.upsert_wearable_daily('{"date": "2025-01-01"}')`)).catch((e) => e);
  expect(notArray).toMatchObject({ code: '22023', message: 'rows: must be a JSON array of objects' });
  const unknownSource = await asRequest(db.pool, { userId: user }, (c) => daily(c, [{ date: '2025-01-01', source: 'myspace' }])).catch((e) => e);
  expect(unknownSource).toMatchObject({ code: '22023', column: 'source', message: 'rows[0].source: must be a value of type vitalis.data_source (got "myspace")' });
  expect(await asUser((c) => daily(c, []))).toEqual({ inserted: 0, updated: 0, skipped: 0 });
});

test.each([
  ['upsert_wearable_daily', 'wearable_daily', 'date', { source: 'garmin', steps: 1 }, 'steps', 'integer'],
  ['upsert_wearable_sleep', 'wearable_sleep', 'sleep_date', { source: 'oura', total_sleep_minutes: 400 }, 'total_sleep_minutes', 'smallint'],
  ['upsert_wearable_activities', 'wearable_activities', 'activity_date', { source: 'strava', activity_type: 'running' }, 'duration_seconds', 'integer'],
] as const)('%s names the first bad value and the row without its date, and writes nothing', async (fn, table, dateColumn, base, numeric, type) => {
  const rows = (dates: string[]) => dates.map((d, i) => ({ ...base, [dateColumn]: d, ...(fn === 'upsert_wearable_activities' ? { source_activity_id: `bad-batch-${i}` } : {}) }));
  const batch = rows(['2025-08-01', '2025-08-02', '2025-08-03', '2025-08-04']);
  // A value that does not convert, in the third row: found after the write began, named as before.
  const badValue = await asUser((c) => call(fn)(c, batch.map((r, i) => (i === 2 ? { ...r, [numeric]: 'twelve' } : r)))).catch((e) => e);
  expect(badValue).toMatchObject({ code: '22023', column: numeric, message: `rows[2].${numeric}: must be a value of type ${type} (got "twelve")` });
  // A date that does not convert is named too (it fails the partition range's own reading).
  const badDate = await asUser((c) => call(fn)(c, batch.map((r, i) => (i === 1 ? { ...r, [dateColumn]: '2025-02-30' } : r)))).catch((e) => e);
  expect(badDate).toMatchObject({ code: '22023', column: dateColumn, message: `rows[1].${dateColumn}: must be a value of type date (got "2025-02-30")` });
  const noDate = await asUser((c) => call(fn)(c, batch.map((r, i) => (i === 3 ? { ...r, [dateColumn]: null } : r)))).catch((e) => e);
  expect(noDate).toMatchObject({ code: '22023', column: dateColumn, message: `rows[3].${dateColumn}: is required` });
  const outOfRange = await asUser((c) => call(fn)(c, batch.map((r, i) => (i === 0 ? { ...r, [dateColumn]: '1999-12-31' } : r)))).catch((e) => e);
  expect(outOfRange).toMatchObject({ code: '22008', column: dateColumn });
  expect(outOfRange.message).toMatch(/is outside the accepted range/);
  const { rows: written } = await db.pool.query(`select count(*)::int as n from vitalis.${table} where user_id = $1 and ${dateColumn} between '2025-08-01' and '2025-08-04'`, [user]);
  expect(written[0].n).toBe(0);
  // The same batch without the faults is written whole.
  expect(await asUser((c) => call(fn)(c, batch))).toEqual({ inserted: 4, updated: 0, skipped: 0 });
});

test('upsert_measurements names the first bad value and writes nothing', async () => {
  const batch = [0, 1, 2].map((i) => ({ metric: 'weight', value: 80 + i, unit: 'kg', measured_at: `2025-08-0${i + 1}T07:00:00Z`, source: 'withings' }));
  const bad = await asUser((c) => measurements(c, batch.map((r, i) => (i === 1 ? { ...r, measured_at: 'yesterday-ish' } : r)))).catch((e) => e);
  expect(bad).toMatchObject({ code: '22023', column: 'measured_at', message: 'rows[1].measured_at: must be a value of type timestamp with time zone (got "yesterday-ish")' });
  const { rows } = await db.pool.query(`select count(*)::int as n from vitalis.measurements where user_id = $1 and measured_at between '2025-08-01' and '2025-08-04'`, [user]);
  expect(rows[0].n).toBe(0);
});

describe('a client sends only what it may write', () => {
  // The upserts run as their owner; the line a client may not cross through them is the one the
  // column grants draw for vitalis_api everywhere else (test/db/writableColumns.test.ts).
  test.each([
    { fn: 'upsert_wearable_daily', key: 'source_updated_at', row: { date: '2025-08-01', source: 'garmin', steps: 5, source_updated_at: '2099-01-01T00:00:00Z' } },
    { fn: 'upsert_wearable_sleep', key: 'user_id', row: { sleep_date: '2025-08-01', source: 'oura', total_sleep_minutes: 400, user_id: '00000000-0000-4000-8000-000000000000' } },
    { fn: 'upsert_wearable_activities', key: 'created_at', row: { activity_date: '2025-08-01', source: 'strava', source_activity_id: 'x-1', activity_type: 'running', created_at: '2020-01-01T00:00:00Z' } },
    { fn: 'upsert_measurements', key: 'deleted_at', row: { metric: 'weight', value: 70, unit: 'kg', measured_at: '2025-08-01T07:00:00Z', source: 'manual', deleted_at: '2025-08-02T00:00:00Z' } },
  ])('$fn refuses a client row carrying $key, naming the key and its row, and writes nothing', async ({ fn, key, row }) => {
    const fresh = await createUser(db.pool);
    const error = await asRequest(db.pool, { userId: fresh }, (c) => call(fn)(c, [{ ...row, [key]: undefined }, row]), true).catch((e) => e);
    expect(error).toMatchObject({ code: '42501', column: 'rows', message: `rows[1].${key} is set by the server; a client may not send it` });
    // Nothing of the batch, not even its first, blameless row.
    const { rows } = await db.pool.query(`select count(*)::int as n from vitalis.${fn.replace('upsert_', '')} where user_id = $1`, [fresh]);
    expect(rows[0].n).toBe(0);
  });

  test('every server-owned key of the batch is named, row by row', async () => {
    const error = await asUser((c) => daily(c, [
      { date: '2025-08-03', source: 'garmin', steps: 1, daily_id: '00000000-0000-4000-8000-000000000000' },
      { date: '2025-08-04', source: 'garmin', steps: 2, user_id: user, source_updated_at: '2025-08-05T00:00:00Z' },
    ])).catch((e) => e);
    expect(error).toMatchObject({ code: '42501', message: 'rows[0].daily_id, rows[1].source_updated_at, rows[1].user_id are set by the server; a client may not send them' });
  });

  test('a client cannot stamp a day against later syncs; the sync still overwrites what the client wrote', async () => {
    const stamped = await asUser((c) => daily(c, [{ date: '2025-08-06', source: 'garmin', steps: 1, source_updated_at: '2099-01-01T00:00:00Z' }])).catch((e) => e);
    expect(stamped).toMatchObject({ code: '42501', column: 'rows' });
    await asUser((c) => daily(c, [{ date: '2025-08-06', source: 'garmin', steps: 1 }]));
    expect(await asSync((c) => daily(c, [{ date: '2025-08-06', source: 'garmin', steps: 7000, source_updated_at: '2025-08-07T00:00:00Z' }]))).toEqual({ inserted: 0, updated: 1, skipped: 0 });
    // Unversioned, the client's later row cannot overwrite the sync's versioned one.
    expect(await asUser((c) => daily(c, [{ date: '2025-08-06', source: 'garmin', steps: 2 }]))).toEqual({ inserted: 0, updated: 0, skipped: 1 });
    expect((await db.pool.query(`select steps from vitalis.wearable_daily where user_id = $1 and date = '2025-08-06'`, [user])).rows).toEqual([{ steps: 7000 }]);
  });

  test('the caller is told by the role the request switched to, or by the login role when it switched to none', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('begin');
      // The worker logged in as itself, no SET ROLE: the server, so its version stamp is taken.
      await client.query('set local session authorization vitalis_worker');
      await client.query(`select set_config('app.current_user_id', $1, true)`, [user]);
      expect(await daily(client, [{ date: '2025-08-08', source: 'garmin', steps: 3, source_updated_at: '2025-08-09T00:00:00Z' }])).toEqual({ inserted: 1, updated: 0, skipped: 0 });
      // The same login switched to vitalis_api acts as a client.
      await client.query(`select set_config('role', 'vitalis_api', true)`);
      const error = await pgError(client, () => daily(client, [{ date: '2025-08-10', source: 'garmin', source_updated_at: '2025-08-11T00:00:00Z' }]));
      expect(error).toMatchObject({ code: '42501', message: 'rows[0].source_updated_at is set by the server; a client may not send it' });
    } finally {
      await client.query('rollback');
      client.release();
    }
  });

  test('every batch upsert a client may call checks the batch\'s keys before it writes, so a new one cannot skip the line', async () => {
    const { rows } = await db.pool.query(`
      select p.proname as name, p.prosrc ~ 'vitalis_private\\.check_batch(_keys)?\\(' as checks
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'vitalis' and p.proname like 'upsert\\_%' and has_function_privilege('vitalis_api', p.oid, 'EXECUTE')
       order by 1`);
    expect(rows.map((r) => r.name)).toEqual(['upsert_blood_panels', 'upsert_dexa_scans', 'upsert_epigenetic_tests', 'upsert_measurements', 'upsert_wearable_activities', 'upsert_wearable_daily', 'upsert_wearable_sleep']);
    expect(rows.filter((r) => !r.checks).map((r) => r.name)).toEqual([]);
  });

  test('the report upserts keep to the same line: a blood panel carrying its document link is refused', async () => {
    const error = await asUser((c) => c.query(`select * from vitalis.upsert_blood_panels($1)`, [JSON.stringify([
      { lab_name: 'Quest', collected_at: '2025-08-01T08:00:00Z', document_id: '00000000-0000-4000-8000-000000000000', markers: [] },
    ])])).catch((e) => e);
    expect(error).toMatchObject({ code: '42501', message: 'rows[0].document_id is set by the server; a client may not send it' });
  });
});
