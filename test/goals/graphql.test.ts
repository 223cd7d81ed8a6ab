// Goals over GraphQL, end to end: a goal created and a measurement recorded through mutations fire
// an alert at once; the alert is acknowledged through acknowledgeGoalAlert and is otherwise the
// server's; Goal.progress says where the goal stands; nobody else sees any of it.
import { createUser } from '../helpers/db';
import { graphql, startHarness, tokenFor, type Harness } from '../server/harness';

let h: Harness;
let user: string;
let token: string;
let otherToken: string;

beforeAll(async () => {
  h = await startHarness();
  user = await createUser(h.db.pool);
  token = await tokenFor(h, user);
  otherToken = await tokenFor(h, await createUser(h.db.pool));
  await h.db.pool.query(`update vitalis.user_preferences set weight_unit = 'kg' where user_id = $1`, [user]);
});
afterAll(async () => {
  await h?.close();
});

const gql = (query: string, variables: Record<string, unknown> = {}, as = token) => graphql(h.server, query, { token: as, variables });

const CREATE_GOAL = `mutation($goal: GoalInput!) { createGoal(input: { goal: $goal }) { goal { goalId } } }`;
const CREATE_MEASUREMENT = `mutation($m: MeasurementInput!) { createMeasurement(input: { measurement: $m }) { measurement { measurementId } } }`;
const ALERTS = `query { goalAlerts(orderBy: TRIGGERED_AT_ASC) { nodes { alertId goalId side triggerValue message observedAt clearedAt acknowledgedAt } } }`;
const PROGRESS = `query { goals { nodes { goalId progress { latestValue latestAt unit trendPerWeek distanceToTarget onTrack dataPoints } } } }`;

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

let goalId: string;

test('a goal and a measurement written through GraphQL fire one alert at once', async () => {
  const goal = await gql(CREATE_GOAL, {
    goal: { metricType: 'measurement', metricName: 'weight', targetValue: '75', targetUnit: 'kg', direction: 'minimize', alertThresholdHigh: '83.5' },
  });
  expect(goal.body.errors).toBeUndefined();
  goalId = goal.body.data!.createGoal.goal.goalId;
  for (const [value, days] of [
    ['84', 12],
    ['83', 6],
    ['82', 0],
  ] as const) {
    const written = await gql(CREATE_MEASUREMENT, { m: { metric: 'weight', value, unit: 'kg', measuredAt: daysAgo(days) } });
    expect(written.body.errors).toBeUndefined();
  }
  const { body } = await gql(ALERTS);
  expect(body.errors).toBeUndefined();
  // 84 kg crossed 83.5 and fired; 83 kg was back in range and cleared it; 82 kg changed nothing.
  expect(body.data!.goalAlerts.nodes).toEqual([
    expect.objectContaining({ goalId, side: 'high', triggerValue: '84.0000', message: 'Weight 84 kg is above your alert threshold of 83.5 kg', acknowledgedAt: null }),
  ]);
  expect(body.data!.goalAlerts.nodes[0].clearedAt).not.toBeNull();
});

test('acknowledgeGoalAlert stamps the alert, once; another user cannot', async () => {
  const alertId = (await gql(ALERTS)).body.data!.goalAlerts.nodes[0].alertId;
  const ACK = `mutation($id: UUID!) { acknowledgeGoalAlert(input: { alertId: $id }) { result { alertId acknowledgedAt } } }`;
  const denied = await gql(ACK, { id: alertId }, otherToken);
  expect(denied.body.errors?.[0]?.message).toMatch(/^alertId: no goal alert of yours has this id/);
  const first = await gql(ACK, { id: alertId });
  expect(first.body.errors).toBeUndefined();
  const at = first.body.data!.acknowledgeGoalAlert.result.acknowledgedAt;
  expect(at).not.toBeNull();
  expect((await gql(ACK, { id: alertId })).body.data!.acknowledgeGoalAlert.result.acknowledgedAt).toBe(at);
});

test('Goal.progress: latest value, trend per week, distance to target, on track', async () => {
  const { body } = await gql(PROGRESS);
  expect(body.errors).toBeUndefined();
  const progress = body.data!.goals.nodes[0].progress;
  expect(progress).toMatchObject({ latestValue: '82', unit: 'kg', distanceToTarget: '7', onTrack: true, dataPoints: 3 });
  expect(Number(progress.trendPerWeek)).toBeCloseTo(-7 / 6, 3); // 1 kg per 6 days
  expect(Math.abs(new Date(progress.latestAt).getTime() - Date.now())).toBeLessThan(60_000);
});

test('progress without a target still gives the latest value, with no distance', async () => {
  await gql(CREATE_GOAL, { goal: { metricType: 'wearable', metricName: 'steps' } });
  await h.db.pool.query(`insert into vitalis.wearable_daily (user_id, date, source, steps) values ($1, current_date, 'garmin', 8000)`, [user]);
  const steps = (await gql(PROGRESS)).body.data!.goals.nodes.find((n: { goalId: string }) => n.goalId !== goalId).progress;
  expect(steps).toMatchObject({ latestValue: '8000', unit: 'steps', distanceToTarget: null, onTrack: null, dataPoints: 1, trendPerWeek: null });
});

test('alerts are the server’s: no create or update mutation, and another user sees none', async () => {
  const mutations = await gql(`query { __type(name: "Mutation") { fields { name } } }`);
  const names: string[] = mutations.body.data!.__type.fields.map((f: { name: string }) => f.name);
  expect(names).toContain('acknowledgeGoalAlert');
  expect(names.filter((n) => /GoalAlert/.test(n) && n !== 'acknowledgeGoalAlert' && !/^deleteGoalAlert/.test(n))).toEqual([]);
  const forged = await gql(`mutation($id: UUID!) { updateGoalAlert(input: { alertId: $id, patch: { clearedAt: null } }) { clientMutationId } }`, {
    id: (await gql(ALERTS)).body.data!.goalAlerts.nodes[0].alertId,
  });
  expect(forged.body.errors?.[0]?.message).toMatch(/updateGoalAlert/);
  const theirs = await gql(`query { goalAlerts { totalCount } goals { totalCount } }`, {}, otherToken);
  expect(theirs.body.data).toEqual({ goalAlerts: { totalCount: 0 }, goals: { totalCount: 0 } });
});

test('a notificationPrefs entry of the wrong shape is refused, naming the field', async () => {
  const { body } = await gql(
    `mutation($id: UUID!) { updateUserPreference(input: { userId: $id, patch: { notificationPrefs: { goal_alerts: "often" } } }) { clientMutationId } }`,
    { id: user },
  );
  expect(body.errors?.[0]).toMatchObject({
    message: 'notificationPrefs: goal_alerts must be true, false or an object of channels, e.g. {"email": true, "live": false}',
    extensions: expect.objectContaining({ field: 'notificationPrefs' }),
  });
});
