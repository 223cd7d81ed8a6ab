import { parseHevy } from '../../src/importers/hevy';
import { importLiftingCsv, LiftingImportError } from '../../src/importers/lifting';
import { createUser, useTestDatabase } from '../helpers/db';
import { counts, fixture, sets } from './helpers';

const db = useTestDatabase();

describe('Hevy fixture (weight_lbs)', () => {
  let userId: string;
  beforeAll(async () => {
    userId = await createUser(db.pool);
  });

  test('imports sessions and sets with set types and cardio, skipping rows outside the bounds', async () => {
    const summary = await importLiftingCsv(db.pool, { userId, format: 'hevy', csv: fixture('hevy', 'workouts.csv') });
    expect(summary.sessions).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(summary.sets).toEqual({ inserted: 8, deleted: 0 });
    expect(summary.rows).toEqual({ read: 9, sets: 8, skipped: 1 });
    expect(summary.unmatchedExercises).toEqual([{ name: 'Cossack Sled Drag', sets: 1 }]);
    expect(summary.skipped).toEqual([{ reason: 'weight outside lifting_sets.weight_lbs 0..2000 lbs', count: 1, rows: [10] }]);
    expect(summary.warnings).toEqual([]);

    const { rows: sessions } = await db.pool.query(
      `select name, session_date::text, source::text, source_session_id, duration_seconds, notes from vitalis.lifting_sessions where user_id = $1 order by session_date`,
      [userId],
    );
    expect(sessions).toEqual([
      { name: 'Upper A', session_date: '2024-11-26', source: 'hevy', source_session_id: '2024-11-26 07:31 Upper A', duration_seconds: 3900, notes: 'Morning session' },
      { name: 'Lower B', session_date: '2024-11-28', source: 'hevy', source_session_id: '2024-11-28 18:05 Lower B', duration_seconds: 2700, notes: null },
    ]);

    const all = await sets(db.pool, userId);
    expect(all.map((s) => [s.session, s.exercise, s.exercise_order, s.set_number, s.weight_lbs, s.reps, s.rpe, s.distance_m, s.duration_seconds, s.is_warmup, s.notes])).toEqual([
      ['Upper A', 'bench_press_barbell', 1, 1, 95, 10, null, null, null, true, 'Elbows tucked'],
      ['Upper A', 'bench_press_barbell', 1, 2, 185, 5, 8, null, null, false, null],
      ['Upper A', 'bench_press_barbell', 1, 3, 135, 12, null, null, null, false, 'set type: drop'],
      ['Upper A', 'lat_pulldown_cable', 2, 1, 120, 10, null, null, null, false, 'superset: 0'],
      ['Upper A', 'lat_pulldown_cable', 2, 2, 120, 7, 10, null, null, false, 'set type: failure; superset: 0'],
      ['Upper A', null, 3, 1, 90, 20, null, null, null, false, 'exercise: Cossack Sled Drag'],
      // distance_miles 1.2 -> metres; the header names the unit, so the conversion is exact.
      ['Upper A', 'running_outdoor', 4, 1, null, null, null, 1931.21, 600, false, null],
      ['Lower B', 'deadlift_barbell', 1, 1, 315, 3, 9, null, null, false, null],
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

test('a file with both weight columns is read by the one that holds values', async () => {
  const userId = await createUser(db.pool);
  // weight_kg filled, an empty weight_lbs named first.
  const both = fixture('hevy', 'workouts-kg.csv').split('\n').map((row, i) => (row === '' ? row : `${i === 0 ? 'weight_lbs' : ''},${row}`)).join('\n');
  const summary = await importLiftingCsv(db.pool, { userId, format: 'hevy', csv: both });
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

describe('a Hevy export from the app set to another language (month names as the app wrote them)', () => {
  const HEADER = 'title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe';
  /** One workout of one set, started and ended at these times. */
  const oneWorkout = (start: string, end: string) => `${HEADER}\nPush,"${start}","${end}",,Bench Press (Barbell),,,0,normal,80,5,,,\n`;
  const dateOf = (start: string) => parseHevy(oneWorkout(start, start)).sessions[0]!.sessionDate;

  test('a French export imports every month, févr. août déc. included, with each workout on its own day', async () => {
    const userId = await createUser(db.pool);
    const summary = await importLiftingCsv(db.pool, { userId, format: 'hevy', csv: fixture('hevy', 'workouts-fr.csv') });
    expect(summary.sessions.inserted).toBe(7);
    expect(summary.skipped).toEqual([]);
    const { rows } = await db.pool.query<{ session_date: string; duration_seconds: number }>(
      'select session_date::text, duration_seconds from vitalis.lifting_sessions where user_id = $1 order by session_date',
      [userId],
    );
    expect(rows.map((r) => [r.session_date, r.duration_seconds])).toEqual([
      ['2024-02-14', 57 * 60],
      ['2024-04-03', 51 * 60],
      ['2024-05-08', 50 * 60],
      ['2024-06-12', 45 * 60],
      ['2024-07-17', 55 * 60],
      ['2024-08-21', 48 * 60],
      ['2024-12-09', 56 * 60],
    ]);
  });

  test('German, Spanish, Italian, Portuguese, Dutch and Polish month names, abbreviated or not, with or without a dot', () => {
    expect(dateOf('22. März 2023, 10:13')).toBe('2023-03-22');
    expect(dateOf('22 Mär 2023, 10:13')).toBe('2023-03-22');
    expect(dateOf('3 Sept. 2023, 10:13')).toBe('2023-09-03');
    expect(dateOf('5 Okt. 2023, 10:13')).toBe('2023-10-05');
    expect(dateOf('9 ene 2024, 07:00')).toBe('2024-01-09');
    expect(dateOf('9 dic 2024, 07:00')).toBe('2024-12-09');
    expect(dateOf('14 giu 2024, 19:30')).toBe('2024-06-14');
    expect(dateOf('14 lug 2024, 19:30')).toBe('2024-07-14');
    expect(dateOf('1 fev. 2024, 06:45')).toBe('2024-02-01');
    expect(dateOf('1 out. 2024, 06:45')).toBe('2024-10-01');
    expect(dateOf('1 mrt. 2024, 06:45')).toBe('2024-03-01');
    expect(dateOf('1 mei 2024, 06:45')).toBe('2024-05-01');
    expect(dateOf('30 paź 2024, 06:45')).toBe('2024-10-30');
    expect(dateOf('26 Nov 2024, 07:31')).toBe('2024-11-26');
  });

  test('juin and juil., which share three letters, stay apart; a word two months begin with is refused, naming it', () => {
    expect(dateOf('12 juin 2024, 07:35')).toBe('2024-06-12');
    expect(dateOf('12 juil. 2024, 07:35')).toBe('2024-07-12');
    expect(() => parseHevy(oneWorkout('12 jui 2024, 07:35', '12 jui 2024, 08:35'))).toThrow(
      'Hevy CSV line 2: column "start_time" must be a date like "26 Nov 2024, 07:31" (day, month name, year, 24-hour time): "jui" begins the names of more than one month, got "12 jui 2024, 07:35"',
    );
  });

  test('a month name in a language not read here is refused naming the field, the word and the languages read', () => {
    expect(() => parseHevy(oneWorkout('22 янв. 2023, 10:13', '22 янв. 2023, 11:13'))).toThrow(
      /^Hevy CSV line 2: column "start_time" must be a date like "26 Nov 2024, 07:31" \(day, month name, year, 24-hour time\): "янв" is not a month name in English, French, German, .* or Indonesian, got "22 янв\. 2023, 10:13"$/,
    );
    expect(() => parseHevy(oneWorkout('22 Jan 2023, 10:13', '22 Foo 2023, 11:13'))).toThrow(/column "end_time" must be a date like "26 Nov 2024, 08:31" .*: "Foo" is not a month name in/);
  });
});

test('a Hevy file without a weight column or exercise_title throws', async () => {
  const userId = await createUser(db.pool);
  const noWeight = fixture('hevy', 'workouts-kg.csv').replace('weight_kg', 'load');
  await expect(importLiftingCsv(db.pool, { userId, format: 'hevy', csv: noWeight })).rejects.toThrow(/missing required column "weight_lbs" or "weight_kg"/);
  const noTitle = fixture('hevy', 'workouts-kg.csv').replace('exercise_title', 'exercise');
  await expect(importLiftingCsv(db.pool, { userId, format: 'hevy', csv: noTitle })).rejects.toThrow(/missing required column "exercise_title"/);
  expect(await counts(db.pool, userId)).toMatchObject({ sessions: 0, sets: 0 });
});

describe('a Hevy export with every row kind', () => {
  let userId: string;
  const text = fixture('hevy', 'every-row-kind.csv');
  beforeAll(async () => {
    userId = await createUser(db.pool);
  });

  test('every row is a set or skipped with its reason: rows read = sets + skipped', async () => {
    const summary = await importLiftingCsv(db.pool, { userId, format: 'hevy', csv: text });
    const dataRows = text.trim().split('\n').length - 1;
    expect(summary.rows).toEqual({ read: dataRows, sets: 12, skipped: 4 });
    expect(summary.sets.inserted).toBe(12);
    expect(summary.skipped.reduce((n, g) => n + g.count, 0)).toBe(summary.rows.skipped);
    expect(summary.skipped).toEqual([
      { reason: 'column "set_type" is not normal, warmup, dropset or failure', count: 1, rows: [11] },
      { reason: 'no reps, distance or duration (an empty or unfinished set)', count: 1, rows: [13] },
      { reason: 'column "exercise_title" is empty', count: 1, rows: [15] },
      { reason: 'weight outside lifting_sets.weight_lbs 0..2000 lbs', count: 1, rows: [16] },
    ]);
    expect(summary.unmatchedExercises).toEqual([{ name: 'Cossack Sled Drag', sets: 1 }]);
    expect(summary.warnings).toEqual([
      'workout "Long one" of 2024-06-04 22:00: length 4 Jun 2024, 22:00 to 6 Jun 2024, 04:30 (1d 6h 30m) is over a day (probably left running in the app); kept as the file says',
    ]);
  });

  test('supersets interleave but keep their blocks; a repeated exercise is a new block; set_number is set_index + 1', async () => {
    const all = await sets(db.pool, userId);
    expect(all.map((s) => [s.session, s.exercise, s.exercise_order, s.set_number, s.weight_lbs, s.reps, s.distance_m, s.duration_seconds, s.is_warmup, s.notes])).toEqual([
      ['Push', 'bench_press_barbell', 1, 1, 88.18, 10, null, null, true, 'Elbows tucked'],
      ['Push', 'bench_press_barbell', 1, 2, 176.37, 5, null, null, false, null],
      ['Push', 'bench_press_barbell', 1, 3, 132.28, 10, null, null, false, 'set type: drop'],
      ['Push', 'lateral_raise_dumbbell', 2, 1, 22.05, 12, null, null, false, 'superset: 0'],
      ['Push', 'lateral_raise_dumbbell', 2, 2, 22.05, 9, null, null, false, 'set type: failure; superset: 0'],
      ['Push', 'triceps_pushdown_cable', 3, 1, 55.12, 12, null, null, false, 'superset: 0'],
      ['Push', 'triceps_pushdown_cable', 3, 2, 55.12, 10, null, null, false, 'superset: 0'],
      ['Push', 'plank', 4, 1, null, null, null, 60, false, null],
      ['Push', 'bench_press_barbell', 5, 1, 154.32, 8, null, null, false, 'Back-off'],
      ['Push', 'running_treadmill', 6, 1, null, null, 2500, 900, false, null],
      ['Push', null, 7, 1, 198.42, 20, null, null, false, 'exercise: Cossack Sled Drag'],
      // set_index 0 was skipped (over the bound): the stored set keeps the file's number 2.
      ['Long one', 'squat_barbell', 1, 2, 220.46, 5, null, null, false, null],
    ]);
    const { rows } = await db.pool.query(`select name, duration_seconds from vitalis.lifting_sessions where user_id = $1 order by session_date`, [userId]);
    expect(rows).toEqual([
      { name: 'Push', duration_seconds: 4200 },
      { name: 'Long one', duration_seconds: 30 * 3600 + 30 * 60 },
    ]);
  });

  test('re-importing changes nothing and writes no audit rows', async () => {
    const before = await counts(db.pool, userId);
    const summary = await importLiftingCsv(db.pool, { userId, format: 'hevy', csv: text });
    expect(summary.sessions).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    expect(summary.sets).toEqual({ inserted: 0, deleted: 0 });
    expect(summary.rows).toEqual({ read: 16, sets: 12, skipped: 4 });
    expect(await counts(db.pool, userId)).toEqual(before);
  });
});

test('a unit option that contradicts the header is refused, naming the header; the same unit is accepted', async () => {
  const userId = await createUser(db.pool);
  await expect(importLiftingCsv(db.pool, { userId, format: 'hevy', csv: fixture('hevy', 'workouts-kg.csv'), unit: 'lbs' })).rejects.toThrow(
    'Hevy CSV: the unit "lbs" given for this import (--unit / weightUnit) contradicts the file, whose header "weight_kg" says kg; leave the unit out (the file names it) or check the file',
  );
  expect(await counts(db.pool, userId)).toMatchObject({ sessions: 0, sets: 0 });
  const summary = await importLiftingCsv(db.pool, { userId, format: 'hevy', csv: fixture('hevy', 'workouts-kg.csv'), unit: 'kg' });
  expect(summary.rows).toEqual({ read: 2, sets: 2, skipped: 0 });
});
