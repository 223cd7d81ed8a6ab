// vitalis.goals_progress (Goal.progress): the latest value, the trend of the last 90 days in unit
// per week, the distance to the target signed by the goal's direction, all in the goal's unit, and
// read with the caller's rights.
import { asRequest, createUser, useTestDatabase } from '../helpers/db';
import { addMeasurement, asUser, createGoal, day, importDaily, type GoalFields } from './helpers';

const db = useTestDatabase();

interface Progress {
  latest_value: string | null;
  unit: string | null;
  trend_per_week: string | null;
  distance_to_target: string | null;
  on_track: boolean | null;
  data_points: number | null;
}

/** The progress of a goal, computed as the user `as`. */
async function progressOf(as: string, goalId: string): Promise<Progress> {
  return asRequest(db.pool, { userId: as }, async (c) => {
    // The goal row is read as superuser and handed over: what progress reads is up to the caller's rights.
    const goal = (await db.pool.query('select g::text as row from vitalis.goals g where goal_id = $1', [goalId])).rows[0].row;
    const { rows } = await c.query(
      `select (p).latest_value::text, (p).unit, (p).trend_per_week::text, (p).distance_to_target::text, (p).on_track, (p).data_points
         from (select vitalis.goals_progress($1::text::vitalis.goals) as p) x`,
      [goal],
    );
    return rows[0];
  });
}

/** Weights of 90, 89, 88 kg a week apart, the last yesterday. */
async function weighIn(userId: string): Promise<void> {
  for (const [days, kg] of [
    [15, 90],
    [8, 89],
    [1, 88],
  ] as const)
    await addMeasurement(db.pool, userId, 'weight', kg, 'kg', `${day(days)}T07:00:00Z`);
}

const goalOf = async (userId: string, fields: Partial<GoalFields>) =>
  createGoal(db.pool, userId, { metric_type: 'measurement', metric_name: 'weight', target_unit: 'kg', ...fields });

test('minimize: distance still to lose, on track while the trend goes down', async () => {
  const user = await createUser(db.pool);
  await weighIn(user);
  const goal = await goalOf(user, { target_value: 80, direction: 'minimize' });
  expect(await progressOf(user, goal)).toEqual({ latest_value: '88', unit: 'kg', trend_per_week: '-1', distance_to_target: '8', on_track: true, data_points: 3 });
});

test('maximize: the same falling weight is off track', async () => {
  const user = await createUser(db.pool);
  await weighIn(user);
  const goal = await goalOf(user, { target_value: 95, direction: 'maximize' });
  expect(await progressOf(user, goal)).toMatchObject({ distance_to_target: '7', on_track: false });
});

test('target: signed distance, on track when heading towards it or within 2 %', async () => {
  const user = await createUser(db.pool);
  await weighIn(user);
  expect(await progressOf(user, await goalOf(user, { target_value: 85, direction: 'target' }))).toMatchObject({ distance_to_target: '3', on_track: true });
  expect(await progressOf(user, await goalOf(user, { target_value: 92, direction: 'target' }))).toMatchObject({ distance_to_target: '-4', on_track: false });
  expect(await progressOf(user, await goalOf(user, { target_value: 87, direction: 'target' }))).toMatchObject({ distance_to_target: '1', on_track: true });
});

test('everything in the goal’s unit: a goal in lbs over weights recorded in kg', async () => {
  const user = await createUser(db.pool);
  await weighIn(user);
  const goal = await goalOf(user, { target_unit: 'lbs', target_value: 180, direction: 'minimize' });
  const p = await progressOf(user, goal);
  expect(p).toMatchObject({ unit: 'lbs', data_points: 3 });
  expect(Number(p.latest_value)).toBeCloseTo(194.007, 2); // 88 kg
  expect(Number(p.trend_per_week)).toBeCloseTo(-2.2046, 3); // -1 kg a week
  expect(Number(p.distance_to_target)).toBeCloseTo(14.007, 2);
});

test('the trend counts only the last 90 days; a wearable metric takes one value per day', async () => {
  const user = await createUser(db.pool);
  await importDaily(db.pool, user, { date: day(120), steps: 1000 });
  await importDaily(db.pool, user, { date: day(14), steps: 6000 });
  await importDaily(db.pool, user, { date: day(7), steps: 7000 });
  await importDaily(db.pool, user, { date: day(7), source: 'garmin', steps: 9000 }); // Garmin ranks first for steps
  const goal = await createGoal(db.pool, user, { metric_type: 'wearable', metric_name: 'steps', target_value: 10000, direction: 'maximize' });
  expect(await progressOf(user, goal)).toEqual({ latest_value: '9000', unit: 'steps', trend_per_week: '3000', distance_to_target: '1000', on_track: true, data_points: 2 });
});

test('another user’s goal shows nothing of its data to me', async () => {
  const owner = await createUser(db.pool);
  await weighIn(owner);
  const goal = await goalOf(owner, { target_value: 80, direction: 'minimize' });
  const stranger = await createUser(db.pool);
  expect(await progressOf(stranger, goal)).toEqual({ latest_value: null, unit: 'kg', trend_per_week: null, distance_to_target: null, on_track: null, data_points: 0 });
  await asUser(db.pool, stranger, async (c) => expect((await c.query('select count(*)::int as n from vitalis.goals')).rows[0].n).toBe(0));
});
