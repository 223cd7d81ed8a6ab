import { asRequest, createUser, useTestDatabase } from '../helpers/db';
import { logSession } from './helpers';

// Estimated 1RM by the Epley formula: weight x (1 + reps / 30), a single is its own weight,
// nothing for warm-ups, missing weight or reps, or more than 12 reps.
const db = useTestDatabase();

async function estimates(userId: string): Promise<Array<{ weight: number | null; reps: number | null; warmup: boolean; e1rm: string | null; display: string | null }>> {
  return asRequest(db.pool, { userId }, async (client) => {
    const { rows } = await client.query(
      `select s.weight_lbs::float8 as weight, s.reps, s.is_warmup as warmup, vitalis.lifting_sets_estimated_1rm_lbs(s)::text as e1rm,
              (vitalis.lifting_sets_estimated_1rm_display(s)).value::text || ' ' || (vitalis.lifting_sets_estimated_1rm_display(s)).unit as display
         from vitalis.lifting_sets s order by s.set_number`,
    );
    return rows;
  });
}

test('Epley values for known sets, null where the formula does not apply', async () => {
  const userId = await createUser(db.pool);
  await logSession(db.pool, userId, '2025-03-03', [
    { exercise: 'squat_barbell', weight: 225, reps: 5 }, // 225 x (1 + 5/30) = 262.5
    { exercise: 'squat_barbell', weight: 315, reps: 1 }, // a single: 315
    { exercise: 'squat_barbell', weight: 200, reps: 10 }, // 200 x 4/3 = 266.666.. -> 266.67
    { exercise: 'squat_barbell', weight: 100, reps: 12 }, // 100 x 1.4 = 140, the last rep count estimated
    { exercise: 'squat_barbell', weight: 100, reps: 13 }, // above 12 reps: not estimated
    { exercise: 'squat_barbell', weight: 135, reps: 5, warmup: true }, // warm-up: not estimated
    { exercise: 'squat_barbell', weight: null, reps: 8 }, // bodyweight, no weight: not estimated
    { exercise: 'squat_barbell', weight: 0, reps: 8 }, // zero weight: not estimated
    { exercise: 'squat_barbell', weight: 95, durationSeconds: 60 }, // a timed set: no reps
  ]);
  expect((await estimates(userId)).map((r) => r.e1rm)).toEqual(['262.50', '315.00', '266.67', '140.00', null, null, null, null, null]);
});

test('the display follows the user\'s weight unit', async () => {
  const userId = await createUser(db.pool);
  await logSession(db.pool, userId, '2025-03-03', [{ exercise: 'bench_press_barbell', weight: 225, reps: 5 }]);
  expect((await estimates(userId))[0]!.display).toBe('262.5 lbs');
  await db.pool.query(`update vitalis.user_preferences set weight_unit = 'kg' where user_id = $1`, [userId]);
  // 262.5 lb = 119.068 kg
  expect((await estimates(userId))[0]!.display).toBe('119.1 kg');
});
