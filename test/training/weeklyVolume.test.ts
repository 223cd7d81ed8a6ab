import { asRequest, createUser, pgError, useTestDatabase } from '../helpers/db';
import { exerciseIds, logSession } from './helpers';

// Weekly volume per ISO week and muscle group: tonnage (weight x reps), working sets and hard sets
// (RPE >= 7, or every working set with reps where no RPE was logged); a set counts fully for the
// primary muscle and half for each secondary muscle. Warm-ups and cardio exercises are left out.
const db = useTestDatabase();

let userId: string;
beforeAll(async () => {
  userId = await createUser(db.pool);
  const other = await createUser(db.pool);
  const { rows } = await db.pool.query(
    `select canonical_name, primary_muscle, secondary_muscles from vitalis.exercise_dictionary
      where canonical_name in ('bench_press_barbell', 'squat_barbell') order by canonical_name`,
  );
  // The fixture below is computed by hand with these muscles.
  expect(rows).toEqual([
    { canonical_name: 'bench_press_barbell', primary_muscle: 'chest', secondary_muscles: ['triceps', 'shoulders'] },
    { canonical_name: 'squat_barbell', primary_muscle: 'quadriceps', secondary_muscles: ['glutes', 'hamstrings', 'lower_back', 'adductors'] },
  ]);
  await exerciseIds(db.pool, ['running_treadmill']);
  // Week of Monday 2025-03-03 (2025-W10).
  await logSession(db.pool, userId, '2025-03-03', [
    { exercise: 'bench_press_barbell', weight: 95, reps: 10, warmup: true }, // left out
    { exercise: 'bench_press_barbell', weight: 185, reps: 5, rpe: 8 }, // hard
    { exercise: 'bench_press_barbell', weight: 185, reps: 5, rpe: 6 }, // working, not hard
    { exercise: 'bench_press_barbell', weight: 165, reps: 8 }, // no RPE: hard
  ]);
  await logSession(db.pool, userId, '2025-03-09', [
    { exercise: 'squat_barbell', weight: 225, reps: 5, rpe: 7 },
    { exercise: 'squat_barbell', weight: 225, reps: 5, rpe: 7.5 },
  ]);
  // Week of Monday 2025-03-10 (2025-W11).
  await logSession(db.pool, userId, '2025-03-10', [
    { exercise: 'bench_press_barbell', weight: 190, reps: 3 },
    { exercise: 'running_treadmill', durationSeconds: 600 }, // cardio: left out
  ]);
  const deleted = await logSession(db.pool, userId, '2025-03-11', [{ exercise: 'bench_press_barbell', weight: 200, reps: 5 }]);
  await asRequest(db.pool, { userId }, (c) => c.query('update vitalis.lifting_sessions set deleted_at = now() where session_id = $1', [deleted]), true);
  await logSession(db.pool, other, '2025-03-10', [{ exercise: 'bench_press_barbell', weight: 300, reps: 5 }]);
});

async function volume(from: string, to: string): Promise<string[]> {
  return asRequest(db.pool, { userId }, async (c) =>
    (await c.query(`select * from vitalis.weekly_training_volume($1, $2)`, [from, to])).rows.map(
      (r) => `${r.iso_week} ${r.week_start.toISOString().slice(0, 10)} ${r.muscle_group}: ${r.tonnage_lbs} lbs, ${r.working_sets} sets, ${r.hard_sets} hard`,
    ));
}

test('tonnage, working and hard sets per week and muscle, secondary muscles at half', async () => {
  expect(await volume('2025-03-01', '2025-03-16')).toEqual([
    // bench: 185x5 + 185x5 + 165x8 = 3170 lbs, 3 sets, 2 hard; squat: 2 x 225x5 = 2250 lbs, 2 hard sets
    '2025-W10 2025-03-03 adductors: 1125.0 lbs, 1.0 sets, 1.0 hard',
    '2025-W10 2025-03-03 chest: 3170.0 lbs, 3.0 sets, 2.0 hard',
    '2025-W10 2025-03-03 glutes: 1125.0 lbs, 1.0 sets, 1.0 hard',
    '2025-W10 2025-03-03 hamstrings: 1125.0 lbs, 1.0 sets, 1.0 hard',
    '2025-W10 2025-03-03 lower_back: 1125.0 lbs, 1.0 sets, 1.0 hard',
    '2025-W10 2025-03-03 quadriceps: 2250.0 lbs, 2.0 sets, 2.0 hard',
    '2025-W10 2025-03-03 shoulders: 1585.0 lbs, 1.5 sets, 1.0 hard',
    '2025-W10 2025-03-03 triceps: 1585.0 lbs, 1.5 sets, 1.0 hard',
    // 190x3 = 570 lbs; the deleted session, the treadmill and the other user's bench are not counted
    '2025-W11 2025-03-10 chest: 570.0 lbs, 1.0 sets, 1.0 hard',
    '2025-W11 2025-03-10 shoulders: 285.0 lbs, 0.5 sets, 0.5 hard',
    '2025-W11 2025-03-10 triceps: 285.0 lbs, 0.5 sets, 0.5 hard',
  ]);
});

test('only sessions inside the range count, also within a cut week', async () => {
  expect(await volume('2025-03-04', '2025-03-09')).toEqual([
    '2025-W10 2025-03-03 adductors: 1125.0 lbs, 1.0 sets, 1.0 hard',
    '2025-W10 2025-03-03 glutes: 1125.0 lbs, 1.0 sets, 1.0 hard',
    '2025-W10 2025-03-03 hamstrings: 1125.0 lbs, 1.0 sets, 1.0 hard',
    '2025-W10 2025-03-03 lower_back: 1125.0 lbs, 1.0 sets, 1.0 hard',
    '2025-W10 2025-03-03 quadriceps: 2250.0 lbs, 2.0 sets, 2.0 hard',
  ]);
  expect(await volume('2024-01-01', '2024-12-31')).toEqual([]);
});

test('the range is bounded: reversed or longer than three years is refused, naming toDate', async () => {
  await asRequest(db.pool, { userId }, async (c) => {
    const reversed = await pgError(c, () => c.query(`select * from vitalis.weekly_training_volume('2025-03-10', '2025-03-01')`));
    expect(reversed).toMatchObject({ code: '22023', column: 'to_date', message: 'toDate: must be on or after fromDate (2025-03-10), got 2025-03-01' });
    const long = await pgError(c, () => c.query(`select * from vitalis.weekly_training_volume('2022-01-01', '2025-01-01')`));
    expect(long).toMatchObject({ code: '22023', column: 'to_date', message: 'toDate: the range may span at most 1096 days (3 years), got 1097 days' });
    // Exactly 1096 days is allowed.
    expect(await pgError(c, () => c.query(`select * from vitalis.weekly_training_volume('2022-01-01', '2024-12-31')`))).toBeNull();
    const missing = await pgError(c, () => c.query(`select * from vitalis.weekly_training_volume(null, '2025-01-01')`));
    expect(missing).toMatchObject({ code: '22023', message: 'fromDate: is required' });
  });
});
