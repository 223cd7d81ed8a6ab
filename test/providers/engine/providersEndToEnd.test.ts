import fs from 'node:fs';
import path from 'node:path';
import { syncDevice } from '../../../src/providers/engine/sync';
import { adapters } from '../../../src/providers/registry';
import type { ProviderName } from '../../../src/providers/types';
import { createUser } from '../../helpers/db';
import { FAKE_TOKEN_USER_IDS } from '../../fakeProviders/server';
import { withingsFake } from '../../fakeProviders/withings';
import { connectThroughBrowser, startEngineEnv, type EngineEnv } from './setup';

// Every registered adapter through the whole engine: connect over HTTP against the fake provider
// (authorize, token exchange with the adapter's client authentication and PKCE, the provider's
// user id), then a sync of the days its fixtures cover through the engine's HTTP client, and a
// re-run that changes nothing. Webhooks: webhooksEndToEnd.test.ts.

let env: EngineEnv;
beforeAll(async () => {
  env = await startEngineEnv({}, adapters);
});
afterAll(() => env.close());

/** The first and last day named anywhere in the provider's fixtures. */
function fixtureDays(provider: string): { first: string; last: string } {
  const dir = path.resolve(__dirname, '..', '..', 'fixtures', 'providers', provider);
  const days = fs.readdirSync(dir).flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').match(/20\d\d-\d\d-\d\d/g) ?? []).sort();
  return { first: days[0]!, last: days.at(-1)! };
}

/** The provider's id for the connected user: what each fake's token answer or user lookup names. */
const EXTERNAL_USER_IDS: Record<ProviderName, string> = {
  oura: 'oura-user-1', // GET /v2/usercollection/personal_info
  whoop: '10129', // GET /v2/user/profile/basic
  garmin: 'garmin-user-1', // GET /user/id
  fitbit: FAKE_TOKEN_USER_IDS.fitbit!,
  withings: FAKE_TOKEN_USER_IDS.withings!,
};

const registered = Object.keys(adapters) as ProviderName[];
const total = (s: Awaited<ReturnType<typeof syncDevice>>, key: 'inserted' | 'updated') => s.daily[key] + s.sleep[key] + s.activities[key] + s.measurements[key];

const hasFake = (p: string) => fs.existsSync(path.resolve(__dirname, '..', '..', 'fakeProviders', `${p}.ts`));

test('every registered provider has a fake API to sync against', () => {
  expect(registered.filter((p) => !hasFake(p))).toEqual([]);
});

describe.each(registered)('%s end to end', (provider) => {
  let userId: string;

  test('connects through the authorize page and the token endpoint', async () => {
    userId = await createUser(env.db.pool);
    const connected = await connectThroughBrowser(env, userId, provider);
    expect(connected).toMatchObject({ status: 200, body: { connected: true } });
    const exchange = env.fake.tokenCalls(provider, 'authorization_code').at(-1)!;
    expect(Boolean(new URLSearchParams(exchange.body).get('code_verifier'))).toBe(adapters[provider]!.pkce);
    // Webhooks are routed by it: from the token answer (Fitbit, Withings) or the adapter's lookup (the rest).
    const { rows } = await env.db.pool.query('select external_user_id from vitalis.connected_devices where user_id = $1 and source = $2', [userId, provider]);
    expect(rows).toEqual([{ external_user_id: EXTERNAL_USER_IDS[provider] }]);
  });

  // Against the provider's fake API (test/fakeProviders/<provider>.ts).
  test('syncs the fixture days, and a re-run changes nothing', async () => {
    const { first, last } = fixtureDays(provider);
    const window = { start: new Date(`${first}T00:00:00Z`), end: new Date(new Date(`${last}T00:00:00Z`).getTime() + 2 * 86_400_000) };
    const options = { userId, provider, mode: 'daily' as const, window, config: env.config, http: { backoffMs: 1, maxRetries: 0 } };
    const summary = await syncDevice(env.db.pool, options);
    expect(summary.status).toBe('success');
    expect(total(summary, 'inserted')).toBeGreaterThan(0);
    const again = await syncDevice(env.db.pool, options);
    expect(total(again, 'inserted')).toBe(0);
    expect(total(again, 'updated')).toBe(0);
  });
});

describe('withings token refused inside an HTTP 200', () => {
  const window = () => {
    const { first, last } = fixtureDays('withings');
    return { start: new Date(`${first}T00:00:00Z`), end: new Date(new Date(`${last}T00:00:00Z`).getTime() + 2 * 86_400_000) };
  };
  const refreshes = () => env.fake.tokenCalls('withings', 'refresh_token').length;

  test('the engine refreshes the token and fetches the window again', async () => {
    const userId = await createUser(env.db.pool);
    expect((await connectThroughBrowser(env, userId, 'withings')).status).toBe(200);
    env.fake.expireTokens();
    const before = refreshes();
    const summary = await syncDevice(env.db.pool, { userId, provider: 'withings', mode: 'daily', window: window(), config: env.config, http: { backoffMs: 1, maxRetries: 0 } });
    expect(summary.status).toBe('success');
    expect(total(summary, 'inserted')).toBeGreaterThan(0);
    expect(refreshes()).toBe(before + 1);
  });

  test('a token still refused after the refresh fails the sync after one retry', async () => {
    const userId = await createUser(env.db.pool);
    expect((await connectThroughBrowser(env, userId, 'withings')).status).toBe(200);
    env.fake.setHandler('withings', () => ({ status: 200, body: { status: 401, body: {}, error: 'XRequestError: invalid_token' } }));
    try {
      const before = refreshes();
      const error = await syncDevice(env.db.pool, { userId, provider: 'withings', mode: 'daily', window: window(), config: env.config }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'SyncFailedError', message: expect.stringContaining('HTTP 401') });
      expect(refreshes()).toBe(before + 1);
    } finally {
      env.fake.setHandler('withings', withingsFake);
    }
  });
});
