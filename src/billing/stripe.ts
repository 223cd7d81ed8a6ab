import Stripe from 'stripe';
import type { Config } from '../config';

// The official Stripe SDK, configured from the settings. Billing is off while STRIPE_SECRET_KEY
// is unset: stripeClient() answers undefined and every caller says so instead of calling out.
// STRIPE_API_BASE (an origin such as http://127.0.0.1:4242) points the SDK at another host, a
// local fake in tests; the SDK itself adds the /v1 paths.

export type BillingSettings = Pick<Config, 'STRIPE_SECRET_KEY' | 'STRIPE_API_BASE'>;

/** Bounded calls: a hung Stripe must not hold a request (or the erasure job) for the SDK's default 80 s. */
const STRIPE_TIMEOUT_MS = 20_000;
const STRIPE_NETWORK_RETRIES = 2;
/** Stripe object ids are short alphanumeric strings with a prefix (cus_..., sub_...). */
const STRIPE_ID = /^[A-Za-z0-9_]{3,255}$/;

export const billingEnabled = (config: BillingSettings): boolean => Boolean(config.STRIPE_SECRET_KEY);

/** host, port and protocol for the SDK from STRIPE_API_BASE (which must be an origin: no path, query or credentials). */
export function stripeHost(apiBase: string): { host: string; port: number; protocol: 'http' | 'https' } {
  const url = new URL(apiBase);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`STRIPE_API_BASE: must be an http(s) URL, got ${url.protocol}`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.username || url.password) {
    throw new Error('STRIPE_API_BASE: must be an origin such as https://api.stripe.com (the SDK adds /v1)');
  }
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443, protocol };
}

const clients = new Map<string, Stripe>();

/** The SDK client for these settings (one per key and base), or undefined when billing is off. */
export function stripeClient(config: BillingSettings): Stripe | undefined {
  const key = config.STRIPE_SECRET_KEY;
  if (!key) return undefined;
  const cacheKey = `${config.STRIPE_API_BASE ?? ''}\n${key}`;
  let client = clients.get(cacheKey);
  if (!client) {
    client = new Stripe(key, {
      ...(config.STRIPE_API_BASE ? stripeHost(config.STRIPE_API_BASE) : {}),
      maxNetworkRetries: STRIPE_NETWORK_RETRIES,
      timeout: STRIPE_TIMEOUT_MS,
      telemetry: false,
      typescript: true,
    });
    clients.set(cacheKey, client);
  }
  return client;
}

/** A Stripe API error answering 404 resource_missing (the object does not exist, or no longer). */
export function isStripeMissing(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeError && (error.statusCode === 404 || error.code === 'resource_missing');
}

export function assertStripeId(field: string, id: string): void {
  if (!STRIPE_ID.test(id)) throw new Error(`${field}: must be a Stripe object id (letters, digits and _), got ${JSON.stringify(id.slice(0, 40))}`);
}

/**
 * Deletes the Stripe customer (Stripe cancels its subscriptions at once and keeps no payment
 * methods): 'deleted'; 'absent' when Stripe no longer knows it (already deleted, or never
 * existed), so the erasure can run again; 'disabled' when billing is off. Other failures throw
 * (the caller retries).
 */
export async function deleteStripeCustomer(config: BillingSettings, customerId: string): Promise<'deleted' | 'absent' | 'disabled'> {
  const stripe = stripeClient(config);
  if (!stripe) return 'disabled';
  assertStripeId('customerId', customerId);
  try {
    await stripe.customers.del(customerId);
    return 'deleted';
  } catch (error) {
    if (isStripeMissing(error)) return 'absent';
    throw error;
  }
}
