import type Stripe from 'stripe';
import type { Pool, PoolClient } from 'pg';
import type { Config } from '../config';
import { inRequestTransaction, type RequestSettings } from '../db/requestContext';
import { priceForTier, type PaidTier } from './plans';

// Starting a paid plan: the account's Stripe customer (created on first use, stored by a
// server-only SQL function) and a Checkout Session for the tier's price; managing it (change plan,
// cancel, payment method): a Billing Portal session. What the subscription then becomes arrives by
// webhook (src/billing/webhook.ts); nothing here changes the tier.

export type CheckoutSettings = Pick<Config, 'STRIPE_PRICE_PRO' | 'STRIPE_PRICE_FAMILY' | 'PUBLIC_URL'>;

/** A refusal the client can act on: status, field and message (the router sends it as is). */
export class CheckoutRefused extends Error {
  constructor(
    readonly status: 403 | 404 | 409,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

interface BillingAccount {
  account_id: string;
  is_owner: boolean;
  email: string;
  stripe_customer_id: string | null;
  subscription_tier: 'free' | PaidTier;
  subscription_status: string;
}

/** Statuses in which a subscription still runs: a second one would bill twice. */
const LIVE = ['active', 'trialing', 'past_due', 'unpaid', 'paused'];

export interface CheckoutStarted {
  url: string;
  sessionId: string;
  customerId: string;
}

export async function startCheckout(stripe: Stripe, pool: Pool, config: CheckoutSettings, request: Omit<RequestSettings, 'role'> & { userId: string }, tier: PaidTier): Promise<CheckoutStarted> {
  const price = priceForTier(config, tier);
  if (!price) throw new CheckoutRefused(404, 'tier', `tier: the ${tier} plan is not offered on this server (STRIPE_PRICE_${tier.toUpperCase()} is unset)`);
  const asUser = <T>(fn: (client: PoolClient) => Promise<T>) => inRequestTransaction(pool, { ...request, role: 'vitalis_api' }, fn);

  const account = await asUser(async (client) => (await client.query<BillingAccount>('select * from vitalis_private.billing_account()')).rows[0]!);
  if (!account.is_owner) throw new CheckoutRefused(403, 'tier', 'tier: only the owner of the account manages its subscription');
  if (account.subscription_tier !== 'free' && LIVE.includes(account.subscription_status)) {
    throw new CheckoutRefused(
      409,
      'tier',
      `tier: the account already has a ${account.subscription_tier} subscription (${account.subscription_status}); change or cancel it in the billing portal (POST /billing/portal) instead`,
    );
  }

  let customerId = account.stripe_customer_id;
  if (!customerId) {
    // The idempotency key makes concurrent first checkouts of one account get the same customer
    // from Stripe (for 24 hours); the SQL function keeps whichever was stored first.
    const customer = await stripe.customers.create(
      { email: account.email, metadata: { account_id: account.account_id } },
      { idempotencyKey: `vitalis-customer-${account.account_id}` },
    );
    customerId = await asUser(async (client) => (await client.query<{ id: string }>('select vitalis_private.set_stripe_customer($1) as id', [customer.id])).rows[0]!.id);
  }

  const back = new URL('/settings/billing', config.PUBLIC_URL);
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer: customerId,
    line_items: [{ price, quantity: 1 }],
    client_reference_id: account.account_id,
    metadata: { account_id: account.account_id, tier },
    subscription_data: { metadata: { account_id: account.account_id, tier } },
    // Stripe fills in {CHECKOUT_SESSION_ID}; written unencoded, as its docs show.
    success_url: `${back.toString()}?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${back.toString()}?checkout=cancelled`,
  });
  if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a url`);
  return { url: session.url, sessionId: session.id, customerId };
}

/** A Stripe Billing Portal session for the owner's customer, where the plan is changed or cancelled. */
export async function openBillingPortal(stripe: Stripe, pool: Pool, config: CheckoutSettings, request: Omit<RequestSettings, 'role'> & { userId: string }): Promise<{ url: string }> {
  const account = await inRequestTransaction(pool, { ...request, role: 'vitalis_api' }, async (client) => (await client.query<BillingAccount>('select * from vitalis_private.billing_account()')).rows[0]!);
  if (!account.is_owner) throw new CheckoutRefused(403, 'account', 'account: only the owner of the account manages its subscription');
  if (!account.stripe_customer_id) throw new CheckoutRefused(409, 'account', 'account: there is no subscription to manage yet: start one with POST /billing/checkout');
  const session = await stripe.billingPortal.sessions.create({ customer: account.stripe_customer_id, return_url: new URL('/settings/billing', config.PUBLIC_URL).toString() });
  return { url: session.url };
}
