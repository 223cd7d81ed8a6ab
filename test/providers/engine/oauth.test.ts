import { createUser } from '../../helpers/db';
import { decryptToken, parseTokenKeys } from '../../../src/providers/engine/tokenCrypto';
import { connectThroughBrowser, KEY_A, startEngineEnv, type EngineEnv } from './setup';
import { TEST_PROVIDER } from './testAdapter';

let env: EngineEnv;
beforeAll(async () => {
  env = await startEngineEnv();
});
afterAll(() => env.close());

async function startConnect(userId: string, query = ''): Promise<URL> {
  const res = await fetch(`${env.origin}/providers/${TEST_PROVIDER}/connect${query}`, { method: 'POST', headers: { authorization: `Bearer ${await env.tokenFor(userId)}` } });
  expect(res.status).toBe(200);
  return new URL(((await res.json()) as { authorizeUrl: string }).authorizeUrl);
}

const errorOf = async (res: Response) => ((await res.json()) as { errors: { message: string; extensions: { field?: string } }[] }).errors[0]!;

describe('OAuth connect and callback', () => {
  test('connect -> authorize -> callback stores encrypted tokens and queues a backfill', async () => {
    const userId = await createUser(env.db.pool);
    const url = await startConnect(userId);
    expect(url.origin + url.pathname).toBe(`${env.fake.origin}/oura/authorize`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('scope')).toBe('daily heartrate');
    expect(url.searchParams.get('redirect_uri')).toBe(`${env.origin}/providers/oura/callback`);

    const consent = await fetch(url, { redirect: 'manual' });
    const callback = await fetch(consent.headers.get('location')!);
    const body = (await callback.json()) as { connected: boolean; deviceId: string; backfillJobId: string };
    expect(callback.status).toBe(200);
    expect(body.connected).toBe(true);

    const { rows } = await env.db.pool.query('select d.*, t.access_token_enc from vitalis.connected_devices d join vitalis_private.device_tokens t using (device_id) where device_id = $1', [body.deviceId]);
    const row = rows[0];
    expect(row).toMatchObject({ user_id: userId, source: 'oura', display_name: 'Oura', is_active: true, external_user_id: 'fake-user-1', scope: ['read'] });
    expect(row.access_token_enc).toMatch(/^v1\.a1\./);
    const access = decryptToken(parseTokenKeys(KEY_A), row.access_token_enc, { userId, source: 'oura', column: 'access_token_enc' });
    expect(access).toMatch(/^at-/);
    expect(row.token_expires_at.getTime()).toBeGreaterThan(Date.now() + 3000_000);

    const jobs = await env.db.pool.query('select job_type, source, user_id from vitalis.ingestion_jobs where job_id = $1', [body.backfillJobId]);
    expect(jobs.rows).toEqual([{ job_type: 'backfill', source: 'oura', user_id: userId }]);
    // The token exchange sent the PKCE verifier and client credentials as HTTP Basic.
    const exchange = env.fake.tokenCalls('oura', 'authorization_code').at(-1)!;
    expect(exchange.headers.authorization).toMatch(/^Basic /);
    expect(new URLSearchParams(exchange.body).get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{64}$/);
  });

  test('a reused state is refused and names the parameter', async () => {
    const userId = await createUser(env.db.pool);
    const url = await startConnect(userId);
    const consent = await fetch(url, { redirect: 'manual' });
    const location = consent.headers.get('location')!;
    expect((await fetch(location)).status).toBe(200);
    const again = await fetch(location);
    expect(again.status).toBe(400);
    expect(await errorOf(again)).toMatchObject({ message: expect.stringContaining('already used'), extensions: { field: 'state' } });
  });

  test('unknown, missing and expired states are refused', async () => {
    const unknown = await fetch(`${env.origin}/providers/oura/callback?code=x&state=not-a-state`);
    expect(unknown.status).toBe(400);
    expect(await errorOf(unknown)).toMatchObject({ message: expect.stringContaining('not valid'), extensions: { field: 'state' } });

    const missing = await fetch(`${env.origin}/providers/oura/callback?code=x`);
    expect(await errorOf(missing)).toMatchObject({ extensions: { field: 'state' } });

    const userId = await createUser(env.db.pool);
    const url = await startConnect(userId);
    await env.db.pool.query("update vitalis_private.provider_oauth_states set expires_at = now() - interval '1 second' where user_id = $1", [userId]);
    const consent = await fetch(url, { redirect: 'manual' });
    const expired = await fetch(consent.headers.get('location')!);
    expect(expired.status).toBe(400);
    expect(await errorOf(expired)).toMatchObject({ message: expect.stringContaining('expired'), extensions: { field: 'state' } });
    expect((await env.db.pool.query('select 1 from vitalis.connected_devices where user_id = $1', [userId])).rowCount).toBe(0);
  });

  test('a state issued for another provider is refused', async () => {
    const userId = await createUser(env.db.pool);
    const url = await startConnect(userId);
    // Only the test adapter is registered: the router 404s other providers before the state is read.
    const other = await fetch(`${env.origin}/providers/whoop/callback?code=x&state=${url.searchParams.get('state')}`);
    expect(other.status).toBe(404);
    const { rows } = await env.db.pool.query("select * from vitalis_private.consume_provider_oauth_state(sha256(convert_to($1, 'utf8')), 'whoop')", [url.searchParams.get('state')]);
    expect(rows[0].status).toBe('wrong_provider');
  });

  test('a PKCE verifier that does not match the challenge is refused by the provider: 400 on code', async () => {
    const userId = await createUser(env.db.pool);
    const url = await startConnect(userId);
    // An attacker's authorization request with their own challenge, completed with the victim's state.
    url.searchParams.set('code_challenge', 'A'.repeat(43));
    const consent = await fetch(url, { redirect: 'manual' });
    const res = await fetch(consent.headers.get('location')!);
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ message: expect.stringContaining('PKCE verification failed'), extensions: { field: 'code' } });
  });

  test('?error=access_denied is a 400 naming error, and uses up the state', async () => {
    const userId = await createUser(env.db.pool);
    const url = await startConnect(userId);
    url.searchParams.set('deny', '1');
    const consent = await fetch(url, { redirect: 'manual' });
    const res = await fetch(consent.headers.get('location')!);
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ message: expect.stringContaining('access_denied'), extensions: { field: 'error' } });
    const { rows } = await env.db.pool.query('select consumed_at from vitalis_private.provider_oauth_states where user_id = $1', [userId]);
    expect(rows[0].consumed_at).not.toBeNull();
  });

  test('with returnTo the browser goes back to the app: connected with the backfill job, or the reason it failed', async () => {
    const app = 'http://127.0.0.1:5678/settings/connections?tab=devices';
    const userId = await createUser(env.db.pool);
    const consent = await fetch(await startConnect(userId, `?returnTo=${encodeURIComponent(app)}`), { redirect: 'manual' });
    const back = await fetch(consent.headers.get('location')!, { redirect: 'manual' });
    expect(back.status).toBe(303);
    const landed = new URL(back.headers.get('location')!);
    expect(`${landed.origin}${landed.pathname}`).toBe('http://127.0.0.1:5678/settings/connections');
    expect(Object.fromEntries(landed.searchParams)).toEqual({ tab: 'devices', provider: TEST_PROVIDER, status: 'connected', jobId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const job = await env.db.pool.query('select job_type, user_id from vitalis.ingestion_jobs where job_id = $1', [landed.searchParams.get('jobId')]);
    expect(job.rows).toEqual([{ job_type: 'backfill', user_id: userId }]);

    const denied = await startConnect(await createUser(env.db.pool), `?returnTo=${encodeURIComponent(app)}`);
    denied.searchParams.set('deny', '1');
    const refused = await fetch((await fetch(denied, { redirect: 'manual' })).headers.get('location')!, { redirect: 'manual' });
    const outcome = new URL(refused.headers.get('location')!).searchParams;
    expect(outcome.get('status')).toBe('error');
    expect(outcome.get('error')).toContain('access_denied');
  });

  test('returnTo must be on the operator’s own origins', async () => {
    const token = await env.tokenFor(await createUser(env.db.pool));
    for (const bad of ['https://evil.example/steal', 'javascript:alert(1)', 'settings']) {
      const res = await fetch(`${env.origin}/providers/${TEST_PROVIDER}/connect?returnTo=${encodeURIComponent(bad)}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ message: expect.stringMatching(/^returnTo must/), extensions: { field: 'returnTo' } });
    }
  });

  test('connect needs a signed-in user; unknown and unconfigured providers are 404', async () => {
    expect((await fetch(`${env.origin}/providers/oura/connect`, { method: 'POST' })).status).toBe(401);
    const token = await env.tokenFor(await createUser(env.db.pool));
    const nope = await fetch(`${env.origin}/providers/nope/connect`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(nope.status).toBe(404);
    expect(await errorOf(nope)).toMatchObject({ extensions: { field: 'provider' } });
    expect((await fetch(`${env.origin}/providers/whoop/connect`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
  });

  test('disconnect deactivates the connection and removes its tokens', async () => {
    const userId = await createUser(env.db.pool);
    expect((await connectThroughBrowser(env, userId)).status).toBe(200);
    const token = await env.tokenFor(userId);
    const res = await fetch(`${env.origin}/providers/oura`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const { rows } = await env.db.pool.query(
      'select d.is_active, d.token_expires_at, t.device_id as tokens from vitalis.connected_devices d left join vitalis_private.device_tokens t using (device_id) where d.user_id = $1',
      [userId],
    );
    expect(rows).toEqual([{ is_active: false, token_expires_at: null, tokens: null }]);
    expect((await fetch(`${env.origin}/providers/whoop`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
  });
});
