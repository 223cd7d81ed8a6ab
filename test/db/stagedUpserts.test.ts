// Batch upserts fed by COPY (src/db/stagedUpsert.ts, migration 30): the same rows, counts, merge
// rules, checks and audit as the JSON upserts, never a server-owned column, bad rows named.
import type { PoolClient } from 'pg';
import { stagedUpsert, StagedRowError, type StagedTable } from '../../src/db/stagedUpsert';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

const json = (c: PoolClient, table: StagedTable, rows: object[]) =>
  c.query(`select inserted, updated, skipped from vitalis.upsert_${table}($1)`, [JSON.stringify(rows)]).then((r) => r.rows[0] as { inserted: number; updated: number; skipped: number });
const staged = (c: PoolClient, table: StagedTable, rows: object[]) => stagedUpsert(c, table, rows as Record<string, unknown>[]);
const as = <T>(userId: string, fn: (c: PoolClient) => Promise<T>) => asRequest(db.pool, { userId }, fn, true);

/** The stored rows without what differs between two users' copies (ids, owner, timestamps). */
async function stored(table: StagedTable, userId: string): Promise<unknown[]> {
  const key = table === 'wearable_activities' ? 'source, source_activity_id, start_time' : table === 'wearable_sleep' ? 'sleep_date, source' : 'date, source';
  const { rows } = await db.pool.query(`select to_jsonb(t) - '{daily_id,sleep_id,activity_id,user_id,created_at,updated_at}'::text[] as row from vitalis.${table} t where user_id = $1 order by ${key}`, [userId]);
  return rows.map((r) => r.row);
}

const STEPS: Array<[StagedTable, object[]]> = [
  ['wearable_daily', [{ date: '2025-03-01', source: 'garmin', steps: 8000, source_updated_at: '2025-03-02T06:00:00Z', raw_data: { dailies: { steps: 8000 } } }, { date: '2025-03-01', source: 'oura', readiness_score: 77 }]],
  ['wearable_daily', [{ date: '2025-03-01', source: 'garmin', steps: 8000, source_updated_at: '2025-03-02T06:00:00Z', raw_data: { dailies: { steps: 8000 } } }]],
  ['wearable_daily', [{ date: '2025-03-01', source: 'garmin', hrv_rmssd_ms: 48.5, source_updated_at: '2025-03-02T07:00:00Z', raw_data: { hrv: { night: 'tab\there\nand a \\ backslash' } } }]],
  ['wearable_daily', [{ date: '2025-03-01', source: 'garmin', steps: 1, source_updated_at: '2025-03-01T00:00:00Z' }]],
  ['wearable_daily', [{ date: '2025-05-01', source: 'whoop', recovery_score: 40, source_updated_at: '2025-05-01T08:00:00Z' }, { date: '2025-05-01', source: 'whoop', recovery_score: 60, source_updated_at: '2025-05-01T09:00:00Z' }]],
  ['wearable_sleep', [{ sleep_date: '2025-03-02', source: 'oura', sleep_start: '2025-03-01T22:40:00Z', sleep_end: '2025-03-02T06:10:00Z', total_sleep_minutes: 420, hypnogram: [{ t: '2025-03-01T22:40:00Z', stage: 'light' }] }]],
  ['wearable_sleep', [{ sleep_date: '2025-03-02', source: 'oura', sleep_score: 81 }]],
  ['wearable_activities', [{ activity_date: '2025-03-03', source: 'garmin', source_activity_id: 'g-1', activity_type: 'running', start_time: '2025-03-03T07:00:00Z', duration_seconds: 1800, distance_m: 5000 }, { activity_date: '2025-03-03', source: 'manual', activity_type: 'yoga', start_time: '2025-03-03T18:00:00Z', duration_seconds: 3600 }]],
  ['wearable_activities', [{ activity_date: '2025-03-04', source: 'garmin', source_activity_id: 'g-1', activity_type: 'running', start_time: '2025-03-04T07:00:00Z', duration_seconds: 1900, distance_m: 5100 }]],
];

test('the same batches give the same counts and the same stored rows through COPY as through JSON', async () => {
  const viaJson = await createUser(db.pool);
  const viaCopy = await createUser(db.pool);
  for (const [table, rows] of STEPS) {
    const a = await as(viaJson, (c) => json(c, table, rows));
    const b = await as(viaCopy, (c) => staged(c, table, rows));
    expect({ table, rows, counts: b }).toEqual({ table, rows, counts: a });
  }
  for (const table of ['wearable_daily', 'wearable_sleep', 'wearable_activities'] as const) {
    expect(await stored(table, viaCopy)).toEqual(await stored(table, viaJson));
  }
  expect((await stored('wearable_daily', viaCopy)).length).toBe(3);
});

