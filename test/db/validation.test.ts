import type { PoolClient } from 'pg';
import { ranges, weightLbs, type Range } from '../../src/validation/bounds';
import { dateOfBirth, email, measurementRow, moodJournalRow, rangeSchema } from '../../src/validation/schemas';
import { byPrimaryKey, seedEveryUserTable, vitalisTables, type TableInfo } from '../helpers/catalog';
import { createUser, useTestDatabase } from '../helpers/db';

// The SQL CHECKs and the zod schemas must accept and reject exactly the same values.

let client: PoolClient;
const db = useTestDatabase({
  beforeDrop: async () => {
    await client?.query('rollback');
    client?.release();
  },
});
let userId: string;
let tables: TableInfo[];
let seeded: Map<string, Record<string, unknown>>;

beforeAll(async () => {
  userId = await createUser(db.pool, { sex: 'male' });
  tables = await vitalisTables(db.pool);
  seeded = await seedEveryUserTable(db.pool, tables, userId);
  client = await db.pool.connect();
  await client.query('begin');
});

/** Sets the column of the user's seeded row to value; returns the constraint (or error code) that refused it, or null. */
async function sqlRejects(table: string, column: string, value: number | string): Promise<string | null> {
  const info = tables.find((t) => t.name === table)!;
  const { where, params } = byPrimaryKey(info, seeded.get(table)!, 1);
  await client.query('savepoint probe');
  try {
    await client.query(`update vitalis.${table} set ${column} = $1 where ${where}`, [value, ...params]);
    return null;
  } catch (error) {
    const e = error as { code?: string; constraint?: string; message: string };
    return e.constraint ?? e.code ?? e.message;
  } finally {
    await client.query('rollback to savepoint probe');
  }
}

function boundaryValues(r: Range, scale: number): { inside: number[]; outside: number[] } {
  const step = r.integer ? 1 : 10 ** -scale;
  const round = (v: number) => Number(v.toFixed(r.integer ? 0 : scale));
  return { inside: [r.min, r.max], outside: [round(r.min - step), round(r.max + step)] };
}

const cases = Object.entries(ranges).flatMap(([table, cols]) =>
  Object.entries(cols as Record<string, Range>).map(([column, r]) => ({ name: `${table}.${column}`, table, column, r })),
);

test.each(cases)('$name: SQL and zod agree at min, max and one step beyond each', async ({ table, column, r }) => {
  const { rows } = await client.query(
    `select coalesce(numeric_scale, 0)::int as scale, numeric_precision::int as precision, data_type from information_schema.columns where table_schema = 'vitalis' and table_name = $1 and column_name = $2`,
    [table, column],
  );
  const { inside, outside } = boundaryValues(r, rows[0].scale);
  // A bound at the column type's limit: one step beyond does not fit the type (numeric field overflow).
  const typeMax = rows[0].data_type === 'numeric' && rows[0].precision ? 10 ** (rows[0].precision - rows[0].scale) - 10 ** -rows[0].scale : Infinity;
  const schema = rangeSchema(table as keyof typeof ranges, column);
  for (const v of inside) {
    expect({ v, sql: await sqlRejects(table, column, v) }).toEqual({ v, sql: null });
    expect({ v, zod: schema.safeParse(v).success }).toEqual({ v, zod: true });
  }
  for (const v of outside) {
    expect({ v, sql: await sqlRejects(table, column, v) }).toEqual({ v, sql: Math.abs(v) > typeMax ? '22003' : `${table}_${column}_range` });
    const parsed = schema.safeParse(v);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain(`${table}.${column}`);
  }
});

test('resting heart rate: 19 and 301 are rejected, 20 and 300 accepted, by both sides', async () => {
  const schema = rangeSchema('wearable_daily', 'resting_hr_bpm');
  expect([19, 20, 300, 301].map((v) => schema.safeParse(v).success)).toEqual([false, true, true, false]);
  const sql = [];
  for (const v of [19, 20, 300, 301]) sql.push(await sqlRejects('wearable_daily', 'resting_hr_bpm', v));
  expect(sql).toEqual(['wearable_daily_resting_hr_bpm_range', null, null, 'wearable_daily_resting_hr_bpm_range']);
});

test('NaN and Infinity are rejected by both sides', async () => {
  const schema = rangeSchema('wearable_daily', 'hrv_rmssd_ms');
  expect(schema.safeParse(Number.NaN).success).toBe(false);
  expect(schema.safeParse(Number.POSITIVE_INFINITY).success).toBe(false);
  expect(await sqlRejects('wearable_daily', 'hrv_rmssd_ms', 'NaN')).not.toBeNull();
  expect(await sqlRejects('wearable_daily', 'hrv_rmssd_ms', 'Infinity')).not.toBeNull();
  const panelId = (await client.query(`insert into vitalis.blood_panels (user_id) values ($1) returning panel_id`, [userId])).rows[0].panel_id;
  await client.query('savepoint nan');
  await expect(
    client.query(`insert into vitalis.blood_markers (user_id, panel_id, raw_name, value_numeric) values ($1, $2, 'X', 'NaN')`, [userId, panelId]),
  ).rejects.toMatchObject({ constraint: 'blood_markers_value_numeric_finite' });
  await client.query('rollback to savepoint nan');
});

