// Live goal alerts (Subscription.goalAlertTriggered) end to end: the real server on an ephemeral
// port, real websocket clients (graphql-ws over ws), and alerts fired the way the SQL that fires
// them does: a goal_alerts row, then pg_notify('goal_alerts:' || user_id,
// json_build_object('alertId', alert_id)::text).
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createUser } from '../helpers/db';
import { graphql, type Harness, signToken, startHarness, tokenFor } from './harness';
import { issueSession } from '../../src/auth/sessions';

const ALERT_SUBSCRIPTION = 'subscription { goalAlertTriggered { goalAlert { alertId userId message triggerValue } } }';

interface Closed {
  code: number;
  reason: string;
}

interface Recorded {
  events: Array<{ data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;
  errors: unknown[];
  completed: boolean;
  dispose: () => void;
}

let h: Harness;
const clients: Client[] = [];

beforeAll(async () => {
  h = await startHarness({
    LIVE_MAX_CONNECTIONS: '5',
    LIVE_MAX_CONNECTIONS_PER_USER: '2',
    LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION: '2',
    LIVE_MAX_MESSAGE_BYTES: '8192',
    MAX_QUERY_DEPTH: '4',
  });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
  // Every socket closed, and its user's connection count released with it.
  await waitFor('every socket closed', () => h.server.live.counts().open === 0);
  expect(h.server.live.counts()).toEqual({ open: 0, signedIn: 0 });
});

afterAll(async () => {
  await h?.close();
});

const wsUrl = () => h.server.graphqlUrl.replace(/^http/, 'ws');

/** A graphql-ws client that never retries, recording how its socket closed. */
function connect(connectionParams?: Record<string, unknown>): { client: Client; closes: Closed[]; acked: Promise<void> } {
  const closes: Closed[] = [];
  let ack: () => void = () => {};
  const acked = new Promise<void>((resolve) => (ack = resolve));
  const client = createClient({
    url: wsUrl(),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
    on: {
      connected: () => ack(),
      closed: (event) => {
        const e = event as { code: number; reason: string };
        closes.push({ code: e.code, reason: String(e.reason) });
      },
    },
  });
  clients.push(client);
  return { client, closes, acked };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function subscribe(client: Client, query = ALERT_SUBSCRIPTION, variables?: Record<string, unknown>): Recorded {
  const recorded: Recorded = { events: [], errors: [], completed: false, dispose: () => {} };
  recorded.dispose = client.subscribe(
    { query, variables },
    {
      next: (value) => void recorded.events.push(value as Recorded['events'][number]),
      error: (error) => void recorded.errors.push(error),
      complete: () => void (recorded.completed = true),
    },
  );
  return recorded;
}

async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Resolves once the server's LISTEN connection (direct, as vitalis_authenticator: never through
 * API_DATABASE_URL's pooler) has run LISTEN for this user's channel.
 */
async function listening(userId: string): Promise<void> {
  await waitFor(`LISTEN goal_alerts:${userId}`, async () => {
    const { rows } = await h.db.pool.query(
      `select 1 from pg_stat_activity
        where datname = current_database() and application_name = 'vitalis-api-listen' and usename = 'vitalis_authenticator' and query = $1`,
      [`LISTEN "goal_alerts:${userId}"`],
    );
    return rows.length > 0;
  });
}

/** An alert as the alert-firing SQL writes it (as the database owner), then its notification. */
async function fireAlert(userId: string, message: string): Promise<string> {
  const { rows } = await h.db.pool.query<{ alert_id: string }>(
    `with g as (
       insert into vitalis.goals (user_id, metric_type, metric_name, alert_threshold_high) values ($1, 'wearable', 'resting_hr_bpm', 60)
       returning goal_id, user_id)
     insert into vitalis.goal_alerts (goal_id, user_id, triggered_at, trigger_value, message)
     select goal_id, user_id, now(), 64, $2 from g returning alert_id`,
    [userId, message],
  );
  const alertId = rows[0]!.alert_id;
  await notify(userId, alertId);
  return alertId;
}

/** pg_notify exactly as the contract says; `alertId` may be anyone's, or made up. */
async function notify(channelUserId: string, alertId: string): Promise<void> {
  await h.db.pool.query(`select pg_notify('goal_alerts:' || $1::uuid, json_build_object('alertId', $2::uuid)::text)`, [channelUserId, alertId]);
}

async function notifyRaw(channelUserId: string, payload: string): Promise<void> {
  await h.db.pool.query(`select pg_notify('goal_alerts:' || $1::uuid, $2)`, [channelUserId, payload]);
}

/** The alert ids delivered, once each (a notification is an at-least-once signal). */
const alertIds = (r: Recorded) => [...new Set(r.events.map((e) => e.data?.goalAlertTriggered?.goalAlert?.alertId as string))];

describe('delivery', () => {
  test('a user receives their alert with its message; another user subscribed at the same time receives only their own', async () => {
    const alice = await createUser(h.db.pool);
    const bob = await createUser(h.db.pool);
    const a = connect(bearer(await tokenFor(h, alice)));
    const b = connect(bearer(await tokenFor(h, bob)));
    const aliceSub = subscribe(a.client);
    await listening(alice);
    const bobSub = subscribe(b.client);
    await listening(bob);

    const aliceAlert = await fireAlert(alice, 'Resting heart rate 64 bpm is above your 60 bpm alert');
    await waitFor('alice’s alert', () => aliceSub.events.length > 0);
    expect(aliceSub.events[0]).toEqual({
      data: { goalAlertTriggered: { goalAlert: { alertId: aliceAlert, userId: alice, message: 'Resting heart rate 64 bpm is above your 60 bpm alert', triggerValue: '64.0000' } } },
    });

    // Bob's subscription is live (his own alert arrives) and never saw Alice's.
    const bobAlert = await fireAlert(bob, 'Bob’s alert');
    await waitFor('bob’s alert', () => bobSub.events.length > 0);
    expect(alertIds(bobSub)).toEqual([bobAlert]);
    expect(alertIds(aliceSub)).toEqual([aliceAlert]);
    expect(aliceSub.errors).toEqual([]);
  });

  test('a notification naming someone else’s alert, a made-up alert or no alert at all yields nothing on my channel', async () => {
    const alice = await createUser(h.db.pool);
    const mallory = await createUser(h.db.pool);
    const { client } = connect(bearer(await tokenFor(h, alice)));
    const sub = subscribe(client);
    await listening(alice);

    const foreignAlert = await fireAlert(mallory, 'Mallory’s private alert');
    await notify(alice, foreignAlert);
    await notify(alice, '00000000-0000-4000-8000-000000000000');
    for (const payload of ['not json', '{"alertId":"x"}', '[]', '{"alertId": 42}', '{}', 'null']) await notifyRaw(alice, payload);
    // Then a real one: it is the first and only thing delivered.
    const own = await fireAlert(alice, 'mine');
    await waitFor('alice’s own alert', () => sub.events.length > 0);
    await sleep(200);
    expect(alertIds(sub)).toEqual([own]);
    expect(sub.errors).toEqual([]);
  });
});

describe('authentication', () => {
  async function refused(connectionParams?: Record<string, unknown>): Promise<Closed> {
    const { client, closes } = connect(connectionParams);
    const sub = subscribe(client);
    await waitFor('the socket to close', () => closes.length > 0);
    expect(sub.events).toEqual([]);
    return closes[0]!;
  }

  test('an anonymous connection is refused (4401) with what to send', async () => {
    expect(await refused()).toEqual({ code: 4401, reason: 'Sign in: send connectionParams { authorization: "Bearer <token>" }' });
    expect(await refused({ authorization: '' })).toEqual({ code: 4401, reason: 'Authorization header must be "Bearer <token>"' });
  });

  test('a bad, expired or session-less token is refused like over HTTP', async () => {
    const user = await createUser(h.db.pool);
    const { sessionId } = await sessionOf(user);
    expect(await refused(bearer(signToken(h.config, user, { sid: sessionId, secret: 'another-secret-0123456789abcdef0123456789' })))).toEqual({ code: 4401, reason: 'Invalid token' });
    expect(await refused(bearer(signToken(h.config, user, { sid: sessionId, expiresIn: -60 })))).toEqual({ code: 4401, reason: 'Token expired' });
    expect(await refused(bearer(signToken(h.config, user)))).toEqual({ code: 4401, reason: 'Invalid token: sid is required' });
    expect(await refused({ authorization: 'Basic dXNlcjpwYXNz' })).toEqual({ code: 4401, reason: 'Authorization header must be "Bearer <token>"' });
  });

  test('a revoked session cannot connect, and a session revoked while subscribed gets nothing more', async () => {
    const user = await createUser(h.db.pool);
    const revokedToken = await tokenFor(h, user);
    await revokeSessions(user);
    expect(await refused(bearer(revokedToken))).toEqual({ code: 4401, reason: 'Session has ended: sign in again' });

    const { client, closes } = connect(bearer(await tokenFor(h, user)));
    const sub = subscribe(client);
    await listening(user);
    await revokeSessions(user);
    await fireAlert(user, 'after logout');
    await waitFor('the socket to close', () => closes.length > 0);
    expect(closes[0]).toEqual({ code: 4401, reason: 'Session has ended: sign in again' });
    expect(sub.events.filter((e) => e.data)).toEqual([]);
  });

  test('the connection closes (4403) when its access token expires, so the client reconnects with a fresh one', async () => {
    const user = await createUser(h.db.pool);
    const session = await issueSession(h.db.pool, h.config, user, { accessTtl: 2 });
    const { closes, acked } = connect(bearer(session.accessToken));
    await acked;
    await waitFor('the expiry close', () => closes.length > 0, 6000);
    expect(closes[0]).toEqual({ code: 4403, reason: 'Access token expired: reconnect with a fresh one' });
  });

  test('over HTTP the subscription is refused with where to go', async () => {
    const user = await createUser(h.db.pool);
    const response = await graphql(h.server, ALERT_SUBSCRIPTION, { token: await tokenFor(h, user) });
    expect(response.body.errors?.[0]?.message).toMatch(/subscribe over the websocket at \/graphql/);
  });
});

describe('limits', () => {
  test('at most LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION subscriptions per connection', async () => {
    const user = await createUser(h.db.pool);
    const { client } = connect(bearer(await tokenFor(h, user)));
    const first = subscribe(client);
    const second = subscribe(client);
    const third = subscribe(client);
    await waitFor('the third to be refused', () => third.errors.length > 0);
    expect(third.errors).toEqual([[{ message: 'At most 2 subscriptions per connection: complete one first', extensions: { code: 'RATE_LIMITED', max: 2 } }]]);
    await listening(user);
    const alert = await fireAlert(user, 'both still work');
    await waitFor('both subscriptions to receive it', () => first.events.length > 0 && second.events.length > 0);
    expect([alertIds(first), alertIds(second)]).toEqual([[alert], [alert]]);
  });

  test('at most LIVE_MAX_CONNECTIONS_PER_USER connections per user (4429); other users are not affected', async () => {
    const user = await createUser(h.db.pool);
    const token = await tokenFor(h, user);
    await Promise.all([connect(bearer(token)).acked, connect(bearer(token)).acked]);
    const metrics = await (await fetch(`${h.server.origin}/metrics`)).text();
    expect(metrics).toContain('vitalis_live_sockets{state="signed_in"} 2');
    const third = connect(bearer(token));
    await waitFor('the third connection to close', () => third.closes.length > 0);
    expect(third.closes[0]).toEqual({ code: 4429, reason: 'Too many live connections for this user (at most 2): close one first' });
    await connect(bearer(await tokenFor(h, await createUser(h.db.pool)))).acked;
  });

  test('at most LIVE_MAX_CONNECTIONS sockets per process: the next upgrade gets 503, and /healthz still answers', async () => {
    const sockets = Array.from({ length: 5 }, () => new WebSocket(wsUrl(), 'graphql-transport-ws'));
    try {
      await Promise.all(sockets.map((s) => new Promise((resolve, reject) => s.once('open', resolve).once('error', reject))));
      const status = await new Promise<number>((resolve) => {
        const extra = new WebSocket(wsUrl(), 'graphql-transport-ws');
        extra.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        extra.once('error', () => resolve(-1));
      });
      expect(status).toBe(503);
      expect((await fetch(`${h.server.origin}/healthz`)).status).toBe(200);
    } finally {
      for (const s of sockets) s.close();
    }
    // And the anonymous sockets are dropped when they do not sign in (connectionInitWaitTimeout).
  });

  test('queries and mutations are refused over the websocket: they go over HTTP', async () => {
    const user = await createUser(h.db.pool);
    const { client } = connect(bearer(await tokenFor(h, user)));
    const query = subscribe(client, 'query { currentUserId }');
    const mutation = subscribe(client, 'mutation { acknowledgeGoalAlert(input: { alertId: "00000000-0000-4000-8000-000000000000" }) { clientMutationId } }');
    await waitFor('both refusals', () => query.errors.length > 0 && mutation.errors.length > 0);
    expect(query.errors).toEqual([[{ message: 'Only subscriptions are served over websockets: send this query with POST /graphql', extensions: { code: 'METHOD_NOT_ALLOWED' } }]]);
    expect(mutation.errors).toEqual([[{ message: 'Only subscriptions are served over websockets: send this mutation with POST /graphql', extensions: { code: 'METHOD_NOT_ALLOWED' } }]]);
  });

  test('subscription documents pass the same depth and document limits as over HTTP', async () => {
    const user = await createUser(h.db.pool);
    const { client } = connect(bearer(await tokenFor(h, user)));
    const deep = subscribe(client, 'subscription { goalAlertTriggered { goalAlert { goalUser { user { email } } } } }');
    await waitFor('the deep one to be refused', () => deep.events.length > 0 || deep.errors.length > 0);
    expect([...deep.events, ...deep.errors]).toEqual([expect.objectContaining({ errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_DEEP' }) })] })]);

    const aliases = Array.from({ length: 51 }, (_, i) => `a${i}: goalAlert { alertId }`).join(' ');
    const wide = subscribe(client, `subscription { goalAlertTriggered { ${aliases} } }`);
    await waitFor('the wide one to be refused', () => wide.errors.length > 0);
    expect(wide.errors).toEqual([
      [expect.objectContaining({ message: 'The query uses 51 aliases (fragments expanded); at most 50 are allowed', extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit: 'MAX_QUERY_ALIASES' }) })],
    ]);
  });

  test('a message larger than LIVE_MAX_MESSAGE_BYTES closes the socket (1009)', async () => {
    const user = await createUser(h.db.pool);
    const { client, closes } = connect(bearer(await tokenFor(h, user)));
    subscribe(client, `subscription { goalAlertTriggered { goalAlert { alertId } } } # ${'x'.repeat(9000)}`);
    await waitFor('the socket to close', () => closes.length > 0);
    expect(closes[0]!.code).toBe(1009);
  });
});

describe('resilience', () => {
  test('completing a subscription stops listening on the channel', async () => {
    const user = await createUser(h.db.pool);
    const { client } = connect(bearer(await tokenFor(h, user)));
    const sub = subscribe(client);
    await listening(user);
    sub.dispose();
    await waitFor('UNLISTEN', async () => {
      const { rows } = await h.db.pool.query(`select 1 from pg_stat_activity where application_name = 'vitalis-api-listen' and query = $1`, [`UNLISTEN "goal_alerts:${user}"`]);
      return rows.length > 0;
    });
  });

  test('when the LISTEN connection dies, subscriptions end with an error, /healthz answers, and new subscriptions work', async () => {
    const user = await createUser(h.db.pool);
    const { client } = connect(bearer(await tokenFor(h, user)));
    const before = subscribe(client);
    await listening(user);
    await h.db.pool.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = 'vitalis-api-listen'`);
    await waitFor('the subscription to fail', () => before.errors.length > 0);
    expect(before.errors).toEqual([
      [expect.objectContaining({ message: 'Live goal alerts were interrupted (the server lost its database connection): subscribe again', extensions: { code: 'SERVICE_UNAVAILABLE' } })],
    ]);
    expect((await fetch(`${h.server.origin}/healthz`)).status).toBe(200);

    const after = subscribe(client);
    await listening(user);
    const alert = await fireAlert(user, 'after the reconnect');
    await waitFor('the alert', () => after.events.length > 0);
    expect(alertIds(after)).toEqual([alert]);
  });
});

// Last: it shuts the server down.
describe('shutdown', () => {
  test('closing the server closes every socket (1001) and ends the LISTEN connection', async () => {
    const user = await createUser(h.db.pool);
    const { client, closes } = connect(bearer(await tokenFor(h, user)));
    subscribe(client);
    await listening(user);
    await h.server.close(1000);
    await waitFor('the socket to close', () => closes.length > 0);
    expect(closes[0]).toEqual({ code: 1001, reason: 'Server shutting down' });
    const { rows } = await h.db.pool.query(`select pid from pg_stat_activity where datname = current_database() and application_name = 'vitalis-api-listen'`);
    expect(rows).toEqual([]);
  });
});

async function sessionOf(userId: string): Promise<{ sessionId: string }> {
  await tokenFor(h, userId);
  const { rows } = await h.db.pool.query<{ session_id: string }>('select session_id from vitalis_private.sessions where user_id = $1 order by created_at desc limit 1', [userId]);
  return { sessionId: rows[0]!.session_id };
}

async function revokeSessions(userId: string): Promise<void> {
  await h.db.pool.query(`update vitalis_private.sessions set revoked_at = now(), revoked_reason = 'logout' where user_id = $1 and revoked_at is null`, [userId]);
}
