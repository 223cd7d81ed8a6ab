import { randomUUID } from 'node:crypto';
import type { FakeRequest, FakeResponse } from '../../src/providers/types';
import { fakeClientId, fakeClientSecret } from './server';

// A fake of Oura's webhook subscription API (Oura API v2 OpenAPI 1.29: /v2/webhook/subscription),
// authenticated by the app's x-client-id / x-client-secret headers rather than a user token, so
// it is served with FakeProviders.setAppHandler. Creating a subscription first checks the
// callback URL as Oura does: GET callback_url?verification_token=<given>&challenge=<random> must
// answer 200 {"challenge": <random>}. Subscriptions run 30 days from creation or renewal here (the
// spec gives expiration_time, not the period). Body errors are 422 HTTPValidationError; an
// unknown id is 403 ("Webhook with specified id does not exist"), as the spec documents.

const EVENT_TYPES = ['create', 'update', 'delete'];
// ExtApiV2DataType in the spec.
const DATA_TYPES = ['tag', 'enhanced_tag', 'workout', 'session', 'sleep', 'daily_sleep', 'daily_readiness', 'daily_activity', 'daily_spo2', 'sleep_time', 'rest_mode_period', 'ring_configuration', 'daily_stress', 'daily_cycle_phases', 'activation_status', 'daily_cardiovascular_age', 'daily_resilience', 'vo2_max', 'period_start', 'pregnancy', 'fertile_window', 'ovulation_confirmed', 'blood_glucose'];
const LIFETIME_MS = 30 * 86_400_000;

/** WebhookSubscriptionModel. */
export interface FakeOuraSubscription {
  id: string;
  callback_url: string;
  event_type: string;
  data_type: string;
  expiration_time: string;
}

export interface OuraSubscriptionsFake {
  handle(req: FakeRequest): Promise<FakeResponse | undefined>;
  /** The stored subscriptions (tests may edit expiration_time). */
  subscriptions: FakeOuraSubscription[];
  /** Every callback URL check made, with what it answered. */
  verifications: { url: string; status: number }[];
}

const invalid = (field: string, msg: string): FakeResponse => ({ status: 422, body: { detail: [{ loc: ['body', field], msg, type: 'value_error' }] } });

export function ouraSubscriptionsFake(now: () => Date = () => new Date()): OuraSubscriptionsFake {
  const subscriptions: FakeOuraSubscription[] = [];
  const verifications: { url: string; status: number }[] = [];
  const expiry = () => new Date(now().getTime() + LIFETIME_MS).toISOString();

  /** Oura's check of the callback URL before a subscription is created. */
  async function verified(callbackUrl: string, token: string): Promise<boolean> {
    const challenge = randomUUID();
    const url = new URL(callbackUrl);
    url.searchParams.set('verification_token', token);
    url.searchParams.set('challenge', challenge);
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    verifications.push({ url: callbackUrl, status: res.status });
    const body = (await res.json().catch(() => undefined)) as { challenge?: unknown } | undefined;
    return res.status === 200 && body?.challenge === challenge;
  }

  async function create(req: FakeRequest): Promise<FakeResponse> {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body) as Record<string, unknown>;
    } catch {
      return invalid('(body)', 'JSON decode error');
    }
    for (const field of ['callback_url', 'verification_token', 'event_type', 'data_type']) {
      if (typeof body[field] !== 'string' || body[field] === '') return invalid(field, 'Field required');
    }
    const { callback_url: callbackUrl, verification_token: token, event_type: eventType, data_type: dataType } = body as Record<string, string>;
    if (!EVENT_TYPES.includes(eventType!)) return invalid('event_type', `Input should be ${EVENT_TYPES.map((t) => `'${t}'`).join(', ')}`);
    if (!DATA_TYPES.includes(dataType!)) return invalid('data_type', 'Input should be a valid ExtApiV2DataType');
    if (subscriptions.some((s) => s.callback_url === callbackUrl && s.event_type === eventType && s.data_type === dataType)) {
      return { status: 409, body: { detail: 'A subscription for this callback_url, event_type and data_type already exists' } };
    }
    if (!(await verified(callbackUrl!, token!))) return { status: 400, body: { detail: 'Webhook verification failed: the callback did not echo the challenge' } };
    const subscription = { id: randomUUID(), callback_url: callbackUrl!, event_type: eventType!, data_type: dataType!, expiration_time: expiry() };
    subscriptions.push(subscription);
    return { status: 201, body: subscription };
  }

  async function handle(req: FakeRequest): Promise<FakeResponse | undefined> {
    if (!req.path.startsWith('/v2/webhook/subscription')) return undefined;
    if (req.headers['x-client-id'] !== fakeClientId('oura') || req.headers['x-client-secret'] !== fakeClientSecret('oura')) {
      return { status: 401, body: { detail: 'Client id and secret are required in x-client-id and x-client-secret' } };
    }
    if (req.path === '/v2/webhook/subscription' && req.method === 'GET') return { status: 200, body: subscriptions };
    if (req.path === '/v2/webhook/subscription' && req.method === 'POST') return create(req);
    const renew = /^\/v2\/webhook\/subscription\/renew\/([^/]+)$/.exec(req.path);
    if (renew && req.method === 'PUT') {
      const subscription = subscriptions.find((s) => s.id === renew[1]);
      if (!subscription) return { status: 403, body: { detail: 'Webhook with specified id does not exist.' } };
      subscription.expiration_time = expiry();
      return { status: 200, body: subscription };
    }
    return { status: 405, body: { detail: 'Method Not Allowed' } };
  }

  return { handle, subscriptions, verifications };
}
