import { refreshBenchmarks } from '../../tasks/analytics__refresh_benchmarks';
import { useTestDatabase } from '../helpers/db';
import { WOMEN_GLUCOSE_POINTS, WOMEN_RESTING_HR_POINTS, refresh, seedPopulation, type Population } from './fixture';

// The benchmark materialized views (docs/analytics.md): percentiles by sex and age band, groups
// under k = 10 absent, refreshed concurrently.

const db = useTestDatabase();
let people: Population;

const points = `p05::float8, p10::float8, p25::float8, p50::float8, p75::float8, p90::float8, p95::float8`;

beforeAll(async () => {
  people = await seedPopulation(db.pool);
});

test('the views start empty (not populated); the first refresh fills them, the next ones are concurrent', async () => {
  const populated = async () =>
    (await db.pool.query(`select relname, relispopulated from pg_class where oid in ('analytics.benchmark_daily_metrics'::regclass, 'analytics.benchmark_biomarkers'::regclass) order by 1`)).rows;
  expect(await populated()).toEqual([
    { relname: 'benchmark_biomarkers', relispopulated: false },
    { relname: 'benchmark_daily_metrics', relispopulated: false },
  ]);
  expect(await refresh(db.pool)).toEqual([
    { view_name: 'analytics.benchmark_daily_metrics', groups: expect.any(Number), refreshed_concurrently: false },
    { view_name: 'analytics.benchmark_biomarkers', groups: expect.any(Number), refreshed_concurrently: false },
  ]);
  const first = (await db.pool.query(`select metric, sex, age_band, n, ${points} from analytics.benchmark_daily_metrics order by 1, 2, 3`)).rows;
  // Twice concurrently, as the worker task does it: same content.
  for (let i = 0; i < 2; i++) {
    expect((await refresh(db.pool)).map((r) => r.refreshed_concurrently)).toEqual([true, true]);
  }
  expect((await db.pool.query(`select metric, sex, age_band, n, ${points} from analytics.benchmark_daily_metrics order by 1, 2, 3`)).rows).toEqual(first);
});

test('percentiles of the published group are the hand-computed ones, and the excluded people change nothing', async () => {
  const { rows } = await db.pool.query(`select unit, n, ${points}, window_days from analytics.benchmark_daily_metrics where metric = 'resting_hr_bpm' and sex = 'female' and age_band = '30-39'`);
  // Ten women; not the pending deletion, the soft-deleted, the minor (all at 110 bpm) nor the one with three days.
  expect(rows).toEqual([{ unit: 'bpm', n: 10, ...WOMEN_RESTING_HR_POINTS, window_days: 90 }]);
  const glucose = await db.pool.query(`select unit, n, ${points} from analytics.benchmark_biomarkers where biomarker = 'glucose' and sex = 'female' and age_band = '30-39'`);
  // The latest result of each woman (the older 150 mg/dL ones are superseded).
  expect(glucose.rows).toEqual([{ unit: 'mg/dL', n: 10, ...WOMEN_GLUCOSE_POINTS }]);
});

test('a group of fewer than 10 people is absent, and so is a total that would give it away by subtraction', async () => {
  const groups = async (table: string, key: string, value: string) =>
    (await db.pool.query(`select sex, age_band, n from analytics.${table} where ${key} = $1 order by 1, 2`, [value])).rows;
  // Four men of 45: no row. Everyone (14) minus the published women (10) would describe those four: no total either.
  expect(await groups('benchmark_daily_metrics', 'metric', 'resting_hr_bpm')).toEqual([{ sex: 'female', age_band: '30-39', n: 10 }]);
  expect(await groups('benchmark_biomarkers', 'biomarker', 'glucose')).toEqual([{ sex: 'female', age_band: '30-39', n: 10 }]);
  // Steps: only the women have them, so the total adds nobody unpublished and is shown.
  expect(await groups('benchmark_daily_metrics', 'metric', 'steps')).toEqual([
    { sex: 'all', age_band: 'all', n: 10 },
    { sex: 'female', age_band: '30-39', n: 10 },
  ]);
  const small = await db.pool.query(`select count(*)::int as n from (select n from analytics.benchmark_daily_metrics union all select n from analytics.benchmark_biomarkers) g where n < 10`);
  expect(small.rows[0].n).toBe(0);
});

test('a group reaching k people appears on the next refresh; cancelling a deletion brings the person back', async () => {
  await db.pool.query(`update vitalis.deletion_requests set status = 'canceled' where user_id = $1`, [people.pendingDeletion]);
  await refresh(db.pool);
  const { rows } = await db.pool.query(`select n, p95::float8 from analytics.benchmark_daily_metrics where metric = 'resting_hr_bpm' and sex = 'female' and age_band = '30-39'`);
  expect(rows).toEqual([{ n: 11, p95: 89 }]); // 68 + 0.5 * (110 - 68)
  await db.pool.query(`update vitalis.deletion_requests set status = 'pending' where user_id = $1`, [people.pendingDeletion]);
  await refresh(db.pool);
});

