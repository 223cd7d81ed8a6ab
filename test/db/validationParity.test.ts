import type { PoolClient } from 'pg';
import {
  dateKind,
  dateWindowEnd,
  finiteOnly,
  jsonLimit,
  measurementBounds,
  measurementProblem,
  measurementUnits,
  normalizeMeasurementUnit,
  ranges,
  textLimit,
  textLimits,
} from '../../src/validation/bounds';
import { fieldName } from '../../src/server/pgErrors';
import { byPrimaryKey, seedEveryUserTable, vitalisTables, type TableInfo } from '../helpers/catalog';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';

// Validation parity, found in the catalog: every column a user writes has the bound of its kind
// (number, date, text, JSON), the bound is the one bounds.ts states, and SQL refuses what breaks it.
// A column added later fails here until it is bounded.

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
let today: Date;

interface UserColumn {
  table: string;
  column: string;
  type: string;
}
let userColumns: UserColumn[];
let checks: Map<string, string>;

beforeAll(async () => {
  userId = await createUser(db.pool, { sex: 'female' });
  tables = await vitalisTables(db.pool);
  seeded = await seedEveryUserTable(db.pool, tables, userId);
  // What a user writes: the columns a signed-in client may insert or update, and what the batch
  // upserts take from the caller's JSON. Server stamps excluded (deleted_at is set by a client but stamped with now()).
  userColumns = (
    await db.pool.query<UserColumn>(`
      select c.relname as table, a.attname as column, format_type(a.atttypid, null) as type
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
       where n.nspname = 'vitalis' and c.relkind in ('r', 'p') and not c.relispartition
         and exists (select 1 from pg_attribute u where u.attrelid = c.oid and u.attname = 'user_id')
         and a.attname not in ('user_id', 'created_at', 'updated_at', 'deleted_at')
         and (has_column_privilege('vitalis_api', c.oid, a.attnum, 'INSERT') or has_column_privilege('vitalis_api', c.oid, a.attnum, 'UPDATE')
              or (c.relname in ('wearable_daily', 'wearable_sleep', 'wearable_activities', 'measurements')
                  and a.attname not in ('daily_id', 'sleep_id', 'activity_id', 'measurement_id')))
       order by 1, a.attnum`)
  ).rows;
  const { rows } = await db.pool.query(`
    select k.conname, pg_get_constraintdef(k.oid) as def from pg_constraint k join pg_class c on c.oid = k.conrelid
      join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'vitalis' and k.contype = 'c' and not c.relispartition`);
  checks = new Map(rows.map((r) => [r.conname as string, r.def as string]));
  // Wearable partitions for 2000 are made on demand: make them, so 2000-01-01 meets the CHECK, not routing.
  for (const t of ['wearable_daily', 'wearable_sleep', 'wearable_activities']) {
    await db.pool.query(`select vitalis_private.ensure_partitions('vitalis.${t}', '2000-01-01', '2000-01-01')`);
  }
  today = new Date(`${(await db.pool.query(`select current_date::text as d`)).rows[0].d}T12:00:00Z`);
  client = await db.pool.connect();
  await client.query('begin');
});

const of = (types: string[]) => () => userColumns.filter((c) => types.includes(c.type));
const NUMERIC = ['numeric', 'real', 'double precision', 'smallint', 'integer', 'bigint'];
const FLOATING = ['numeric', 'real', 'double precision'];
const DATES = ['date', 'timestamp with time zone', 'timestamp without time zone'];
const TEXTS = ['text', 'character varying', 'text[]'];
const JSONS = ['jsonb', 'json'];

/** Sets the column of the user's seeded row; returns the error (code, message, column) or null. */
async function setValue(table: string, column: string, value: unknown, cast = ''): Promise<{ code?: string; message: string; column?: string; constraint?: string } | null> {
  const info = tables.find((t) => t.name === table)!;
  const { where, params } = byPrimaryKey(info, seeded.get(table)!, 1);
  await client.query('savepoint probe');
  try {
    await client.query(`update vitalis.${table} set ${column} = $1${cast} where ${where}`, [value, ...params]);
    return null;
  } catch (error) {
    return error as { code?: string; message: string; column?: string; constraint?: string };
  } finally {
    await client.query('rollback to savepoint probe');
  }
}

