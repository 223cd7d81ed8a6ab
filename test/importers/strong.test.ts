import { Readable } from 'node:stream';
import { importLiftingCsv, LiftingImportError } from '../../src/importers/lifting';
import { parseStrongDuration } from '../../src/importers/strong';
import { createTestDatabase, createUser, type TestDatabase } from '../helpers/db';
import { describeWithSamples, sample } from '../helpers/samples';
import { counts, fixture, sets } from './helpers';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

test('Strong durations', () => {
  expect(parseStrongDuration('38min')).toBe(38 * 60);
  expect(parseStrongDuration('1h 5m')).toBe(3900);
  expect(parseStrongDuration('1h')).toBe(3600);
  expect(parseStrongDuration('')).toBeNull();
  expect(parseStrongDuration('soon')).toBeNull();
});

describe('Strong fixture (lbs)', () => {
  let userId: string;
  beforeAll(async () => {
    userId = await createUser(db.pool);
  });

  test('imports sessions and sets with warm-ups, set types, bounds and unmatched exercises', async () => {
    const summary = await importLiftingCsv(db.pool, { userId, format: 'strong', csv: fixture('strong', 'workouts.csv') });
    expect(summary.sessions).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(summary.sets).toEqual({ inserted: 10, deleted: 0 });
    expect(summary.unmatchedExercises).toEqual([{ name: 'Landmine Zercher Twist', sets: 2 }]);
    expect(summary.skipped.map((s) => s.row)).toEqual([9, 11]);
    expect(summary.skipped[0]!.reason).toMatch(/cardio/);
    expect(summary.skipped[1]!.reason).toMatch(/reps 0 outside lifting_sets.reps 1..999/);

    const { rows: sessions } = await db.pool.query(
      `select name, session_date::text, source::text, source_session_id, duration_seconds, notes from vitalis.lifting_sessions where user_id = $1 order by session_date`,
      [userId],
    );
    expect(sessions).toEqual([
      { name: 'Push Day', session_date: '2024-03-04', source: 'strong', source_session_id: '2024-03-04 18:02:11 Push Day', duration_seconds: 3900, notes: 'Felt strong, slept well' },
      { name: 'Pull Day', session_date: '2024-03-06', source: 'strong', source_session_id: '2024-03-06 07:15:00 Pull Day', duration_seconds: 2280, notes: null },
    ]);

    const all = await sets(db.pool, userId);
    const push = all.filter((s) => s.session === 'Push Day');
    expect(push.map((s) => [s.exercise, s.exercise_order, s.set_number, s.weight_lbs, s.reps, s.rpe, s.is_warmup, s.notes])).toEqual([
      ['bench_press_barbell', 1, 1, 95, 10, null, true, null],
      ['bench_press_barbell', 1, 2, 150, 8, 8, false, 'paused reps'],
      ['bench_press_barbell', 1, 3, 155, 6, 8.5, false, null],
      ['bench_press_barbell', 1, 4, 115, 10, null, false, 'set type: drop'],
      ['overhead_press_barbell', 2, 1, 85, 8, null, false, null],
      ['overhead_press_barbell', 2, 2, 85, 5, 10, false, 'set type: failure'],
      [null, 3, 1, 45, 12, null, false, 'exercise: Landmine Zercher Twist'],
    ]);
    const pull = all.filter((s) => s.session === 'Pull Day');
    expect(pull.map((s) => [s.exercise, s.weight_lbs, s.reps])).toEqual([
      ['deadlift_barbell', 225, 5],
      ['pull_up', 0, 8],
      [null, 45, 10],
    ]);
  });

  test('re-importing the same file (as a stream) changes nothing and writes no audit rows', async () => {
    const before = await counts(db.pool, userId);
    expect(before.audit).toBeGreaterThan(0);
    const summary = await importLiftingCsv(db.pool, { userId, format: 'strong', csv: Readable.from([fixture('strong', 'workouts.csv')]) });
    expect(summary.sessions).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    expect(summary.sets).toEqual({ inserted: 0, deleted: 0 });
    expect(await counts(db.pool, userId)).toEqual(before);
  });

  test('a changed workout replaces its sets and leaves the others alone', async () => {
    const changed = fixture('strong', 'workouts.csv').replace('Deadlift (Barbell)",1,225.0,5', 'Deadlift (Barbell)",1,230.0,5');
    const summary = await importLiftingCsv(db.pool, { userId, format: 'strong', csv: changed });
    expect(summary.sessions).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
    expect(summary.sets).toEqual({ inserted: 3, deleted: 3 });
    expect((await counts(db.pool, userId)).sessions).toBe(2);
    expect((await sets(db.pool, userId)).find((s) => s.exercise === 'deadlift_barbell')!.weight_lbs).toBe(230);
  });
});

test('kg input converts to lbs', async () => {
  const userId = await createUser(db.pool);
  const summary = await importLiftingCsv(db.pool, { userId, format: 'strong', csv: fixture('strong', 'workouts-kg.csv'), unit: 'kg' });
  expect(summary.sets.inserted).toBe(2);
  expect((await sets(db.pool, userId)).map((s) => s.weight_lbs)).toEqual([220.46, 225.97]);
});

test.each([
  ['bad-header.csv', /missing required column "Exercise Name"/],
  ['bad-date.csv', /line 3: column "Date" must be a date/],
])('%s throws a clear error and writes nothing', async (file, message) => {
  const userId = await createUser(db.pool);
  const attempt = importLiftingCsv(db.pool, { userId, format: 'strong', csv: fixture('strong', file) });
  await expect(attempt).rejects.toThrow(LiftingImportError);
  await expect(importLiftingCsv(db.pool, { userId, format: 'strong', csv: fixture('strong', file) })).rejects.toThrow(message);
  expect(await counts(db.pool, userId)).toMatchObject({ sessions: 0, sets: 0 });
});

describeWithSamples('the real Strong sample', () => {
  test('every row becomes a set or a skipped row with a reason, and every exercise matches', async () => {
    const userId = await createUser(db.pool);
    const text = sample('strong', 'strong.csv');
    const dataRows = text.split(/\r?\n/).slice(1).filter((l) => l.trim() !== '').length;
    const summary = await importLiftingCsv(db.pool, { userId, format: 'strong', csv: text });
    expect(summary.sets.inserted + summary.skipped.length).toBe(dataRows);
    for (const s of summary.skipped) expect(s.reason).not.toBe('');
    expect(summary.unmatchedExercises).toEqual([]);
    expect((await counts(db.pool, userId)).sets).toBe(summary.sets.inserted);
    const again = await importLiftingCsv(db.pool, { userId, format: 'strong', csv: text });
    expect(again.sessions).toMatchObject({ inserted: 0, updated: 0 });
  });
});
