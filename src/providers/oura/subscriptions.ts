import { z } from 'zod';
import type { Config } from '../../config';
import { ProviderHttpError } from '../engine/errors';
import { providerSettings } from '../engine/settings';
import { parseWith } from '../shared/rowTools';

// Oura sends webhooks only for subscriptions the app makes itself (Oura API v2 OpenAPI 1.29,
// /v2/webhook/subscription, authenticated by the app's x-client-id / x-client-secret headers):
// one per (event_type, data_type), each with an expiration_time after which Oura stops
// delivering, so they must be renewed (PUT /v2/webhook/subscription/renew/{id}). Creating one
// makes Oura check callback_url with GET ?verification_token=<ours>&challenge=<random>, which the
// webhook route answers (ouraChallenge): OURA_WEBHOOK_SECRET is that verification_token.
// Deletions are not subscribed: a deleted Oura document does not delete the stored row.

/** The collections the adapter fetches, as ExtApiV2DataType names them. */
export const OURA_WEBHOOK_DATA_TYPES = ['daily_activity', 'daily_readiness', 'daily_sleep', 'daily_spo2', 'sleep', 'workout', 'vo2_max'] as const;
export const OURA_WEBHOOK_EVENT_TYPES = ['create', 'update'] as const;
/** A subscription expiring sooner than this is renewed. */
export const OURA_RENEW_WITHIN_MS = 7 * 86_400_000;

const subscriptionSchema = z
  .object({
    id: z.string().min(1),
    callback_url: z.string(),
    event_type: z.string(),
    data_type: z.string(),
    expiration_time: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected a date-time'),
  })
  .loose();
type Subscription = z.output<typeof subscriptionSchema>;

export interface OuraSubscriptionState {
  id: string;
  eventType: string;
  dataType: string;
  expiresAt: string;
}

export interface OuraSubscriptionReport {
  callbackUrl: string;
  created: OuraSubscriptionState[];
  renewed: OuraSubscriptionState[];
  /** Present and valid for more than OURA_RENEW_WITHIN_MS. */
  kept: OuraSubscriptionState[];
}

export interface EnsureOuraOptions {
  /** Where Oura reaches this API; default API_PUBLIC_URL, else PUBLIC_URL. The callback is <base>/providers/oura/webhook. */
  callbackBaseUrl?: string;
  now?: () => Date;
}

const state = (s: Subscription): OuraSubscriptionState => ({ id: s.id, eventType: s.event_type, dataType: s.data_type, expiresAt: new Date(s.expiration_time).toISOString() });

/**
 * Makes sure this deployment's callback URL is subscribed to create and update events of every
 * collection the adapter reads: lists the app's subscriptions, creates the missing ones and renews
 * those expiring within 7 days. Idempotent; safe to run at start-up and daily. Throws naming the
 * request on a refusal (e.g. 400 when Oura's check of the callback URL failed).
 */
export async function ensureOuraWebhookSubscriptions(config: Config, fetchImpl: typeof fetch = fetch, options: EnsureOuraOptions = {}): Promise<OuraSubscriptionReport> {
  const settings = providerSettings(config, 'oura');
  if (!settings) throw new Error('oura webhooks: OURA_CLIENT_ID and OURA_CLIENT_SECRET must be set to subscribe');
  const secret = settings.webhookSecret;
  if (!secret) throw new Error('oura webhooks: OURA_WEBHOOK_SECRET must be set (it is the verification_token Oura sends back when it checks the callback URL)');
  const base = (options.callbackBaseUrl ?? config.API_PUBLIC_URL ?? config.PUBLIC_URL).replace(/\/+$/, '');
  const callbackUrl = `${base}/providers/oura/webhook`;
  const api = settings.apiBaseUrl.replace(/\/+$/, '');
  const now = (options.now ?? (() => new Date()))();

  async function call(method: 'GET' | 'POST' | 'PUT', path: string, body?: Record<string, string>): Promise<unknown> {
    const headers: Record<string, string> = { 'x-client-id': settings!.clientId, 'x-client-secret': settings!.clientSecret, accept: 'application/json' };
    if (body) headers['content-type'] = 'application/json';
    const res = await fetchImpl(`${api}${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    if (!res.ok) throw new ProviderHttpError(res.status, `${method} ${path}`, text.replace(/\s+/g, ' ').slice(0, 200));
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new Error(`${method} ${path}: Oura answered HTTP ${res.status} with a body that is not JSON`);
    }
  }

  const existing = parseWith(z.array(subscriptionSchema), await call('GET', '/v2/webhook/subscription'), 'oura webhook subscriptions');
  const report: OuraSubscriptionReport = { callbackUrl, created: [], renewed: [], kept: [] };
  for (const dataType of OURA_WEBHOOK_DATA_TYPES) {
    for (const eventType of OURA_WEBHOOK_EVENT_TYPES) {
      const found = existing.find((s) => s.callback_url === callbackUrl && s.event_type === eventType && s.data_type === dataType);
      if (!found) {
        const body = { callback_url: callbackUrl, verification_token: secret, event_type: eventType, data_type: dataType };
        report.created.push(state(parseWith(subscriptionSchema, await call('POST', '/v2/webhook/subscription', body), `oura subscription ${eventType} ${dataType}`)));
      } else if (Date.parse(found.expiration_time) - now.getTime() < OURA_RENEW_WITHIN_MS) {
        const renewed = await call('PUT', `/v2/webhook/subscription/renew/${encodeURIComponent(found.id)}`);
        report.renewed.push(state(parseWith(subscriptionSchema, renewed, `oura subscription ${eventType} ${dataType}`)));
      } else {
        report.kept.push(state(found));
      }
    }
  }
  return report;
}