test('the catalog finds the user-written columns of every kind', () => {
  expect(of(NUMERIC)().length).toBeGreaterThan(80);
  expect(of(DATES)().length).toBeGreaterThan(20);
  expect(of(TEXTS)().length).toBeGreaterThan(50);
  expect(of(JSONS)().length).toBeGreaterThan(5);
  expect(userColumns).toContainEqual({ table: 'mood_journal', column: 'notes', type: 'text' });
  expect(userColumns).not.toContainEqual(expect.objectContaining({ column: 'created_at' }));
  expect(userColumns).not.toContainEqual(expect.objectContaining({ column: 'deleted_at' }));
});

describe('numbers', () => {
  test('every user-written number has a range in bounds.ts (a _range CHECK) or is finite-only (a _finite CHECK)', () => {
    const unbounded = of(NUMERIC)()
      .filter(({ table, column }) => !(table === 'measurements' && column === 'value'))
      .filter(({ table, column }) => {
        const range = (ranges as Record<string, Record<string, unknown>>)[table]?.[column];
        if (range) return !checks.has(`${table}_${column}_range`);
        return !(finiteOnly[table]?.includes(column) && checks.has(`${table}_${column}_finite`));
      })
      .map(({ table, column }) => `${table}.${column}`);
    expect(unbounded).toEqual([]);
    expect(checks.get('measurements_value_range')).toMatch(/measurement_in_range\(metric, value, unit\)/);
  });

  test('every numeric/real/double column a user writes refuses NaN, Infinity and -Infinity', async () => {
    const accepted: string[] = [];
    for (const { table, column } of of(FLOATING)()) {
      for (const v of ['NaN', 'Infinity', '-Infinity']) {
        if (!(await setValue(table, column, v))) accepted.push(`${table}.${column}=${v}`);
      }
    }
    expect(accepted).toEqual([]);
  });

  test('each float column has its own CHECK against NaN (catalog): a range or a _finite', () => {
    const missing = of(FLOATING)()
      .filter(({ table, column }) => !['_range', '_finite'].some((s) => checks.has(`${table}_${column}${s}`)) && !(table === 'measurements' && column === 'value'))
      .map(({ table, column }) => `${table}.${column}`);
    expect(missing).toEqual([]);
  });

  test('a finite-only column refuses NaN with a message naming it', async () => {
    const error = await setValue('goals', 'target_value', 'NaN');
    expect(error).toMatchObject({ code: '23514', column: 'target_value', message: 'targetValue must be a finite number' });
  });
});