test('staged writes are audited like any other', async () => {
  const userId = await createUser(db.pool);
  await as(userId, (c) => staged(c, 'wearable_daily', [{ date: '2025-06-01', source: 'garmin', steps: 10 }, { date: '2025-06-02', source: 'garmin', steps: 20 }]));
  const { rows } = await db.pool.query(`select action::text, count(*)::int as n from vitalis.audit_log where user_id = $1 and table_name = 'wearable_daily' group by 1`, [userId]);
  expect(rows).toEqual([{ action: 'INSERT', n: 2 }]);
});

test('a row COPY cannot read is named by index and column, and the transaction writes nothing', async () => {
  const userId = await createUser(db.pool);
  const rows = [{ date: '2025-06-01', source: 'garmin', steps: 10 }, { date: '2025-06-02', source: 'garmin', steps: 'many' }];
  const error = await as(userId, (c) => staged(c, 'wearable_daily', rows)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StagedRowError);
  expect(error).toMatchObject({ row: 1, column: 'steps', message: 'wearable_daily rows[1].steps: invalid input syntax for type integer: "many"' });
  expect(await stored('wearable_daily', userId)).toEqual([]);
});

test('the batch offset counts in the row named', async () => {
  const userId = await createUser(db.pool);
  const rows = Array.from({ length: 5 }, (_, i) => ({ date: `2025-07-0${i + 1}`, source: 'garmin', steps: i === 3 ? 'x' : i }));
  const error = await as(userId, (c) => stagedUpsert(c, 'wearable_daily', rows, 2)).catch((e: unknown) => e);
  expect(error).toMatchObject({ row: 3, column: 'steps' });
});

test('a value outside its bounds is refused by the table, as through JSON', async () => {
  const userId = await createUser(db.pool);
  const bad = [{ date: '2025-06-01', source: 'garmin', max_hr_bpm: 900 }];
  const viaJson = await as(userId, (c) => json(c, 'wearable_daily', bad)).catch((e: Error) => e.message);
  const viaCopy = await as(userId, (c) => staged(c, 'wearable_daily', bad)).catch((e: Error) => e.message);
  expect(viaCopy).toBe(viaJson);
  expect(viaCopy).toMatch(/max_hr_bpm/);
});

test('the columns the server owns cannot be COPYed into the staging table', async () => {
  const userId = await createUser(db.pool);
  const other = await createUser(db.pool);
  for (const row of [{ user_id: other }, { daily_id: '00000000-0000-4000-8000-000000000001' }, { created_at: '2020-01-01T00:00:00Z' }]) {
    const error = await as(userId, (c) => staged(c, 'wearable_daily', [{ date: '2025-06-01', source: 'garmin', steps: 1, ...row }])).catch((e: Error) => e);
    expect(error).toMatchObject({ message: expect.stringMatching(/permission denied for table staged_wearable_daily/) });
  }
  expect(await stored('wearable_daily', other)).toEqual([]);
});

test('the staging table is empty after each merge, so JSON and COPY batches mix in one transaction', async () => {
  const userId = await createUser(db.pool);
  const counts = await as(userId, async (c) => {
    const a = await staged(c, 'wearable_daily', [{ date: '2025-08-01', source: 'garmin', steps: 1 }]);
    const b = await json(c, 'wearable_daily', [{ date: '2025-08-02', source: 'garmin', steps: 2 }]);
    // Nothing left to merge: a merge of the empty table counts nothing.
    const left = (await c.query('select inserted, updated, skipped from vitalis_private.upsert_staged_wearable_daily()')).rows[0] as object;
    return { a, b, left };
  });
  expect(counts).toEqual({ a: { inserted: 1, updated: 0, skipped: 0 }, b: { inserted: 1, updated: 0, skipped: 0 }, left: { inserted: 0, updated: 0, skipped: 0 } });
});

test('an empty batch writes nothing and makes no round trip', async () => {
  const userId = await createUser(db.pool);
  expect(await as(userId, (c) => staged(c, 'wearable_sleep', []))).toEqual({ inserted: 0, updated: 0, skipped: 0 });
});

test('only the wearable tables have a staging table', async () => {
  const userId = await createUser(db.pool);
  await expect(as(userId, (c) => c.query(`select vitalis_private.wearable_stage('users')`))).rejects.toThrow(/table: users has no staging table/);
});
