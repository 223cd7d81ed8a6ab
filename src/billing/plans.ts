import { z } from 'zod';
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

const stripeId = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9_]{1,250}$`), `must be a Stripe id (${prefix}_...)`);
const unixTime = z.number().int().positive().nullish();

/** The parts of a Stripe subscription object Vitalis reads (signed by Stripe, still checked). */
const subscriptionShape = z.object({
  id: stripeId('sub'),
  customer: z.union([stripeId('cus'), z.object({ id: stripeId('cus') })]),
  status: z.string().max(50),
  metadata: z.record(z.string(), z.string()).nullish(),
  cancel_at: unixTime,
  canceled_at: unixTime,
  ended_at: unixTime,
  /** Older API versions keep the period on the subscription. */
  current_period_end: unixTime,
  items: z
    .object({ data: z.array(z.object({ price: z.object({ id: z.string().max(255) }).nullish(), current_period_end: unixTime })).max(100) })
    .nullish(),
});

const seconds = (value: number | null | undefined) => (value ? new Date(value * 1000) : null);
const LIVE_STATUSES = ['trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused'] as const;

/**
 * The change a customer.subscription.* event carries, or why it carries none. The tier comes from
 * the first item whose price is STRIPE_PRICE_PRO or STRIPE_PRICE_FAMILY, else from metadata.tier
 * (set at checkout); an unknown price is ignored rather than guessed. An `incomplete`
 * subscription (first payment not made yet) grants nothing; `incomplete_expired` ended unpaid and
 * reads as canceled. The expiry is when it ended, else when it is set to cancel, else the end of
 * the current period (on the items in current API versions, on the subscription in older ones).
 */
export function subscriptionChange(config: PriceSettings, object: unknown, deleted: boolean): SubscriptionChange | Unapplicable {
  const parsed = subscriptionShape.safeParse(object);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ignored: `not a subscription object: ${issue.path.join('.') || 'object'} ${issue.message}` };
  }
  const subscription = parsed.data;
  const customerId = typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id;
  const items = subscription.items?.data ?? [];
  const metadataTier = subscription.metadata?.tier;
  const tier = items.map((item) => tierForPrice(config, item.price?.id)).find((t) => t !== undefined) ?? PAID_TIERS.find((t) => t === metadataTier);
  if (!tier) return { ignored: `no item has a known price (${items.map((i) => i.price?.id).join(', ') || 'none'})` };
  const stripeStatus = deleted ? 'canceled' : subscription.status;
  if (stripeStatus === 'incomplete') return { ignored: 'the subscription is incomplete (first payment pending)' };
  const status = stripeStatus === 'incomplete_expired' ? 'canceled' : LIVE_STATUSES.find((s) => s === stripeStatus);
  if (!status) return { ignored: `unknown subscription status ${JSON.stringify(stripeStatus)}` };
  const periodEnd = Math.max(0, ...items.map((i) => i.current_period_end ?? 0)) || subscription.current_period_end;
  const expiresAt = status === 'canceled' ? (seconds(subscription.ended_at) ?? seconds(subscription.canceled_at)) : (seconds(subscription.cancel_at) ?? seconds(periodEnd));
  return { subscriptionId: subscription.id, customerId, tier, status, expiresAt };
}