describe('measurements: a range per metric, judged in its canonical unit', () => {
  test('bounds.ts has a range for every metric of the enum', async () => {
    const { rows } = await client.query(`select unnest(enum_range(null::vitalis.measurement_metric))::text as m`);
    expect(rows.map((r) => r.m).sort()).toEqual(Object.keys(measurementBounds).sort());
  });

  const metrics = Object.entries(measurementBounds).map(([metric, b]) => ({ metric, ...b }));
  test.each(metrics)('$metric: SQL and bounds.ts agree at min, max and 0.001 beyond', async ({ metric, kind, unit, range }) => {
    // The canonical unit as written in the table (kind 'any': whatever unit, here the display one).
    const unitText = kind === 'any' ? unit || 'x' : Object.keys(measurementUnits[kind])[0]!;
    const probes: [number, boolean][] = [[range.min, true], [range.max, true], [range.max + 0.001, false]];
    if (range.min > 0) probes.push([range.min - 0.001, false]);
    for (const [value, ok] of probes) {
      const { where, params } = byPrimaryKey(tables.find((t) => t.name === 'measurements')!, seeded.get('measurements')!, 3);
      await client.query('savepoint m');
      const sql = await client
        .query(`update vitalis.measurements set metric = $1, value = $2, unit = $3 where ${where}`, [metric, value, unitText, ...params])
        .then(
          () => null,
          (error: { column?: string; message: string }) => error,
        );
      await client.query('rollback to savepoint m');
      const ts = measurementProblem(metric, value, unitText);
      expect({ metric, value, sqlOk: sql === null, tsOk: ts === undefined }).toEqual({ metric, value, sqlOk: ok, tsOk: ok });
      if (!ok) {
        expect(sql).toMatchObject({ column: 'value' });
        expect(sql!.message).toBe(ts!.message);
      }
    }
  });

  test('converted units: the same answer on both sides, and a unit of the wrong kind names unit', async () => {
    const probes: [string, number, string][] = [
      ['weight', 9.07, 'kg'], ['weight', 9.08, 'kg'], ['height', 0.29, 'm'], ['height', 71, 'in'], ['height', 10, 'ft'],
      ['body_temperature', 98.6, 'F'], ['body_temperature', 114, '[degF]'], ['body_temperature', 310, 'K'],
      ['blood_glucose', 5.5, 'mmol/L'], ['blood_glucose', 60, 'mmol/L'], ['blood_pressure_systolic', 16, 'kPa'],
      ['lean_mass', 1200, 'lbs'], ['height', 1, 'furlongs'], ['weight', 80, '%'],
    ];
    for (const [metric, value, unit] of probes) {
      const { rows } = await client.query(`select vitalis_private.measurement_in_range($1, $2, $3) as ok, vitalis.normalize_unit($3) as k`, [metric, value, unit]);
      const ts = measurementProblem(metric, value, unit);
      expect({ metric, value, unit, unitKey: normalizeMeasurementUnit(unit), sql: rows[0].ok }).toEqual({ metric, value, unit, unitKey: rows[0].k, sql: ts === undefined });
    }
    const error = await asRequest(db.pool, { userId }, (c) =>
      c.query(`insert into vitalis.measurements (metric, value, unit, measured_at) values ('height', 1, 'furlongs', now())`)).catch((e) => e);
    expect(error).toMatchObject({ code: '23514', column: 'unit', message: 'unit "furlongs" is not a unit for height (accepted: cm, m, mm, in, ft)' });
  });

  test('SpO2 120 % is refused, naming value and the range', async () => {
    const error = await asRequest(db.pool, { userId }, (c) =>
      c.query(`insert into vitalis.measurements (metric, value, unit, measured_at) values ('spo2', 120, '%', now())`)).catch((e) => e);
    expect(error).toMatchObject({ code: '23514', column: 'value', message: 'value for spo2 must be between 50 and 100 %' });
  });
});

