import { createHmac } from 'node:crypto';
import { syncOptionsFromPayload } from '../../../src/providers/engine/jobPayload';
import { syncDevice } from '../../../src/providers/engine/sync';
import { fakeWebhookSecret } from '../../fakeProviders/server';
import { createUser } from '../../helpers/db';
import { connectThroughBrowser, startEngineEnv, type EngineEnv } from './setup';

let env: EngineEnv;
beforeAll(async () => {
  env = await startEngineEnv();
});
afterAll(() => env.close());

const sign = (body: string, secret = fakeWebhookSecret('oura')) => createHmac('sha256', secret).update(body).digest('hex');
const post = (body: string, signature: string) =>
  fetch(`${env.origin}/providers/oura/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-signature': signature }, body });

describe('provider webhooks', () => {
  test('a signed notification queues a webhook_sync job for the matching connection, which syncs that window', async () => {
    const userId = await createUser(env.db.pool);
    expect((await connectThroughBrowser(env, userId)).status).toBe(200);
    // Bytes exactly as sent (spacing included) are what is signed.
    const body = '{"user_id": "fake-user-1",  "day": "2026-02-03"}';
    const res = await post(body, sign(body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1, queued: 1 });
    const { rows } = await env.db.pool.query("select job_type, payload from vitalis.ingestion_jobs where user_id = $1 and job_type = 'webhook_sync'", [userId]);
    expect(rows).toHaveLength(1);
    expect(rows[0].payload).toMatchObject({ mode: 'webhook', window: { start: '2026-02-03T00:00:00.000Z', end: '2026-02-04T00:00:00.000Z' }, device_id: expect.any(String) });
    // What the worker task does with it.
    const summary = await syncDevice(env.db.pool, { ...syncOptionsFromPayload('webhook_sync', rows[0].payload), config: env.config, adapters: env.adapters });
    expect(summary).toMatchObject({ userId, mode: 'webhook', daily: { inserted: 1 } });
  });

  test('a bad signature is 401 and queues nothing', async () => {
    const before = (await env.db.pool.query("select count(*) from vitalis.ingestion_jobs where job_type = 'webhook_sync'")).rows[0].count;
    const body = '{"user_id": "fake-user-1", "day": "2026-02-03"}';
    expect((await post(body, sign(body, 'wrong-secret'))).status).toBe(401);
    expect((await post(body.replace('03', '04'), sign(body))).status).toBe(401);
    expect((await env.db.pool.query("select count(*) from vitalis.ingestion_jobs where job_type = 'webhook_sync'")).rows[0].count).toBe(before);
  });

  test('an unknown provider user is acknowledged (200) and ignored', async () => {
    const body = '{"user_id": "somebody-else", "day": "2026-02-03"}';
    const res = await post(body, sign(body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1, queued: 0 });
  });

  test('verification challenge and providers without webhooks', async () => {
    const ok = await fetch(`${env.origin}/providers/oura/webhook?verify_token=${fakeWebhookSecret('oura')}&challenge=abc`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ challenge: 'abc' });
    expect((await fetch(`${env.origin}/providers/oura/webhook?verify_token=nope&challenge=abc`)).status).toBe(401);
    expect((await fetch(`${env.origin}/providers/whoop/webhook`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  test('HEAD answers 200 for a provider with webhooks (Withings checks the callback URL so), 404 otherwise', async () => {
    const head = (provider: string) => fetch(`${env.origin}/providers/${provider}/webhook`, { method: 'HEAD' });
    const ok = await head('oura');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('');
    // Not in this test's registry, then not a provider at all.
    expect((await head('whoop')).status).toBe(404);
    expect((await head('nope')).status).toBe(404);
    // The GET challenge is unaffected.
    expect((await fetch(`${env.origin}/providers/oura/webhook?verify_token=nope&challenge=abc`)).status).toBe(401);
  });
});
