// The scale run's disk check: what the levels add to the server's disk, and the refusal, made
// before anything is loaded, when that does not fit.
import { bytesNeeded, diskVerdict, levelPlan, serverDiskFree } from '../../bench/scale/diskCheck';
import { MANIFEST_FORMAT, type Manifest } from '../../bench/scale/manifest';
import { resolveScaleOptions } from '../../bench/scale/options';
import { useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
const MIB = 2 ** 20;
const GIB = 2 ** 30;
const want = { days: 1825, seed: 'vitalis', migrations: 'abc' };
const kept = (over: Partial<Manifest>): Manifest => ({
  format: MANIFEST_FORMAT, users: 1000, usersLoaded: 1000, startDate: '2021-12-08', endDate: '2026-12-06', loadMs: 1, ...want, ...over,
});

test('every user not loaded yet costs a user-year per year, plus the WAL; a run with nothing to load needs nothing', () => {
  const fresh = [levelPlan(1000, null, undefined, want, false), levelPlan(10000, null, undefined, want, false)];
  // 11,000 users x 5 years x 2 MiB, 10 % slack, 1 GiB of WAL.
  expect(bytesNeeded(fresh, 1825, 2 * MIB, GIB)).toBeCloseTo(11000 * 5 * 2 * MIB * 1.1 + GIB, -3);
  const done = [levelPlan(1000, kept({}), 13 * GIB, want, false)];
  expect(bytesNeeded(done, 1825, 2 * MIB, GIB)).toBe(0);
});

test("a kept data set is reused or resumed only as ensureDataset would; otherwise it is dropped and its bytes come back", () => {
  expect(levelPlan(1000, kept({ usersLoaded: 400 }), 5 * GIB, want, false)).toEqual({ users: 1000, usersLoaded: 400, droppedBytes: 0 });
  expect(levelPlan(1000, kept({ migrations: 'older' }), 5 * GIB, want, false)).toEqual({ users: 1000, usersLoaded: 0, droppedBytes: 5 * GIB });
  expect(levelPlan(1000, kept({ migrations: 'older' }), 5 * GIB, want, true)).toEqual({ users: 1000, usersLoaded: 1000, droppedBytes: 0 });
  expect(levelPlan(1000, null, 2 * GIB, want, false)).toEqual({ users: 1000, usersLoaded: 0, droppedBytes: 2 * GIB });
  const resumed = bytesNeeded([levelPlan(1000, kept({ usersLoaded: 400 }), 5 * GIB, want, false)], 365, 2 * MIB, 0);
  expect(resumed).toBeCloseTo(600 * 2 * MIB * 1.1, -3);
  const replaced = bytesNeeded([levelPlan(1000, kept({ seed: 'other' }), 1 * GIB, want, false)], 365, 2 * MIB, 0);
  expect(replaced).toBeCloseTo(1000 * 2 * MIB * 1.1 - GIB, -3);
});

test('a run that does not fit is refused with what it needs, what is free, and the settings that change it', () => {
  const options = resolveScaleOptions({});
  const need = { bytes: 155 * GIB, bytesPerUserYear: 2.6 * MIB, measuredFrom: 'as measured' };
  const message = diskVerdict(need, { bytes: 77 * GIB, where: '/var/lib/postgresql/15/main' }, options);
  expect(message).toMatch(/^BENCH_SCALE: the levels 1000, 10000 x 5 years need about 155 GiB more/);
  expect(message).toContain('2.60 MiB per user-year');
  expect(message).toContain('/var/lib/postgresql/15/main has 77 GiB free');
  for (const setting of ['BENCH_SCALE_USERS', 'BENCH_SCALE_YEARS', 'BENCH_SCALE_DISK_CHECK=0']) expect(message).toContain(setting);
  expect(diskVerdict({ ...need, bytes: 70 * GIB }, { bytes: 77 * GIB, where: '/data' }, options)).toBeNull();
  expect(resolveScaleOptions({ BENCH_SCALE_DISK_CHECK: '0' }).diskCheck).toBe(false);
});

test("the free space is read from the server's own data directory, and only for a server on this machine", async () => {
  const free = await serverDiskFree(db.url);
  if ('unknown' in free) throw new Error(`expected the local test server's disk: ${free.unknown}`);
  expect(free.bytes).toBeGreaterThan(0);
  expect(free.walBytes).toBeGreaterThan(0);
  const { rows } = await db.pool.query(`select current_setting('data_directory') as dir`);
  expect(free.where).toBe(rows[0].dir);
  expect(await serverDiskFree('postgres://postgres@db.example.com:5432/postgres')).toEqual({ unknown: 'db.example.com is not this machine' });
});
