// The scale benchmark's loader and level on this file's test database, tiny: users stream in by
// chunks, an interrupted chunk is taken out and loaded again, a larger level extends a smaller one
// with the same users, and a level is measured end to end. The real run is BENCH_SCALE=1 npm run bench.
import { Pool } from 'pg';
import { generateUsers } from '../../bench/generate';
import { loadUsers } from '../../bench/scale/load';
import { measureLevel } from '../../bench/scale/level';
import { MANIFEST_FORMAT, compatible, migrationsFingerprint, readManifest, writeManifest, type Manifest } from '../../bench/scale/manifest';
import { resolveScaleOptions } from '../../bench/scale/options';
import { formatScaleReport } from '../../bench/scale/report';
import { PROTOCOL_FLOOR } from '../../bench/measure';
import { seedUsers } from '../../bench/setup';
import type { PlanSummary } from '../../bench/result';
import { useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
const options = { ...resolveScaleOptions({ BENCH_SCALE_USERS: '4', BENCH_SCALE_YEARS: '0.1', BENCH_SCALE_CHUNK: '2', BENCH_SCALE_ARRIVALS: '2', BENCH_ITERATIONS: '5', BENCH_WARMUP: '1', BENCH_HTTP: '0' }) };
let pool: Pool;
let manifest: Manifest;

const count = async (table: string) => Number((await pool.query(`select count(*) from ${table}`)).rows[0].count);

beforeAll(async () => {
  pool = new Pool({ connectionString: db.url, max: 3 });
  pool.on('error', () => {}); // the database is dropped after the file
  const today = (await pool.query(`select current_date::text as d, (current_date - $1::int + 1)::text as s`, [options.days])).rows[0];
  manifest = { format: MANIFEST_FORMAT, users: 4, usersLoaded: 0, days: options.days, seed: options.seed, startDate: today.s, endDate: today.d, migrations: migrationsFingerprint(), loadMs: 0 };
  for (const t of ['wearable_daily', 'wearable_sleep', 'wearable_activities']) {
    await pool.query('select vitalis_private.ensure_partitions($1::regclass, $2::date, $3::date)', [`vitalis.${t}`, manifest.startDate, manifest.endDate]);
  }
  await writeManifest(pool, manifest);
});

afterAll(async () => {
  await pool.end();
});

test('scale options: levels sorted, years bounded, every setting named in its error', () => {
  expect(resolveScaleOptions({})).toMatchObject({ levels: [1000, 10000], days: 1825, chunkUsers: 20, jobs: 2 });
  expect(resolveScaleOptions({ BENCH_SCALE_USERS: '500, 50' }).levels).toEqual([50, 500]);
  expect(() => resolveScaleOptions({ BENCH_SCALE_USERS: 'lots' })).toThrow(/BENCH_SCALE_USERS/);
  expect(() => resolveScaleOptions({ BENCH_SCALE_YEARS: '40' })).toThrow(/BENCH_SCALE_YEARS/);
  expect(() => resolveScaleOptions({ BENCH_SCALE_CHUNK: '0' })).toThrow(/BENCH_SCALE_CHUNK/);
});

test('users stream in by chunks; the manifest says how far the load got', async () => {
  manifest.users = 2;
  const first = await loadUsers(pool, manifest, options, () => {});
  expect(first.users).toBe(2);
  expect((await readManifest(pool))?.usersLoaded).toBe(2);
  expect(await count('vitalis.users')).toBe(2);
  expect(await count('vitalis.wearable_daily')).toBeGreaterThan(2 * options.days);
  expect(await count('vitalis.measurements')).toBe(2 * options.days);
  // Audited as in production: one INSERT audit row per loaded wearable row.
  expect(Number((await pool.query(`select count(*) from vitalis.audit_log where table_name = 'wearable_daily' and action = 'INSERT'`)).rows[0].count)).toBe(await count('vitalis.wearable_daily'));
});

test('a chunk interrupted after its users were written is loaded again from the start', async () => {
  // The next chunk's users exist (their own transaction committed) but none of their data does.
  await seedUsers(pool, generateUsers({ seed: options.seed, users: 2, endDate: manifest.endDate, from: 2 }));
  const daily = await count('vitalis.wearable_daily');
  manifest.users = 4; // a larger level extends the smaller one: users 0..1 stay as they are
  await loadUsers(pool, manifest, options, () => {});
  expect((await readManifest(pool))?.usersLoaded).toBe(4);
  expect(await count('vitalis.users')).toBe(4);
  expect(await count('vitalis.wearable_daily')).toBeGreaterThan(daily);
  expect(compatible(manifest, { days: options.days, seed: options.seed, migrations: migrationsFingerprint() })).toBe(true);
  expect(compatible(manifest, { days: options.days + 1, seed: options.seed, migrations: migrationsFingerprint() })).toBe(false);
});

test('a level is measured and the data set is left as loaded', async () => {
  const before = { users: await count('vitalis.users'), daily: await count('vitalis.wearable_daily'), audit: await count('vitalis.audit_log') };
  const level = await measureLevel({ name: 'test', url: db.url, manifest, origin: 'reused', load: null }, options, () => {});
  expect(level.users).toBe(4);
  expect(level.ingestion.arrivals).toBe(2);
  expect(level.ingestion.tables.map((t) => t.table)).toEqual(['wearable_daily', 'wearable_sleep', 'wearable_activities']);
  expect(level.dashboard.rls.latency.n).toBe(5);
  expect(level.dashboard.extra.map((e) => e.name)).toEqual(['rls, date parameter', 'rls, prepared (generic plan)', 'rls, prepared, household lookup', 'superuser, prepared (generic plan)', PROTOCOL_FLOOR]);
  expect(level.dashboard.mismatches).toBe(0);
  expect(level.biomarkerTrend?.plans?.map((p: PlanSummary) => `${p.mode}, ${p.variant}`)).toEqual(['rls, date parameter', 'rls, prepared, generic plan', 'superuser, prepared, generic plan']);
  expect(level.sizes.find((s) => s.table === 'vitalis.wearable_daily')?.indexes.length).toBeGreaterThan(0);
  // The arrivals are gone again: what the next run measures is what was loaded.
  expect({ users: await count('vitalis.users'), daily: await count('vitalis.wearable_daily'), audit: await count('vitalis.audit_log') }).toEqual(before);
  const report = formatScaleReport({ kind: 'scale', startedAt: '', finishedAt: '', machine: { cpus: 2, memoryGiB: 1, loadAverage: { start: [0, 0, 0], end: [0, 0, 0] } }, server: 'external', options, levels: [level] });
  expect(report).toMatch(/audited \/ unaudited write cost/);
  expect(report).toMatch(/dashboard: statement p50 \/ EXPLAIN execution/);
}, 120_000);