test('every *_range CHECK in the schema has a zod bound and vice versa', async () => {
  const { rows } = await client.query(`
    select c.conname from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = 'vitalis' and c.contype = 'c' and c.conname like '%\\_range' and not t.relispartition order by 1`);
  const expected = [...cases.map((c) => `${c.table}_${c.column}_range`), 'measurements_value_range'].sort();
  expect(rows.map((r) => r.conname as string)).toEqual(expected);
});

test('weight: 20 to 1000 lbs in any mass unit, on both sides', async () => {
  const probes: [number, string, boolean][] = [
    [19.99, 'lbs', false], [20, 'lbs', true], [1000, 'lbs', true], [1000.01, 'lbs', false],
    [9.07, 'kg', false], [9.08, 'kg', true], [453.59, 'kg', true], [453.6, 'kg', false],
  ];
  for (const [value, unit, ok] of probes) {
    const zodOk = measurementRow.safeParse({ metric: 'weight', value, unit, measured_at: '2025-01-01T08:00:00Z' }).success;
    await client.query('savepoint w');
    let sqlOk = true;
    try {
      await client.query(`insert into vitalis.measurements (user_id, metric, value, unit, measured_at) values ($1, 'weight', $2, $3, now())`, [userId, value, unit]);
    } catch {
      sqlOk = false;
    }
    await client.query('rollback to savepoint w');
    expect({ value, unit, zodOk, sqlOk }).toEqual({ value, unit, zodOk: ok, sqlOk: ok });
  }
  expect(weightLbs).toEqual({ min: 20, max: 1000 });
});

test('email: stored lowercase and well-formed; zod normalises what SQL requires', async () => {
  const account = (await client.query(`insert into vitalis.accounts default values returning account_id`)).rows[0].account_id;
  const tryInsert = async (value: string) => {
    await client.query('savepoint e');
    try {
      await client.query(`insert into vitalis.users (account_id, email, display_name) values ($1, $2, 'E')`, [account, value]);
      return true;
    } catch {
      return false;
    } finally {
      await client.query('rollback to savepoint e');
    }
  };
  expect(await tryInsert('Mixed@Example.com')).toBe(false);
  expect(email.parse('  Mixed@Example.com ')).toBe('mixed@example.com');
  expect(await tryInsert(email.parse('  Mixed@Example.com '))).toBe(true);
  expect(email.safeParse('not-an-email').success).toBe(false);
  expect(await tryInsert('not-an-email')).toBe(false);
});

test('date of birth: 13 to 150 years old, judged on the database\'s today', async () => {
  const { rows } = await client.query(`select current_date::text as today,
      (current_date - interval '13 years')::date::text as youngest,
      (current_date - interval '13 years' + interval '1 day')::date::text as too_young,
      (current_date - interval '150 years' + interval '1 day')::date::text as oldest,
      (current_date - interval '150 years')::date::text as too_old`);
  const r = rows[0];
  const schema = dateOfBirth(new Date(`${r.today}T12:00:00Z`));
  const account = (await client.query(`insert into vitalis.accounts default values returning account_id`)).rows[0].account_id;
  for (const [dob, ok] of [[r.youngest, true], [r.too_young, false], [r.oldest, true], [r.too_old, false]] as [string, boolean][]) {
    await client.query('savepoint d');
    let sqlOk = true;
    try {
      await client.query(`insert into vitalis.users (account_id, email, display_name, date_of_birth) values ($1, $2, 'D', $3)`, [account, `d${dob}@example.com`, dob]);
    } catch {
      sqlOk = false;
    }
    await client.query('rollback to savepoint d');
    expect({ dob, sqlOk, zodOk: schema.safeParse(dob).success }).toEqual({ dob, sqlOk: ok, zodOk: ok });
  }
});

test('a date the calendar lacks is rejected by both sides (Date.parse would roll 2024-02-30 over to March 1)', async () => {
  for (const day of ['2024-02-30', '2023-02-29', '2024-04-31']) {
    expect(await sqlRejects('mood_journal', 'journal_date', day)).not.toBeNull();
    expect(moodJournalRow.safeParse({ journal_date: day }).success).toBe(false);
  }
  expect(await sqlRejects('mood_journal', 'journal_date', '2024-02-29')).toBeNull();
  expect(moodJournalRow.safeParse({ journal_date: '2024-02-29' }).success).toBe(true);
});
