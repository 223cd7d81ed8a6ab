import { ProviderHttpError } from '../../src/providers/engine/errors';
import { ensureOuraWebhookSubscriptions, OURA_WEBHOOK_DATA_TYPES } from '../../src/providers/oura/subscriptions';
import { adapters } from '../../src/providers/registry';
import { ouraSubscriptionsFake, type OuraSubscriptionsFake } from '../fakeProviders/ouraSubscriptions';
import { startEngineEnv, type EngineEnv } from './engine/setup';

// ensureOuraWebhookSubscriptions against the fake subscription API, whose check of the callback
// URL goes to the real webhook route (startEngineEnv's app), as Oura's would.

let env: EngineEnv;
let oura: OuraSubscriptionsFake;
beforeAll(async () => {
  env = await startEngineEnv({}, adapters);
});
beforeEach(() => {
  oura = ouraSubscriptionsFake();
  env.fake.setAppHandler('oura', oura.handle);
});
afterAll(() => env.close());

const DAY = 86_400_000;
const ensure = (config = env.config) => ensureOuraWebhookSubscriptions(config, fetch, { callbackBaseUrl: env.origin });
const subscriptionCalls = () => env.fake.requests.filter((r) => r.provider === 'oura' && r.path.startsWith('/api/v2/webhook/')).map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}$/, ':id')}`);

describe('ensureOuraWebhookSubscriptions', () => {
  test('creates create and update subscriptions for every collection read, each verified through the webhook route', async () => {
    const report = await ensure();
    expect(report.callbackUrl).toBe(`${env.origin}/providers/oura/webhook`);
    expect(report.created).toHaveLength(OURA_WEBHOOK_DATA_TYPES.length * 2);
    expect(report.renewed).toEqual([]);
    expect(new Set(oura.subscriptions.map((s) => `${s.event_type} ${s.data_type}`))).toEqual(new Set(OURA_WEBHOOK_DATA_TYPES.flatMap((t) => [`create ${t}`, `update ${t}`])));
    expect(oura.subscriptions.every((s) => s.callback_url === report.callbackUrl)).toBe(true);
    expect(oura.verifications).toHaveLength(14);
    expect(oura.verifications.every((v) => v.status === 200)).toBe(true);
  });

  test('a second run keeps what is valid and changes nothing', async () => {
    await ensure();
    const before = subscriptionCalls().length;
    const report = await ensure();
    expect(report).toMatchObject({ created: [], renewed: [] });
    expect(report.kept).toHaveLength(14);
    expect(subscriptionCalls().slice(before)).toEqual(['GET /api/v2/webhook/subscription']);
  });

  test('renews a subscription expiring within 7 days, not one with 8 days left', async () => {
    await ensure();
    const [soon, later] = oura.subscriptions;
    soon!.expiration_time = new Date(Date.now() + 3 * DAY).toISOString();
    later!.expiration_time = new Date(Date.now() + 8 * DAY).toISOString();
    const before = subscriptionCalls().length;
    const report = await ensure();
    expect(report.renewed.map((s) => s.id)).toEqual([soon!.id]);
    expect(Date.parse(report.renewed[0]!.expiresAt)).toBeGreaterThan(Date.now() + 29 * DAY);
    expect(report.kept.map((s) => s.id)).toContain(later!.id);
    expect(subscriptionCalls().slice(before)).toEqual(['GET /api/v2/webhook/subscription', 'PUT /api/v2/webhook/subscription/renew/:id']);
  });

  test('only subscriptions for this callback URL count: another deployment\'s are left alone', async () => {
    const expiresSoon = new Date(Date.now() + DAY).toISOString();
    oura.subscriptions.push({ id: 'f0f0f0f0-0000-4000-8000-000000000001', callback_url: 'https://other.example/providers/oura/webhook', event_type: 'create', data_type: 'sleep', expiration_time: expiresSoon });
    const report = await ensure();
    expect(report.created).toHaveLength(14);
    expect(report.renewed).toEqual([]);
    expect(oura.subscriptions[0]).toMatchObject({ callback_url: 'https://other.example/providers/oura/webhook', expiration_time: expiresSoon });
    expect(oura.subscriptions).toHaveLength(15);
  });

  test('a verification token the webhook route does not know fails the create, naming the request', async () => {
    const error = await ensure({ ...env.config, OURA_WEBHOOK_SECRET: 'not-the-route-secret' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderHttpError);
    expect(error).toMatchObject({ status: 400, message: expect.stringMatching(/^POST \/v2\/webhook\/subscription: provider answered HTTP 400 \(.*verification failed/) });
    expect(oura.verifications[0]!.status).toBe(401);
    expect(oura.subscriptions).toEqual([]);
  });

  test('missing configuration or refused app credentials are clear errors', async () => {
    await expect(ensure({ ...env.config, OURA_WEBHOOK_SECRET: undefined })).rejects.toThrow('OURA_WEBHOOK_SECRET must be set');
    await expect(ensure({ ...env.config, OURA_CLIENT_ID: undefined })).rejects.toThrow('OURA_CLIENT_ID and OURA_CLIENT_SECRET must be set');
    await expect(ensure({ ...env.config, OURA_CLIENT_SECRET: 'wrong' })).rejects.toMatchObject({ status: 401, message: expect.stringContaining('GET /v2/webhook/subscription') });
    expect(oura.subscriptions).toEqual([]);
  });
});
