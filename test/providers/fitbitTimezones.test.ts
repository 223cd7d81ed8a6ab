import { syncDevice } from '../../src/providers/engine/sync';
import { adapters } from '../../src/providers/registry';
import { asRequest, createUser } from '../helpers/db';
import { connectThroughBrowser, startEngineEnv, type EngineEnv } from './engine/setup';

// A user who travelled: Berlin until 2024-03-10 12:00 UTC, New York after (where summer time
// began that very morning). Fitbit's local times carry no offset; a sync through the engine and
// the fake Fitbit API places each one with the zone the user was in then, not the one in force now.

let env: EngineEnv;
beforeAll(async () => {
  env = await startEngineEnv({}, adapters);
});
afterAll(() => env.close());

const window = { start: new Date('2024-03-09T00:00:00Z'), end: new Date('2024-04-22T00:00:00Z') };
const sync = (userId: string) => syncDevice(env.db.pool, { userId, provider: 'fitbit', mode: 'daily', window, config: env.config, http: { backoffMs: 1, maxRetries: 0 } });

async function placed(userId: string) {
  const { rows: sleep } = await env.db.pool.query(
    `select sleep_date::text as date, sleep_start, sleep_end, raw_data->'naps'->0->>'start' as nap_start from vitalis.wearable_sleep where user_id = $1 and source = 'fitbit' order by sleep_date`,
    [userId],
  );
  const { rows: weights } = await env.db.pool.query(`select measured_at from vitalis.measurements where user_id = $1 and metric = 'weight' and source = 'fitbit' order by measured_at`, [userId]);
  return { sleep, weights: weights.map((w) => (w.measured_at as Date).toISOString()) };
}

test('offset-less Fitbit times land at the instants of the zone the user was in', async () => {
  const userId = await createUser(env.db.pool);
  expect((await connectThroughBrowser(env, userId, 'fitbit')).status).toBe(200);
  await asRequest(
    env.db.pool,
    { userId },
    async (c) => {
      await c.query(`select vitalis.set_timezone('Europe/Berlin', '2024-01-01T00:00:00Z')`);
      await c.query(`select vitalis.set_timezone('America/New_York', '2024-03-10T12:00:00Z')`);
    },
    true,
  );
  expect((await sync(userId)).status).toBe('success');
  const { sleep, weights } = await placed(userId);
  expect(sleep).toEqual([
    // 23:30 and 05:47 in Berlin (UTC+1); the 14:00 nap was in New York (UTC-4 since that morning).
    { date: '2024-03-10', sleep_start: new Date('2024-03-09T22:30:00Z'), sleep_end: new Date('2024-03-10T04:47:00Z'), nap_start: '2024-03-10T18:00:00.000Z' },
    // Midnight to 07:00 in New York.
    { date: '2024-03-11', sleep_start: new Date('2024-03-11T04:00:00Z'), sleep_end: new Date('2024-03-11T11:00:00Z'), nap_start: null },
  ]);
  // 07:10:45 in Berlin; 07:08:20 and 08:00 in New York.
  expect(weights).toEqual(['2024-03-10T06:10:45.000Z', '2024-03-11T11:08:20.000Z', '2024-04-20T12:00:00.000Z']);

  // The same local times again place the same instants: nothing changes.
  const again = await sync(userId);
  expect(again.sleep.inserted + again.sleep.updated + again.measurements.inserted + again.measurements.updated).toBe(0);
});

test('a user without a history who chose a zone has every time placed in it; one who never chose gets the Fitbit profile zone', async () => {
  const chose = await createUser(env.db.pool);
  expect((await connectThroughBrowser(env, chose, 'fitbit')).status).toBe(200);
  await env.db.pool.query(`update vitalis.user_preferences set timezone = 'America/New_York' where user_id = $1`, [chose]);
  expect((await sync(chose)).status).toBe('success');
  expect((await placed(chose)).sleep[0].sleep_start).toEqual(new Date('2024-03-10T04:30:00Z')); // 23:30 EST

  const never = await createUser(env.db.pool);
  expect((await connectThroughBrowser(env, never, 'fitbit')).status).toBe(200);
  expect((await sync(never)).status).toBe('success');
  const { sleep, weights } = await placed(never);
  expect(sleep[0].sleep_start).toEqual(new Date('2024-03-09T22:30:00Z')); // profile: Europe/Berlin
  expect(weights.at(-1)).toBe('2024-04-20T06:00:00.000Z'); // 08:00 in Berlin summer time
});
