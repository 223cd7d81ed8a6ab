// The training metrics over the real API: the e1RM computed field on LiftingSet, and the
// personalRecords, weeklyTrainingVolume and trainingLoad query fields, each confined to the caller.
import { createUser } from '../helpers/db';
import { graphql, startHarness, tokenFor, type Harness } from '../server/harness';
import { logSession } from './helpers';

let h: Harness;
let token: string;

beforeAll(async () => {
  h = await startHarness();
  const userId = await createUser(h.db.pool);
  const other = await createUser(h.db.pool);
  token = await tokenFor(h, userId);
  await logSession(h.db.pool, userId, '2025-03-03', [
    { exercise: 'bench_press_barbell', weight: 185, reps: 5, rpe: 8 },
    { exercise: 'bench_press_barbell', weight: 200, reps: 15 },
  ]);
  await logSession(h.db.pool, other, '2025-03-03', [{ exercise: 'bench_press_barbell', weight: 400, reps: 5 }]);
  await h.db.pool.query(
    `insert into vitalis.wearable_activities (user_id, activity_date, source, activity_type, start_time, training_stress_score)
     values ($1, '2025-03-03', 'garmin', 'running', '2025-03-03T07:00:00Z', 70), ($2, '2025-03-03', 'garmin', 'running', '2025-03-03T07:00:00Z', 999)`,
    [userId, other],
  );
});

afterAll(async () => {
  await h.close();
});

test('LiftingSet.estimated1RmLbs and its display, and the server-owned record flag', async () => {
  const res = await graphql(h.server, `{ liftingSets { nodes { weightLbs reps estimated1RmLbs estimated1RmDisplay { value unit } isPersonalRecord } } }`, { token });
  expect(res.body.errors).toBeUndefined();
  expect([...res.body.data!.liftingSets.nodes].sort((a, b) => a.reps - b.reps)).toEqual([
    { weightLbs: '185.00', reps: 5, estimated1RmLbs: '215.83', estimated1RmDisplay: { value: '215.8', unit: 'lbs' }, isPersonalRecord: true },
    { weightLbs: '200.00', reps: 15, estimated1RmLbs: null, estimated1RmDisplay: null, isPersonalRecord: false },
  ]);
});

test('personalRecords, weeklyTrainingVolume and trainingLoad', async () => {
  const res = await graphql(
    h.server,
    `{
      personalRecords { exerciseName estimated1RmLbs weightLbs reps sessionDate }
      weeklyTrainingVolume(fromDate: "2025-03-03", toDate: "2025-03-09") { isoWeek weekStart muscleGroup tonnageLbs workingSets hardSets }
      trainingLoad(fromDate: "2025-03-03", toDate: "2025-03-03") { day load acuteLoad chronicLoad acuteChronicRatio }
    }`,
    { token },
  );
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data).toEqual({
    personalRecords: [{ exerciseName: 'Bench Press (Barbell)', estimated1RmLbs: '215.83', weightLbs: '185.00', reps: 5, sessionDate: '2025-03-03' }],
    // 185x5 + 200x15 = 3925 lbs: both are working sets; the 15-rep set has no RPE and reps, so it is hard too.
    weeklyTrainingVolume: [
      { isoWeek: '2025-W10', weekStart: '2025-03-03', muscleGroup: 'chest', tonnageLbs: '3925.0', workingSets: '2.0', hardSets: '2.0' },
      { isoWeek: '2025-W10', weekStart: '2025-03-03', muscleGroup: 'shoulders', tonnageLbs: '1962.5', workingSets: '1.0', hardSets: '1.0' },
      { isoWeek: '2025-W10', weekStart: '2025-03-03', muscleGroup: 'triceps', tonnageLbs: '1962.5', workingSets: '1.0', hardSets: '1.0' },
    ],
    // 70 / 7 = 10, 70 / 28 = 2.5; the first activity was today: no ratio yet.
    trainingLoad: [{ day: '2025-03-03', load: '70.0', acuteLoad: '10.00', chronicLoad: '2.50', acuteChronicRatio: null }],
  });
});

test('a range over three years comes back as a BAD_USER_INPUT error naming toDate', async () => {
  const res = await graphql(h.server, `{ trainingLoad(fromDate: "2020-01-01", toDate: "2025-01-01") { day } }`, { token });
  expect(res.body.errors).toHaveLength(1);
  expect(res.body.errors![0]).toMatchObject({
    message: 'toDate: the range may span at most 1096 days (3 years), got 1828 days',
    extensions: { code: 'BAD_USER_INPUT', field: 'toDate' },
  });
});

test('signed out, the fields are not allowed (anonymous may not execute them)', async () => {
  const res = await graphql(h.server, `{ personalRecords { weightLbs } }`);
  expect(res.body.data).toEqual({ personalRecords: null });
  expect(res.body.errors).toEqual([expect.objectContaining({ path: ['personalRecords'], extensions: { code: 'FORBIDDEN' } })]);
});
