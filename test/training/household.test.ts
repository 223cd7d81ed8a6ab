import { asRequest, createHouseholdMember, createUser, useTestDatabase } from '../helpers/db';
import { logSession } from './helpers';

// A household member who may read another's data (profile sharing) sees their sets through RLS,
// yet the training metrics are always the caller's own: nothing of the sharer is counted.
const db = useTestDatabase();

test('shared sets are readable, but never counted in the viewer\'s metrics', async () => {
  const sharer = await createUser(db.pool, { tier: 'family' });
  const viewer = await createHouseholdMember(db.pool, sharer);
  await db.pool.query('insert into vitalis.profile_shares (user_id, viewer_user_id) values ($1, $2)', [sharer, viewer]);
  await logSession(db.pool, sharer, '2025-03-03', [{ exercise: 'squat_barbell', weight: 400, reps: 3 }]);
  await logSession(db.pool, viewer, '2025-03-04', [{ exercise: 'squat_barbell', weight: 135, reps: 5 }]);
  await db.pool.query(
    `insert into vitalis.wearable_activities (user_id, activity_date, source, activity_type, start_time, training_stress_score)
     values ($1, '2025-03-03', 'garmin', 'running', '2025-03-03T07:00:00Z', 500)`,
    [sharer],
  );

  await asRequest(db.pool, { userId: viewer }, async (c) => {
    // The sharing works: the viewer reads both people's sets.
    expect((await c.query('select weight_lbs::float8 as w from vitalis.lifting_sets order by w')).rows.map((r) => r.w)).toEqual([135, 400]);
    expect((await c.query('select weight_lbs::float8 as w, reps from vitalis.personal_records()')).rows).toEqual([{ w: 135, reps: 5 }]);
    const volume = (await c.query(`select muscle_group, tonnage_lbs::text from vitalis.weekly_training_volume('2025-03-03', '2025-03-09') where muscle_group = 'quadriceps'`)).rows;
    expect(volume).toEqual([{ muscle_group: 'quadriceps', tonnage_lbs: '675.0' }]);
    const load = (await c.query(`select sum(load)::text as total from vitalis.training_load('2025-03-01', '2025-03-09')`)).rows[0];
    expect(load.total).toBe('0.0');
  });
});
