import { importLiftingCsv, LiftingImportError } from '../../src/importers/lifting';
import { createTestDatabase, createUser, type TestDatabase } from '../helpers/db';
import { counts, fixture, sets } from './helpers';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe('Hevy fixture (weight_lbs)', () => {
  let userId: string;
  beforeAll(async () => {
    userId = await createUser(db.pool);
  });

  test('imports sessions and sets with set types, skipping rows outside the bounds', async () => {
    const summary = await importLiftingCsv(db.pool, { userId, format: 'hevy', csv: fixture('hevy', 'workouts.csv') });
    expect(summary.sessions).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(summary.sets).toEqual({ inserted: 7, deleted: 0 });
    expect(summary.unmatchedExercises).toEqual([{ name: 'Cossack Sled Drag', sets: 1 }]);
    expect(summary.skipped).toEqual([
      { row: 8, reason: expect.stringMatching(/cardio/) },
      { row: 10, reason: expect.stringMatching(/weight 3150 lbs outside lifting_sets.weight_lbs 0..2000/) },
    ]);

    const { rows: sessions } = await db.pool.query(
      `select name, session_date::text, source::text, source_session_id, duration_seconds, notes from vitalis.lifting_sessions where user_id = $1 order by session_date`,
      [userId],
    );
    expect(sessions).toEqual([
      { name: 'Upper A', session_date: '2024-11-26', source: 'hevy', source_session_id: '2024-11-26 07:31 Upper A', duration_seconds: 3900, notes: 'Morning session' },
      { name: 'Lower B', session_date: '2024-11-28', source: 'hevy', source_session_id: '2024-11-28 18:05 Lower B', duration_seconds: 2700, notes: null },
    ]);

    const all = await sets(db.pool, userId);
    expect(all.map((s) => [s.session, s.exercise, s.exercise_order, s.set_number, s.weight_lbs, s.reps, s.rpe, s.is_warmup, s.notes])).toEqual([
      ['Upper A', 'bench_press_barbell', 1, 1, 95, 10, null, true, 'Elbows tucked'],
      ['Upper A', 'bench_press_barbell', 1, 2, 185, 5, 8, false, null],
      ['Upper A', 'bench_press_barbell', 1, 3, 135, 12, null, false, 'set type: drop'],
      ['Upper A', 'lat_pulldown_cable', 2, 1, 120, 10, null, false, 'superset: 0'],
      ['Upper A', 'lat_pulldown_cable', 2, 2, 120, 7, 10, false, 'set type: failure; superset: 0'],
      ['Upper A', null, 3, 1, 90, 20, null, false, 'exercise: Cossack Sled Drag'],
      ['Lower B', 'deadlift_barbell', 1, 1, 315, 3, 9, false, null],
    ]);
  });

  test('audit rows are written as the user, and a re-import writes none', async () => {
    const { rows } = await db.pool.query(`select distinct action_by from vitalis.audit_log where table_name = 'lifting_sets' and user_id = $1`, [userId]);
    expect(rows).toEqual([{ action_by: userId }]);
    const before = await counts(db.pool, userId);
    const summary = await importLiftingCsv(db.pool, { userId, format: 'hevy', csv: fixture('hevy', 'workouts.csv') });
    expect(summary.sessions).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    expect(summary.sets).toEqual({ inserted: 0, deleted: 0 });
    expect(await counts(db.pool, userId)).toEqual(before);
  });

  test('a changed description updates the session without touching its sets', async () => {
    const changed = fixture('hevy', 'workouts.csv').replaceAll('"Morning session"', '"Early session"');
    const summary = await importLiftingCsv(db.pool, { userId, format: 'hevy', csv: changed });
    expect(summary.sessions).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
    expect(summary.sets).toEqual({ inserted: 0, deleted: 0 });
  });
});

test('weight_kg exports convert to lbs', async () => {
  const userId = await createUser(db.pool);
  const summary = await importLiftingCsv(db.pool, { userId, format: 'hevy', csv: fixture('hevy', 'workouts-kg.csv') });
  expect(summary.sessions.inserted).toBe(1);
  expect((await sets(db.pool, userId)).map((s) => s.weight_lbs)).toEqual([176.37, 181.88]);
});

test('an unparseable start_time throws naming the column and writes nothing', async () => {
  const userId = await createUser(db.pool);
  const attempt = importLiftingCsv(db.pool, { userId, format: 'hevy', csv: fixture('hevy', 'bad-date.csv') });
  await expect(attempt).rejects.toThrow(LiftingImportError);
  await expect(importLiftingCsv(db.pool, { userId, format: 'hevy', csv: fixture('hevy', 'bad-date.csv') })).rejects.toThrow(/line 3: column "start_time" must be a date/);
  expect(await counts(db.pool, userId)).toMatchObject({ sessions: 0, sets: 0 });
});

test('a Hevy file without a weight column or exercise_title throws', async () => {
  const userId = await createUser(db.pool);
  const noWeight = fixture('hevy', 'workouts-kg.csv').replace('weight_kg', 'load');
  await expect(importLiftingCsv(db.pool, { userId, format: 'hevy', csv: noWeight })).rejects.toThrow(/missing required column "weight_lbs" or "weight_kg"/);
  const noTitle = fixture('hevy', 'workouts-kg.csv').replace('exercise_title', 'exercise');
  await expect(importLiftingCsv(db.pool, { userId, format: 'hevy', csv: noTitle })).rejects.toThrow(/missing required column "exercise_title"/);
  expect(await counts(db.pool, userId)).toMatchObject({ sessions: 0, sets: 0 });
});