test('the worker task\'s refresh reports what each view publishes', async () => {
  const client = await db.pool.connect();
  try {
    // As the worker's own login role runs it.
    await client.query('begin');
    await client.query('set local role vitalis_worker');
    expect(await refreshBenchmarks(client)).toEqual([
      { view: 'analytics.benchmark_daily_metrics', groups: 3, concurrently: true },
      { view: 'analytics.benchmark_biomarkers', groups: 1, concurrently: true },
    ]);
    await client.query('commit');
  } finally {
    client.release();
  }
});

test('only the worker may refresh; the API roles may neither refresh nor read the views', async () => {
  for (const role of ['vitalis_api', 'vitalis_anonymous', 'vitalis_readonly']) {
    const { rows } = await db.pool.query(
      `select has_function_privilege($1, 'vitalis_private.refresh_benchmarks()', 'execute') as refresh,
              has_table_privilege($1, 'analytics.benchmark_daily_metrics', 'select') as daily,
              has_table_privilege($1, 'analytics.benchmark_biomarkers', 'select') as biomarkers,
              has_schema_privilege($1, 'analytics', 'usage') as schema`,
      [role],
    );
    const readable = role === 'vitalis_readonly';
    expect({ role, ...rows[0] }).toEqual({ role, refresh: false, daily: readable, biomarkers: readable, schema: readable });
  }
});

test('no benchmark column can name or link to a person', async () => {
  const { rows } = await db.pool.query(
    `select c.relname, a.attname, format_type(a.atttypid, a.atttypmod) as type
       from pg_attribute a join pg_class c on c.oid = a.attrelid
      where c.oid in ('analytics.benchmark_daily_metrics'::regclass, 'analytics.benchmark_biomarkers'::regclass) and a.attnum > 0 and not a.attisdropped
      order by 1, a.attnum`,
  );
  expect(rows.filter((r) => r.type === 'uuid' || /(^|_)(id|subject|user|email|name)$/.test(r.attname))).toEqual([]);
  // Distinct values of every text column: categories, never something one person wrote.
  const texts = await db.pool.query(
    `select distinct x from (select metric as x from analytics.benchmark_daily_metrics union all select unit from analytics.benchmark_daily_metrics
       union all select sex from analytics.benchmark_daily_metrics union all select age_band from analytics.benchmark_daily_metrics
       union all select biomarker from analytics.benchmark_biomarkers union all select unit from analytics.benchmark_biomarkers) t order by 1`,
  );
  expect(texts.rows.map((r) => r.x)).toEqual(['30-39', 'all', 'bpm', 'female', 'glucose', 'mg/dL', 'resting_hr_bpm', 'steps']);
});

test('age bands: 18-29, then decades, 70+; unknown without a birth date; nobody under 18', async () => {
  const { rows } = await db.pool.query(
    `select years, vitalis_private.benchmark_age_band((date '2026-06-15' - make_interval(years => years))::date, date '2026-06-15') as band
       from unnest(array[13, 17, 18, 29, 30, 39, 40, 69, 70, 99]) years`,
  );
  expect(Object.fromEntries(rows.map((r) => [r.years, r.band]))).toEqual({
    13: null, 17: null, 18: '18-29', 29: '18-29', 30: '30-39', 39: '30-39', 40: '40-49', 69: '60-69', 70: '70+', 99: '70+',
  });
  // The day before the 18th birthday is still 17.
  const { rows: eve } = await db.pool.query(`select vitalis_private.benchmark_age_band(date '2008-06-16', date '2026-06-15') as band, vitalis_private.benchmark_age_band(null, current_date) as unknown`);
  expect(eve).toEqual([{ band: null, unknown: 'unknown' }]);
});

test('a percentile from the published points: linear between them, the middle level on ties, the bound outside', async () => {
  const at = async (value: number, points: number[]) =>
    (await db.pool.query(`select vitalis_private.percentile_from_points($1, $2::numeric[])::float8 as p`, [value, points])).rows[0].p;
  const points = [50.9, 51.8, 54.5, 59, 63.5, 66.2, 67.1];
  expect(await at(60, points)).toBe(55.6); // 50 + (60 - 59) / 4.5 * 25
  expect(await at(59, points)).toBe(50);
  expect(await at(53.15, points)).toBe(17.5); // halfway between p10 and p25
  expect(await at(40, points)).toBe(5);
  expect(await at(80, points)).toBe(95);
  // Half the group at the same value: p25, p50 and p75 tie at 7000.
  expect(await at(7000, [5000, 6000, 7000, 7000, 7000, 9000, 9500])).toBe(50);
  expect(await at(8000, [5000, 6000, 7000, 7000, 7000, 9000, 9500])).toBe(82.5); // between p75 and p90
});
