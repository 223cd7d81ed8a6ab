import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { activityMessages } from '../fixtures/fit/build';
import { runFit } from '../fixtures/fit/run';
import { useTestDatabase } from '../helpers/db';

const exec = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'strong', 'workouts.csv');

const db = useTestDatabase();

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

test('npm run import --type fit imports an activity and refuses a truncated file clearly', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-cli-'));
  const fit = path.join(dir, 'activity.fit');
  const [built] = await runFit([{ op: 'encode', out: fit, messages: activityMessages([{ start: '2025-02-01T07:00:00Z', sport: 'cycling', timerSeconds: 1800, records: [{ at: 0, heartRate: 120 }] }]) }]);
  expect(built!.ok).toBeDefined();
  const ok = await run('--user', 'runner@example.com', '--create-user', '--type', 'fit', fit);
  expect(ok).toMatchObject({ code: 0, out: expect.stringContaining('activities: 1 inserted, 0 updated, 0 unchanged') });
  const truncated = path.join(dir, 'activity-unexpected-eof.fit');
  const bytes = fs.readFileSync(fit);
  fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
  expect(await run('--user', 'runner@example.com', '--type', 'fit', truncated)).toMatchObject({ code: 1, err: expect.stringContaining('FIT file: ends unexpectedly') });
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

test('npm run import groups skipped rows by reason with their first lines, counts every row and prints the warnings', async () => {
  const file = path.join(ROOT, 'test', 'fixtures', 'strong', 'every-row-kind.csv');
  const first = await run('--user', 'cardio@example.com', '--create-user', '--type', 'strong', file);
  expect(first.code).toBe(0);
  expect(first.out).toContain('rows read: 21 (16 sets, 5 skipped)');
  expect(first.out).toContain('skipped 1: a Strong "Rest Timer" row (rest between sets, not a set; lifting_sets has no rest column) (line 5)');
  expect(first.out).toContain('skipped 1: weight outside lifting_sets.weight_lbs 0..2000 lbs (line 20)');
  expect(first.out).toContain('warning: workout "Forgot to stop" of 2024-06-05 07:00:00: length 30h 5m (1d 6h 5m) is over a day');
  expect(first.out).toContain('unmatched exercise (kept, no dictionary link): "Landmine Zercher Twist" (1 sets)');

  // 128 rest-timer rows, as a real export has them: one line, not 128.
  const header = 'Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE';
  const rows = Array.from({ length: 128 }, (_, i) => `2024-08-01 18:00:00,"Rest heavy",1h,"Squat (Barbell)",${i % 2 ? 'Rest Timer' : String(i / 2 + 1)},${i % 2 ? 0 : 100},${i % 2 ? 0 : 5},0,${i % 2 ? 90 : 0},,,`);
  const big = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-cli-')), 'strong.csv');
  fs.writeFileSync(big, [header, ...rows].join('\n'));
  const grouped = await run('--user', 'cardio@example.com', '--type', 'strong', big);
  expect(grouped.code).toBe(0);
  expect(grouped.out).toContain('rows read: 128 (64 sets, 64 skipped)');
  const skipLines = grouped.out.split('\n').filter((l) => l.includes('skipped '));
  expect(skipLines).toEqual([
    '  skipped 64: a Strong "Rest Timer" row (rest between sets, not a set; lifting_sets has no rest column) (lines 3, 5, 7, 9, 11, 13, 15, 17, 19, 21 and 54 more)',
  ]);
}, 60000);

test('--unit that contradicts a Hevy header is refused naming the header; --unit kg on heavy lbs weights warns naming the flag', async () => {
  const hevy = path.join(ROOT, 'test', 'fixtures', 'hevy', 'workouts-kg.csv');
  const refused = await run('--user', 'units@example.com', '--create-user', '--type', 'hevy', '--unit', 'lbs', hevy);
  expect(refused).toMatchObject({ code: 1, err: expect.stringContaining('contradicts the file, whose header "weight_kg" says kg') });

  const header = 'Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE';
  const heavy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-cli-')), 'strong.csv');
  fs.writeFileSync(heavy, [header, '2024-07-01 18:00:00,"Legs",1h,"Squat (Barbell)",1,590.0,3,0,0,,,'].join('\n'));
  const warned = await run('--user', 'units@example.com', '--type', 'strong', '--unit', 'kg', heavy);
  expect(warned.code).toBe(0);
  expect(warned.out).toContain(
    'warning: 1 set(s) weigh more than anyone lifts with that equipment once Weight is read as kg (--unit kg / weightUnit=kg): line 2 "Squat (Barbell)" 590 kg = 1,300.7 lbs',
  );
  expect(warned.out).toContain('import the file again with --unit lbs');
}, 60000);

// Sniffing: the file's content, not --type, says what it is (src/importers/sniff.ts).
test('a FIT file passed as --type apple-health is refused with the type to use; without --type it imports as FIT, and again changes nothing', async () => {
  const fit = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-cli-')), 'morning-run.fit');
  const records = Array.from({ length: 5 }, (_, i) => ({ at: i * 60, heartRate: 140 + i, distance: i * 200 }));
  const [built] = await runFit([{ op: 'encode', out: fit, messages: activityMessages([{ start: '2025-03-01T07:00:00Z', sport: 'running', timerSeconds: 300, records }]) }]);
  expect(built!.ok).toBeDefined();
  const wrong = await run('--user', 'sniff@example.com', '--create-user', '--type', 'apple-health', fit);
  expect(wrong).toMatchObject({ code: 2, err: expect.stringContaining('this file is not an Apple Health export; it looks like a FIT activity file: use --type fit') });
  expect(wrong.err).not.toMatch(/malformed XML/);
  expect(await run('--user', 'sniff@example.com', '--create-user', '--type', 'strong', fit)).toMatchObject({ code: 2, err: expect.stringContaining('this file is not a Strong CSV export; it looks like a FIT activity file: use --type fit') });

  const first = await run('--user', 'sniff@example.com', '--create-user', fit);
  expect(first.code).toBe(0);
  expect(first.out).toContain(`Imported ${fit} for sniff@example.com as fit (from its content)`);
  expect(first.out).toContain('read: 1 session, 1 lap, 5 records (FIT file type activity; laps and records are summarised by their session, not stored one by one)');
  expect(first.out).toContain('activities: 1 inserted, 0 updated, 0 unchanged');
  const again = await run('--user', 'sniff@example.com', fit);
  expect(again.out).toContain('activities: 0 inserted, 0 updated, 1 unchanged');
}, 60000);

test('without --type a Strong CSV imports as Strong; a Strong CSV passed as --type hevy is refused; a file of no known kind asks for --type', async () => {
  const strong = await run('--user', 'sniff-lifter@example.com', '--create-user', FIXTURE);
  expect(strong.code).toBe(0);
  expect(strong.out).toContain('as strong (from its content)');
  expect(strong.out).toMatch(/sessions: [1-9]\d* inserted/);
  expect(await run('--user', 'sniff-lifter@example.com', '--type', 'hevy', FIXTURE)).toMatchObject({ code: 2, err: expect.stringContaining('this file is not a Hevy CSV export; it looks like a Strong CSV export: use --type strong') });
  const notes = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-cli-')), 'notes.txt');
  fs.writeFileSync(notes, 'weight 80 kg\n');
  expect(await run('--user', 'sniff-lifter@example.com', notes)).toMatchObject({ code: 2, err: expect.stringContaining('cannot tell what kind of file this is') });
}, 60000);