describe('dates', () => {
  test('every user-written date and timestamp has a _window CHECK of its kind (date of birth has its own rule)', () => {
    const missing = of(DATES)()
      .filter(({ table, column }) => !(table === 'users' && column === 'date_of_birth'))
      .filter(({ table, column }) => {
        const def = checks.get(`${table}_${column}_window`);
        return !def || !def.includes(`date_window_end('${dateKind(table, column)}'`);
      })
      .map(({ table, column }) => `${table}.${column}`);
    expect(missing).toEqual([]);
  });

  test('every one refuses 1999-12-31 and the first day past its window, and accepts 2000-01-01 and the last day in it', async () => {
    const wrong: string[] = [];
    for (const { table, column, type } of of(DATES)().filter((c) => !(c.table === 'users' && c.column === 'date_of_birth'))) {
      const end = dateWindowEnd(dateKind(table, column), today);
      const last = new Date(Date.parse(`${end}T00:00:00Z`) - 86400000).toISOString().slice(0, 10);
      const asValue = (d: string) => (type === 'date' ? d : `${d}T12:00:00Z`);
      // Columns paired with another (reported_at >= collected_at, end >= start): keep the pair apart.
      for (const [d, ok] of [['2000-01-01', true], [last, true], ['1999-12-31', false], [end, false]] as [string, boolean][]) {
        const error = await setValue(table, column, asValue(d));
        const refusedByWindow = error !== null && (error.message.includes(`${fieldName(column)} must be on or after 2000-01-01 and before ${end}`) || /no partition/.test(error.message));
        if (ok ? error !== null && refusedByWindow : !refusedByWindow) wrong.push(`${table}.${column}=${d}: ${error?.message ?? 'accepted'}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test('mood 1900 and 2999 are refused like wearables, naming journal_date', async () => {
    for (const d of ['1900-01-01', '2999-01-01']) {
      expect(await setValue('mood_journal', 'journal_date', d)).toMatchObject({ code: '23514', column: 'journal_date' });
    }
  });
});

describe('sizes', () => {
  test('every user-written text and text[] column has a _length CHECK with the limit of bounds.ts', () => {
    const missing = of(TEXTS)()
      .filter(({ table, column, type }) => {
        const def = checks.get(`${table}_${column}_length`);
        const limit = type === 'text[]' ? `<= ${textLimits.arrayItems}` : `<= ${textLimit(column)}`;
        return !def?.includes(limit);
      })
      .map(({ table, column }) => `${table}.${column}`);
    expect(missing).toEqual([]);
  });

  test('every user-written JSON column has a _size CHECK with the limit of bounds.ts', () => {
    const missing = of(JSONS)()
      .filter(({ table, column }) => !checks.get(`${table}_${column}_size`)?.includes(`<= ${jsonLimit(column)}`))
      .map(({ table, column }) => `${table}.${column}`);
    expect(missing).toEqual([]);
  });

  test('SQL refuses one character over each text limit, and a note of exactly 10,000 is fine', async () => {
    const accepted: string[] = [];
    for (const { table, column, type } of of(TEXTS)()) {
      const value = type === 'text[]' ? Array.from({ length: textLimits.arrayItems + 1 }, () => 'a') : 'a'.repeat(textLimit(column) + 1);
      if (!(await setValue(table, column, value))) accepted.push(`${table}.${column}`);
    }
    expect(accepted).toEqual([]);
    expect(await setValue('mood_journal', 'notes', 'n'.repeat(10000))).toBeNull();
    expect(await setValue('mood_journal', 'notes', 'n'.repeat(900 * 1024))).toMatchObject({
      code: '23514', column: 'notes', message: 'notes must be at most 10000 characters',
    });
    expect(await setValue('menstrual_cycles', 'symptoms', ['cramps', 'x'.repeat(201)])).toMatchObject({ code: '23514', column: 'symptoms' });
  });

  test('SQL refuses JSON over its limit', async () => {
    const accepted: string[] = [];
    for (const { table, column } of of(JSONS)()) {
      if (!(await setValue(table, column, JSON.stringify({ big: 'x'.repeat(jsonLimit(column)) })))) accepted.push(`${table}.${column}`);
    }
    expect(accepted).toEqual([]);
  });
});

describe('batch upserts refuse keys that are not columns', () => {
  const cases = [
    { fn: 'upsert_wearable_daily', good: { date: '2025-05-01', source: 'garmin', steps: 100 }, bad: { date: '2025-05-02', source: 'garmin', stepz: 5 }, key: 'stepz' },
    { fn: 'upsert_wearable_sleep', good: { sleep_date: '2025-05-01', source: 'oura' }, bad: { sleep_date: '2025-05-02', source: 'oura', deep_minutez: 5 }, key: 'deep_minutez' },
    { fn: 'upsert_wearable_activities', good: { activity_date: '2025-05-01', source: 'garmin', activity_type: 'running' }, bad: { activity_date: '2025-05-02', source: 'garmin', activity_type: 'running', distance: 5 }, key: 'distance' },
    { fn: 'upsert_measurements', good: { metric: 'weight', value: 80, unit: 'kg', measured_at: '2025-05-01T08:00:00Z' }, bad: { metric: 'weight', valu: 80, unit: 'kg', measured_at: '2025-05-02T08:00:00Z' }, key: 'valu' },
  ];
  test.each(cases)('$fn names the row and the key', async ({ fn, good, bad, key }) => {
    const rows = [good, good, good, bad];
    const error = await asRequest(db.pool, { userId }, (c) => c.query(`select * from vitalis.${fn}($1::jsonb)`, [JSON.stringify(rows)])).catch((e) => e);
    expect(error).toMatchObject({ code: '22023', column: 'rows', message: `rows[3].${key} is not a known field` });
  });

  test('several unknown keys are all named', async () => {
    const rows = [{ date: '2025-05-01', source: 'garmin', stepz: 1, floorz: 2 }, { date: '2025-05-02', source: 'garmin', hrv: 3 }];
    const error = await asRequest(db.pool, { userId }, (c) => c.query(`select * from vitalis.upsert_wearable_daily($1::jsonb)`, [JSON.stringify(rows)])).catch((e) => e);
    expect(error.message).toBe('rows[0].floorz, rows[0].stepz, rows[1].hrv are not known fields');
  });

  test('known keys still upsert', async () => {
    const result = await asRequest(db.pool, { userId }, (c) =>
      c.query(`select * from vitalis.upsert_wearable_daily($1::jsonb)`, [JSON.stringify([{ date: '2025-05-03', source: 'garmin', steps: 5, raw_data: { a: 1 } }])]));
    expect(result.rows[0]).toMatchObject({ inserted: 1 });
  });
});
