import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

const exec = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'strong', 'workouts.csv');

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const run = (...args: string[]) =>
  exec(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'src', 'cli', 'import.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: db.url },
  }).then((r) => ({ code: 0, out: r.stdout, err: r.stderr }), (e) => ({ code: e.code as number, out: e.stdout as string, err: e.stderr as string }));

test('npm run import creates a local user, imports a Strong export, and a second run changes nothing', async () => {
  const first = await run('--user', 'Lifter@Example.com', '--create-user', '--type', 'strong', FIXTURE);
  expect(first.code).toBe(0);
  expect(first.out).toMatch(/sessions: [1-9]\d* inserted, 0 updated, 0 unchanged/);
  const second = await run('--user', 'lifter@example.com', '--type', 'strong', FIXTURE);
  expect(second.code).toBe(0);
  expect(second.out).toMatch(/sessions: 0 inserted, 0 updated, [1-9]\d* unchanged/);
  expect(second.out).toMatch(/sets: 0 inserted, 0 replaced/);
}, 60000);

test('bad arguments name the option and the rule; an unknown user is refused without --create-user', async () => {
  expect(await run('--user', 'not-an-email', '--type', 'strong', FIXTURE)).toMatchObject({ code: 2, err: expect.stringContaining('users.email must be a valid email address') });
  expect(await run('--user', 'a@example.com', '--type', 'gpx', FIXTURE)).toMatchObject({ code: 2, err: expect.stringContaining('--type must be one of') });
  expect(await run('--user', 'nobody@example.com', '--type', 'strong', FIXTURE)).toMatchObject({ code: 1, err: expect.stringContaining('no user with email nobody@example.com') });
}, 60000);

const SAMPLE_FIT = path.resolve(ROOT, '..', 'shared', 'samples', 'garmin_fit', 'Activity.fit');
(fs.existsSync(SAMPLE_FIT) ? test : test.skip)('npm run import --type fit imports a Garmin activity and refuses a truncated file clearly', async () => {
  const ok = await run('--user', 'runner@example.com', '--create-user', '--type', 'fit', SAMPLE_FIT);
  expect(ok).toMatchObject({ code: 0, out: expect.stringContaining('activities: 1 inserted, 0 updated, 0 unchanged') });
  const truncated = await run('--user', 'runner@example.com', '--type', 'fit', SAMPLE_FIT.replace('Activity.fit', 'activity-unexpected-eof.fit'));
  expect(truncated).toMatchObject({ code: 1, err: expect.stringContaining('FIT file: ends unexpectedly') });
}, 60000);

test('npm run import --type apple-health prints every table, the skipped values and the unmapped types; a second run changes nothing', async () => {
  const file = path.join(ROOT, 'test', 'fixtures', 'apple-health', 'export.xml');
  const first = await run('--user', 'walker@example.com', '--create-user', '--type', 'apple-health', file);
  expect(first.code).toBe(0);
  expect(first.out).toMatch(/records read: [1-9]\d*/);
  expect(first.out).toMatch(/daily: [1-9]\d* inserted, 0 updated, 0 unchanged/);
  expect(first.out).toMatch(/sleep: [1-9]\d* inserted/);
  expect(first.out).toMatch(/measurements: [1-9]\d* inserted/);
  expect(first.out).toContain('skipped 1: wearable_daily.steps outside 0..100000');
  expect(first.out).toContain('not imported (no column for it): HKQuantityTypeIdentifierHeadphoneAudioExposure (2)');
  const second = await run('--user', 'walker@example.com', '--type', 'apple-health', file);
  expect(second.out).toMatch(/daily: 0 inserted, 0 updated, [1-9]\d* unchanged/);
  expect(second.out).toMatch(/measurements: 0 inserted/);
  expect(await run('--user', 'walker@example.com', '--type', 'apple-health', '--unit', 'kg', file)).toMatchObject({ code: 2, err: expect.stringContaining('--unit applies to strong and hevy files only') });
}, 60000);
