import { Readable } from 'node:stream';
import { importLiftingCsv, LiftingImportError } from '../../src/importers/lifting';
import { parseStrongDuration } from '../../src/importers/strong';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';
import { describeWithSamples, sample } from '../helpers/samples';
import { counts, fixture, sets } from './helpers';

const db = useTestDatabase();

test('Strong durations', () => {
  expect(parseStrongDuration('38min')).toBe(38 * 60);
  expect(parseStrongDuration('1h 5m')).toBe(3900);
  expect(parseStrongDuration('1h')).toBe(3600);
  expect(parseStrongDuration('')).toBeNull();
  expect(parseStrongDuration('soon')).toBeNull();
  // Workouts left running: the file's length, whatever it is (the session bound decides what is kept).
  expect(parseStrongDuration('35h 23m')).toBe(35 * 3600 + 23 * 60);
  expect(parseStrongDuration('57h 42m')).toBe(57 * 3600 + 42 * 60);
});

describe('Strong fixture (lbs)', () => {
  let userId: string;
  beforeAll(async () => {
    userId = await createUser(db.pool);
  });

  test('imports sessions and sets with warm-ups, set types, cardio, bounds and unmatched exercises', async () => {
    const summary = await importLiftingCsv(db.pool, { userId, format: 'strong', csv: fixture('strong', 'workouts.csv') });
    expect(summary.sessions).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(summary.sets).toEqual({ inserted: 11, deleted: 0 });
    expect(summary.rows).toEqual({ read: 12, sets: 11, skipped: 1 });
    expect(summary.unmatchedExercises).toEqual([{ name: 'Landmine Zercher Twist', sets: 2 }]);
    expect(summary.skipped).toEqual([{ reason: 'no reps, distance or duration (an empty or unfinished set)', count: 1, rows: [11] }]);

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
    expect(push.map((s) => [s.exercise, s.exercise_order, s.set_number, s.weight_lbs, s.reps, s.rpe, s.distance_m, s.duration_seconds, s.is_warmup, s.notes])).toEqual([
      ['bench_press_barbell', 1, 1, 95, 10, null, null, null, true, null],
      ['bench_press_barbell', 1, 2, 150, 8, 8, null, null, false, 'paused reps'],
      ['bench_press_barbell', 1, 3, 155, 6, 8.5, null, null, false, null],
      ['bench_press_barbell', 1, 4, 115, 10, null, null, null, false, 'set type: drop'],
      ['overhead_press_barbell', 2, 1, 85, 8, null, null, null, false, null],
      ['overhead_press_barbell', 2, 2, 85, 5, 10, null, null, false, 'set type: failure'],
      [null, 3, 1, 45, 12, null, null, null, false, 'exercise: Landmine Zercher Twist'],
      // The cardio row: 1.5 in the file, read as miles (the weights are lbs), 720 s; no load.
      ['running_outdoor', 4, 1, null, null, null, 2414.02, 720, false, 'distance in file: 1.5 (read as miles)'],
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
    expect(summary.rows).toEqual({ read: 12, sets: 11, skipped: 1 });
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
    expect(summary.rows).toEqual({ read: dataRows, sets: summary.sets.inserted, skipped: 0 });
    expect(summary.skipped).toEqual([]);
    expect(summary.warnings).toEqual([]);
    expect(summary.unmatchedExercises).toEqual([]);
    expect((await counts(db.pool, userId)).sets).toBe(summary.sets.inserted);
    const again = await importLiftingCsv(db.pool, { userId, format: 'strong', csv: text });
    expect(again.sessions).toMatchObject({ inserted: 0, updated: 0 });
  });
});

describe('a Strong export with every row kind', () => {
  let userId: string;
  const text = fixture('strong', 'every-row-kind.csv');
  beforeAll(async () => {
    userId = await createUser(db.pool);
  });

  test('every row is a set or skipped with its reason: rows read = sets + skipped', async () => {
    const summary = await importLiftingCsv(db.pool, { userId, format: 'strong', csv: text });
    const dataRows = text.trim().split('\n').length - 1;
    expect(summary.rows).toEqual({ read: dataRows, sets: 16, skipped: 5 });
    expect(summary.sets.inserted).toBe(16);
    expect(summary.skipped.reduce((n, g) => n + g.count, 0)).toBe(summary.rows.skipped);
    expect(summary.skipped).toEqual([
      { reason: 'a Strong "Rest Timer" row (rest between sets, not a set; lifting_sets has no rest column)', count: 1, rows: [5] },
      { reason: 'no reps, distance or duration (an empty or unfinished set)', count: 1, rows: [13] },
      { reason: 'column "Exercise Name" is empty', count: 1, rows: [18] },
      { reason: 'column "Set Order" is not a number or W, D, F', count: 1, rows: [19] },
      { reason: 'weight outside lifting_sets.weight_lbs 0..2000 lbs', count: 1, rows: [20] },
    ]);
    expect(summary.unmatchedExercises).toEqual([{ name: 'Landmine Zercher Twist', sets: 1 }]);
    expect(summary.warnings).toEqual([
      'workout "Forgot to stop" of 2024-06-05 07:00:00: length 30h 5m (1d 6h 5m) is over a day (probably left running in the app); kept as the file says',
      'workout "Left open" of 2024-06-09 08:00:00: length 200h 0m (8d 8h 0m) is over the 7-day bound of lifting_sessions.duration_seconds, left empty',
      'Strong does not name its distance unit: 3 distance set(s) read as miles (following the weight unit lbs); each keeps the file\'s value in its notes',
    ]);
    expect((await counts(db.pool, userId)).sets).toBe(16);
  });

  test('sessions keep their length up to 7 days and the workout notes', async () => {
    const { rows } = await db.pool.query(`select name, duration_seconds, notes from vitalis.lifting_sessions where user_id = $1 order by session_date`, [userId]);
    expect(rows).toEqual([
      { name: 'Full Body', duration_seconds: 4200, notes: 'Knees ok, back tight' },
      { name: 'Forgot to stop', duration_seconds: 30 * 3600 + 5 * 60, notes: null },
      { name: 'Left open', duration_seconds: null, notes: null },
    ]);
  });

  test('cardio and timed sets keep distance and time; an exercise repeated later is its own block with the file\'s set numbers', async () => {
    const all = await sets(db.pool, userId);
    const full = all.filter((s) => s.session === 'Full Body');
    expect(full.map((s) => [s.exercise, s.exercise_order, s.set_number, s.weight_lbs, s.reps, s.rpe, s.distance_m, s.duration_seconds, s.is_warmup, s.notes])).toEqual([
      ['rowing_machine', 1, 1, null, null, null, 2011.68, 480, false, 'distance in file: 1.25 (read as miles)'],
      ['squat_barbell', 2, 1, 135, 5, null, null, null, true, null],
      ['squat_barbell', 2, 2, 225, 5, 8, null, null, false, 'belt'],
      ['squat_barbell', 2, 3, 225, 5, 8.5, null, null, false, null],
      ['plank', 3, 1, null, null, null, null, 60, false, null],
      // The file's second squat block: sets 1 and 2 again, not 4 and 5 of the first.
      ['squat_barbell', 4, 1, 185, 8, null, null, null, false, 'back-off'],
      ['squat_barbell', 4, 2, 185, 8, null, null, null, false, null],
      ['bench_press_barbell', 5, 1, 155, 8, null, null, null, false, null],
      ['bench_press_barbell', 5, 2, 115, 12, null, null, null, false, 'set type: drop'],
      ['bench_press_barbell', 5, 3, 95, 6, 10, null, null, false, 'set type: failure'],
    ]);
    const forgot = all.filter((s) => s.session === 'Forgot to stop');
    expect(forgot.map((s) => [s.exercise, s.exercise_order, s.set_number, s.weight_lbs, s.reps, s.distance_m, s.duration_seconds, s.notes])).toEqual([
      ['running_treadmill', 1, 1, null, null, 2414.02, 900, 'distance in file: 1.5 (read as miles)'],
      ['pull_up', 2, 1, 0, 10, null, null, null],
      ['pull_up', 2, 2, 25, 6, null, null, 'weighted, "25 lb" plate'],
      [null, 3, 1, 45, 12, null, null, 'exercise: Landmine Zercher Twist'],
      ['bicep_curl_dumbbell', 4, 1, 30, 12, null, null, null],
    ]);
  });

  test('a distance set reads back in the user\'s distance unit', async () => {
    await asRequest(db.pool, { userId }, async (client) => {
      const read = async () =>
        (await client.query(`select (vitalis.lifting_sets_distance_display(t)).* from vitalis.lifting_sets t join vitalis.lifting_sessions s using (session_id) where s.name = 'Full Body' and t.distance_m is not null`)).rows;
      expect(await read()).toEqual([{ value: '1.25', unit: 'miles' }]);
      await client.query(`update vitalis.user_preferences set distance_unit = 'km' where user_id = $1`, [userId]);
      expect(await read()).toEqual([{ value: '2.01', unit: 'km' }]);
    });
  });

  test('re-importing changes nothing and writes no audit rows', async () => {
    const before = await counts(db.pool, userId);
    const summary = await importLiftingCsv(db.pool, { userId, format: 'strong', csv: text });
    expect(summary.sessions).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    expect(summary.sets).toEqual({ inserted: 0, deleted: 0 });
    expect(summary.rows).toEqual({ read: 21, sets: 16, skipped: 5 });
    expect(await counts(db.pool, userId)).toEqual(before);
  });

  test('a workout deleted in Vitalis stays deleted, and its rows are reported', async () => {
    await db.pool.query(`update vitalis.lifting_sessions set deleted_at = now() where user_id = $1 and name = 'Left open'`, [userId]);
    const summary = await importLiftingCsv(db.pool, { userId, format: 'strong', csv: text });
    expect(summary.rows).toEqual({ read: 21, sets: 15, skipped: 6 });
    expect(summary.skipped).toContainEqual({ reason: 'its workout was deleted in Vitalis and stays deleted', count: 1, rows: [22] });
  });
});

describe('weight units', () => {
  const heavy = [
    'Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE',
    '2024-07-01 18:00:00,"Legs",1h,"Squat (Barbell)",1,590.0,3,0,0,,,',
    '2024-07-01 18:00:00,"Legs",1h,"Squat (Barbell)",2,495.0,5,0,0,,,',
    '2024-07-01 18:00:00,"Legs",1h,"Bicep Curl (Dumbbell)",1,45.0,10,0,0,,,',
    '2024-07-01 18:00:00,"Legs",1h,"Leg Press (Machine)",1,1000.0,10,0,0,,,',
  ].join('\n');

  test('--unit kg on a file in lbs: weights no one lifts with that equipment are kept but the warning names the flag', async () => {
    const userId = await createUser(db.pool);
    const summary = await importLiftingCsv(db.pool, { userId, format: 'strong', csv: heavy, unit: 'kg' });
    expect(summary.rows).toEqual({ read: 4, sets: 3, skipped: 1 });
    expect(summary.skipped).toEqual([{ reason: 'weight outside lifting_sets.weight_lbs 0..2000 lbs', count: 1, rows: [5] }]);
    expect(summary.warnings).toEqual([
      '1 set(s) weigh more than anyone lifts with that equipment once Weight is read as kg (--unit kg / weightUnit=kg): ' +
        'line 2 "Squat (Barbell)" 590 kg = 1,300.7 lbs (barbell lifts top out near 1,110 lbs). ' +
        '1 row(s) were skipped as heavier than the 2,000 lbs bound. If the app was set to lbs, import the file again with --unit lbs (the sets are replaced).',
    ]);
  });

  test('the same file in lbs (the default) passes without a warning', async () => {
    const userId = await createUser(db.pool);
    const summary = await importLiftingCsv(db.pool, { userId, format: 'strong', csv: heavy });
    expect(summary.rows).toEqual({ read: 4, sets: 4, skipped: 0 });
    expect(summary.warnings).toEqual([]);
  });

  test('a typical lbs file read as kg: the median barbell set gives it away', async () => {
    const userId = await createUser(db.pool);
    const rows = [225, 245, 265, 275, 205].map((w, i) => `2024-07-02 18:00:00,"Legs",1h,"Squat (Barbell)",${i + 1},${w}.0,5,0,0,,,`);
    const csv = [heavy.split('\n')[0], ...rows].join('\n');
    const summary = await importLiftingCsv(db.pool, { userId, format: 'strong', csv, unit: 'kg' });
    expect(summary.warnings).toEqual([
      'the median barbell set of this file weighs 540.1 lbs once Weight is read as kg (--unit kg / weightUnit=kg): working sets that heavy are rare even for elite lifters. ' +
        'If the app was set to lbs, import the file again with --unit lbs (the sets are replaced).',
    ]);
    expect((await importLiftingCsv(db.pool, { userId: await createUser(db.pool), format: 'strong', csv })).warnings).toEqual([]);
  });

  test('a header that names its unit is used, and a unit option that contradicts it is refused', async () => {
    const userId = await createUser(db.pool);
    const csv = fixture('strong', 'workouts-kg.csv').replace(',Weight,', ',Weight (kg),');
    await expect(importLiftingCsv(db.pool, { userId, format: 'strong', csv, unit: 'lbs' })).rejects.toThrow(
      'Strong CSV: the unit "lbs" given for this import (--unit / weightUnit) contradicts the file, whose header "Weight (kg)" says kg; leave the unit out (the file names it) or check the file',
    );
    expect(await counts(db.pool, userId)).toMatchObject({ sessions: 0, sets: 0 });
    await importLiftingCsv(db.pool, { userId, format: 'strong', csv });
    expect((await sets(db.pool, userId)).map((s) => s.weight_lbs)).toEqual([220.46, 225.97]);
  });

  test('per-row Weight Unit and Distance Unit columns: each row in its own unit; a contradicting option names the line', async () => {
    const userId = await createUser(db.pool);
    const csv = [
      'Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes;Workout Duration',
      '2024-05-01 18:00:00;Mixed;Squat (Barbell);1;100;kg;5;;;;;;;1h 2m',
      '2024-05-01 18:00:00;Mixed;Squat (Barbell);2;225;lbs;5;;;;;;;1h 2m',
      '2024-05-01 18:00:00;Mixed;Rowing (Machine);1;0;kg;0;;2;km;480;;;1h 2m',
      '2024-05-01 18:00:00;Mixed;Running (Treadmill);1;0;lbs;0;;1;miles;600;;;1h 2m',
    ].join('\n');
    await expect(importLiftingCsv(db.pool, { userId, format: 'strong', csv, unit: 'kg' })).rejects.toThrow('whose column "Weight Unit" (line 3) says lbs');
    const summary = await importLiftingCsv(db.pool, { userId, format: 'strong', csv });
    expect(summary.rows).toEqual({ read: 4, sets: 4, skipped: 0 });
    expect(summary.warnings).toEqual([]);
    expect((await sets(db.pool, userId)).map((s) => [s.exercise, s.weight_lbs, s.distance_m, s.duration_seconds, s.notes])).toEqual([
      ['squat_barbell', 220.46, null, null, null],
      ['squat_barbell', 225, null, null, null],
      ['rowing_machine', null, 2000, 480, null],
      ['running_treadmill', null, 1609.34, 600, null],
    ]);
    const { rows } = await db.pool.query(`select duration_seconds from vitalis.lifting_sessions where user_id = $1`, [userId]);
    expect(rows).toEqual([{ duration_seconds: 3720 }]);
  });

  test('the semicolon export with unit-named columns (Duration (sec), Weight (kg), Distance (meters))', async () => {
    const userId = await createUser(db.pool);
    const csv = [
      '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (kg)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"',
      '"1";"2024-05-01 18:00:00";"Back; Biceps";"3300";"Bench Press (Barbell)";"1";"60";"8";"8";"0";"0";"";"Good day"',
      '"2";"2024-05-03 17:00:00";"Cardio";"780";"Running (Treadmill)";"1";"0";"0";"";"2000";"780";"";""',
    ].join('\n');
    const summary = await importLiftingCsv(db.pool, { userId, format: 'strong', csv });
    expect(summary.rows).toEqual({ read: 2, sets: 2, skipped: 0 });
    expect(summary.warnings).toEqual([]);
    const { rows } = await db.pool.query(`select name, duration_seconds, notes from vitalis.lifting_sessions where user_id = $1 order by session_date`, [userId]);
    expect(rows).toEqual([
      { name: 'Back; Biceps', duration_seconds: 3300, notes: 'Good day' },
      { name: 'Cardio', duration_seconds: 780, notes: null },
    ]);
    expect((await sets(db.pool, userId)).map((s) => [s.exercise, s.weight_lbs, s.reps, s.rpe, s.distance_m, s.duration_seconds, s.notes])).toEqual([
      ['bench_press_barbell', 132.28, 8, 8, null, null, null],
      ['running_treadmill', null, null, null, 2000, 780, null],
    ]);
  });
});

test('paused and tempo variants, machine names and timed activities match the dictionary; other names stay reported', async () => {
  const userId = await createUser(db.pool);
  const names = ['Paused Bench Press', 'Tempo Squat (Barbell)', 'Pause Deadlift (Barbell)', 'Seated Chest Press (Machine)', 'T Bar Row (Machine)', 'My Gym Special'];
  const csv = [
    'Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE',
    ...names.map((n) => `2024-09-01 18:00:00,"Variants",1h,"${n}",1,100.0,5,0,0,,,`),
    '2024-09-01 18:00:00,"Variants",1h,"Yoga",1,0,0,0,1800,,,',
  ].join('\n');
  const summary = await importLiftingCsv(db.pool, { userId, format: 'strong', csv });
  expect(summary.unmatchedExercises).toEqual([{ name: 'My Gym Special', sets: 1 }]);
  expect((await sets(db.pool, userId)).map((s) => [s.exercise, s.duration_seconds])).toEqual([
    ['pause_bench_press_barbell', null],
    ['tempo_squat_barbell', null],
    ['pause_deadlift_barbell', null],
    ['chest_press_machine', null],
    ['t_bar_row_barbell', null],
    [null, null],
    ['yoga', 1800],
  ]);
});

describe('real-world Strong variants (fixtures of our own in their shapes)', () => {
  test('a 12-hour iPhone export: "h:mm:ss pm" after a space, a no-break space or U+202F; 12 am is midnight, 12 pm noon', async () => {
    const userId = await createUser(db.pool);
    const summary = await importLiftingCsv(db.pool, { userId, format: 'strong', csv: fixture('strong', 'twelve-hour.csv') });
    expect(summary.rows).toEqual({ read: 5, sets: 5, skipped: 0 });
    const { rows } = await db.pool.query(`select session_date::text, source_session_id, duration_seconds from vitalis.lifting_sessions where user_id = $1 order by source_session_id`, [userId]);
    expect(rows).toEqual([
      { session_date: '2024-11-03', source_session_id: '2024-11-03 17:07:44 Late lift', duration_seconds: 41 * 60 },
      { session_date: '2024-11-04', source_session_id: '2024-11-04 00:15:00 Midnight', duration_seconds: 20 * 60 },
      { session_date: '2024-11-04', source_session_id: '2024-11-04 12:40:09 Noon', duration_seconds: 33 * 60 },
      { session_date: '2024-11-05', source_session_id: '2024-11-05 09:02:00 Early', duration_seconds: 25 * 60 },
    ]);
    // The same workout exported on a 24-hour phone is the same session, not a second one.
    const again = await importLiftingCsv(db.pool, { userId, format: 'strong', csv: fixture('strong', 'twelve-hour.csv').replace('5:07:44\u202fpm', '17:07:44').replace('5:07:44\u202fpm', '17:07:44') });
    expect(again.sessions).toEqual({ inserted: 0, updated: 0, unchanged: 4 });
  });

  test.each([['2024-11-03 13:07:44 pm'], ['2024-11-03 0:07:44 am'], ['2024-11-03 5:07:44 xm']])('an impossible 12-hour time (%s) is refused naming the line and column', async (date) => {
    const userId = await createUser(db.pool);
    const csv = fixture('strong', 'twelve-hour.csv').replace('2024-11-04 12:15:00 am', date);
    await expect(importLiftingCsv(db.pool, { userId, format: 'strong', csv })).rejects.toThrow(`Strong CSV line 4: column "Date" must be a date "YYYY-MM-DD HH:MM:SS" (or "YYYY-MM-DD h:mm:ss am/pm"), got "${date}"`);
    expect(await counts(db.pool, userId)).toMatchObject({ sessions: 0, sets: 0 });
  });

  test('the Android export: unit columns beside empty values, "mi." and "km.", decimal commas', async () => {
    const userId = await createUser(db.pool);
    const summary = await importLiftingCsv(db.pool, { userId, format: 'strong', csv: fixture('strong', 'android-units.csv') });
    // The plank rows ("mi." beside an empty distance) and the pull-up (no weight, no unit) are sets;
    // only the distance in an unknown unit is skipped, by name.
    expect(summary.rows).toEqual({ read: 7, sets: 6, skipped: 1 });
    expect(summary.skipped).toEqual([{ reason: 'column "Distance Unit" is not m, km or miles', count: 1, rows: [8] }]);
    expect(summary.warnings).toEqual([]);
    expect((await sets(db.pool, userId)).map((s) => [s.exercise, s.set_number, s.weight_lbs, s.reps, s.rpe, s.distance_m, s.duration_seconds])).toEqual([
      ['deadlift_barbell', 1, 225.97, 5, 8.5, null, null],
      ['deadlift_barbell', 2, 237, 3, null, null, null],
      ['pull_up', 1, null, 9, null, null, null],
      ['plank', 1, null, null, null, null, 75],
      ['plank', 2, null, null, null, null, 60],
      ['rowing_machine', 1, null, null, null, 1200, 330],
    ]);
    const { rows } = await db.pool.query(`select name, duration_seconds, notes from vitalis.lifting_sessions where user_id = $1`, [userId]);
    expect(rows).toEqual([{ name: 'Morgen, kurz', duration_seconds: 52 * 60, notes: 'Hall war kalt' }]);
  });

  test('rows without a weight (Weight Unit left empty) do not make a kg file "mixed": the warnings name the file\'s unit', async () => {
    const userId = await createUser(db.pool);
    const heavy = [1, 2, 3, 4, 5].map((n) => `2024-02-13 06:45:10;"Heavy";"Deadlift (Barbell)";${n};240;kg;3;;;;0;;;40m`);
    const csv = [fixture('strong', 'android-units.csv').trim(), ...heavy, '2024-02-13 06:45:10;"Heavy";"Pull Up";1;;;9;;;;0;;;40m'].join('\n');
    const summary = await importLiftingCsv(db.pool, { userId, format: 'strong', csv });
    expect(summary.warnings).toEqual([
      'the median barbell set of this file weighs 529.1 lbs once Weight is read as kg (as the file\'s column "Weight Unit" says): working sets that heavy are rare even for elite lifters. Check these sets in the app.',
    ]);
  });
});
