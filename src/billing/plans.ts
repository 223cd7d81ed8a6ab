import type Stripe from 'stripe';
import type { Config } from '../config';

// What a Stripe subscription means for a Vitalis account: the tier (from the price, or the
// metadata our checkout sets), the status in the database's terms, and when the paid period ends.

export type PaidTier = 'pro' | 'family';
export const PAID_TIERS: readonly PaidTier[] = ['pro', 'family'];
/** The statuses of vitalis.subscription_status (Stripe's, less incomplete and incomplete_expired). */
export type AccountStatus = 'trialing' | 'active' | 'past_due' | 'canceled' | 'unpaid' | 'paused';

export type PriceSettings = Pick<Config, 'STRIPE_PRICE_PRO' | 'STRIPE_PRICE_FAMILY'>;

export function priceForTier(config: PriceSettings, tier: PaidTier): string | undefined {
  return tier === 'pro' ? config.STRIPE_PRICE_PRO : config.STRIPE_PRICE_FAMILY;
}

export function tierForPrice(config: PriceSettings, priceId: string | undefined): PaidTier | undefined {
  if (!priceId) return undefined;
  return PAID_TIERS.find((tier) => priceForTier(config, tier) === priceId);
}

export interface SubscriptionChange {
  subscriptionId: string;
  customerId: string;
  tier: PaidTier;
  status: AccountStatus;
  expiresAt: Date | null;
}

/** Why a subscription event changes nothing. */
export type Unapplicable = { ignored: string };

const seconds = (value: number | null | undefined) => (typeof value === 'number' && value > 0 ? new Date(value * 1000) : null);

/**
 * The change a customer.subscription.* event carries, or why it carries none. The tier comes from
 * the first item whose price is STRIPE_PRICE_PRO or STRIPE_PRICE_FAMILY, else from metadata.tier
 * (set at checkout); an unknown price is ignored rather than guessed. An `incomplete`
 * subscription (first payment not made yet) grants nothing; `incomplete_expired` ended unpaid and
 * reads as canceled. The expiry is when it ended, else when it is set to cancel, else the end of
 * the current period (on the items in current API versions, on the subscription in older ones).
 */
export function subscriptionChange(config: PriceSettings, subscription: Stripe.Subscription, deleted: boolean): SubscriptionChange | Unapplicable {
  const customerId = typeof subscription.customer === 'string' ? subscription.customer : subscription.customer?.id;
  if (!customerId) return { ignored: 'the subscription names no customer' };
  const items = subscription.items?.data ?? [];
  const metadataTier = subscription.metadata?.tier;
  const tier =
    items.map((item) => tierForPrice(config, item.price?.id)).find((t) => t !== undefined) ??
    (PAID_TIERS as readonly string[]).find((t) => t === metadataTier) as PaidTier | undefined;
  if (!tier) return { ignored: `no item has a known price (${items.map((i) => i.price?.id).join(', ') || 'none'})` };
  const stripeStatus: string = deleted ? 'canceled' : subscription.status;
  if (stripeStatus === 'incomplete') return { ignored: 'the subscription is incomplete (first payment pending)' };
  const status: AccountStatus | undefined =
    stripeStatus === 'incomplete_expired' ? 'canceled' : (['trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused'] as const).find((s) => s === stripeStatus);
  if (!status) return { ignored: `unknown subscription status ${JSON.stringify(stripeStatus)}` };
  const legacyPeriodEnd = (subscription as unknown as { current_period_end?: number }).current_period_end;
  const periodEnd = Math.max(0, ...items.map((i) => (i as unknown as { current_period_end?: number }).current_period_end ?? 0)) || legacyPeriodEnd;
  const expiresAt = status === 'canceled' ? (seconds(subscription.ended_at) ?? seconds(subscription.canceled_at)) : (seconds(subscription.cancel_at) ?? seconds(periodEnd));
  return { subscriptionId: subscription.id, customerId, tier, status, expiresAt };
}
