// The whole path of a live goal alert: a user subscribed to goalAlertTriggered, a measurement
// written through GraphQL crosses the goal's threshold, the SQL evaluation fires the alert and
// NOTIFYs, and the user's websocket receives it with its message. Another user subscribed at the
// same time receives nothing, and a user whose preferences turn live alerts off gets the alert row
// but no event.
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createUser } from '../helpers/db';
import { graphql, startHarness, tokenFor, type Harness } from '../server/harness';

let h: Harness;
const clients: Client[] = [];

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await h?.close();
});

const SUBSCRIPTION = 'subscription { goalAlertTriggered { goalAlert { goalId side message triggerValue } } }';
const CREATE_GOAL = `mutation($goal: GoalInput!) { createGoal(input: { goal: $goal }) { goal { goalId } } }`;
const CREATE_MEASUREMENT = `mutation($m: MeasurementInput!) { createMeasurement(input: { measurement: $m }) { measurement { measurementId } } }`;

interface Subscriber {
  events: any[];
  ready: Promise<void>;
}

/** Opens a websocket as `token`, subscribes, and resolves `ready` once the server's LISTEN connection last ran LISTEN for the user. */
function subscribeAs(userId: string, token: string): Subscriber {
  const client = createClient({ url: h.server.graphqlUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  clients.push(client);
  const events: any[] = [];
  client.subscribe({ query: SUBSCRIPTION }, { next: (v) => void events.push(v), error: () => {}, complete: () => {} });
  const ready = waitFor(async () => {
    const { rowCount } = await h.db.pool.query(`select 1 from pg_stat_activity where application_name = 'vitalis-api-listen' and query = $1`, [`LISTEN "goal_alerts:${userId}"`]);
    return rowCount === 1;
  });
  return { events, ready };
}

async function waitFor(probe: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function weightGoalCrossedBy(token: string): Promise<string> {
  const goal = await graphql(h.server, CREATE_GOAL, {
    token,
    variables: { goal: { metricType: 'measurement', metricName: 'weight', targetValue: '75', targetUnit: 'kg', direction: 'minimize', alertThresholdHigh: '80' } },
  });
  expect(goal.body.errors).toBeUndefined();
  const written = await graphql(h.server, CREATE_MEASUREMENT, { token, variables: { m: { metric: 'weight', value: '81.5', unit: 'kg', measuredAt: new Date().toISOString() } } });
  expect(written.body.errors).toBeUndefined();
  return goal.body.data!.createGoal.goal.goalId;
}

test('a measurement that crosses a threshold reaches the user live, and nobody else', async () => {
  const alice = await createUser(h.db.pool);
  const bob = await createUser(h.db.pool);
  await h.db.pool.query(`update vitalis.user_preferences set weight_unit = 'kg' where user_id = $1`, [alice]);
  const [aliceToken, bobToken] = [await tokenFor(h, alice), await tokenFor(h, bob)];
  // One after the other: the probe sees only the LISTEN connection's latest statement.
  const a = subscribeAs(alice, aliceToken);
  await a.ready;
  const b = subscribeAs(bob, bobToken);
  await b.ready;

  const goalId = await weightGoalCrossedBy(aliceToken);

  await waitFor(() => a.events.length === 1);
  expect(a.events[0]).toEqual({
    data: { goalAlertTriggered: { goalAlert: { goalId, side: 'high', message: 'Weight 81.5 kg is above your alert threshold of 80 kg', triggerValue: '81.5000' } } },
  });
  // Bob's stream stays silent (his channel got no NOTIFY; give a stray event time to arrive).
  await new Promise((r) => setTimeout(r, 300));
  expect(b.events).toEqual([]);
});

test('live alerts switched off in notification preferences: the alert is recorded, no event is sent', async () => {
  const carol = await createUser(h.db.pool);
  await h.db.pool.query(`update vitalis.user_preferences set notification_prefs = '{"goal_alerts": {"email": false, "live": false}}' where user_id = $1`, [carol]);
  const token = await tokenFor(h, carol);
  const c = subscribeAs(carol, token);
  await c.ready;

  await weightGoalCrossedBy(token);

  const alerts = await graphql(h.server, 'query { goalAlerts { totalCount } }', { token });
  expect(alerts.body.data!.goalAlerts.totalCount).toBe(1);
  await new Promise((r) => setTimeout(r, 500));
  expect(c.events).toEqual([]);
});
