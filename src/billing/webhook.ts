import Stripe from 'stripe';
import type { PoolClient } from 'pg';
import type { Config } from '../config';
import type { Logger } from '../http/logger';
import { subscriptionChange } from './plans';

// Stripe webhooks: the signature is checked on the raw body (stripe.webhooks.constructEvent, with
// STRIPE_WEBHOOK_TOLERANCE as the replay window), then each event is applied by one SQL function
// in one transaction, which also records the event id: a second delivery changes nothing.

export type WebhookSettings = Pick<Config, 'STRIPE_WEBHOOK_SECRET' | 'STRIPE_WEBHOOK_TOLERANCE' | 'STRIPE_PRICE_PRO' | 'STRIPE_PRICE_FAMILY'>;

export const SUBSCRIPTION_EVENTS = [
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
] as const;
export const HANDLED_EVENTS = [...SUBSCRIPTION_EVENTS, 'invoice.payment_failed'] as const;

export class WebhookRejected extends Error {}

/** The verified event, or WebhookRejected naming why (no or bad signature, outside the replay window, unreadable body). */
export function verifyStripeEvent(stripe: Stripe, config: WebhookSettings, rawBody: Buffer, signature: string | undefined, now = Date.now()): Stripe.Event {
  if (!config.STRIPE_WEBHOOK_SECRET) throw new Error('STRIPE_WEBHOOK_SECRET is not set');
  if (!signature) throw new WebhookRejected('Stripe-Signature: the header is missing');
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(rawBody, signature, config.STRIPE_WEBHOOK_SECRET, config.STRIPE_WEBHOOK_TOLERANCE, undefined, now);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) throw new WebhookRejected(`Stripe-Signature: ${error.message.split('\n')[0]!.trim()}`);
    throw new WebhookRejected(`body: not a Stripe event (${(error as Error).message})`);
  }
  if (typeof event?.id !== 'string' || !/^evt_[A-Za-z0-9_]{1,250}$/.test(event.id) || typeof event.type !== 'string' || typeof event.created !== 'number') {
    throw new WebhookRejected('body: not a Stripe event (id, type and created are required)');
  }
  return event;
}

export type EventOutcome = 'applied' | 'duplicate' | 'unknown_customer' | 'stale' | 'other_subscription' | 'ignored';

const idOf = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : undefined;

/** The subscription an invoice bills: `parent.subscription_details.subscription` now, `subscription` in older API versions. */
function invoiceSubscription(invoice: Record<string, unknown>): string | undefined {
  const parent = invoice.parent as { subscription_details?: { subscription?: unknown } } | null | undefined;
  const id = idOf(parent?.subscription_details?.subscription) ?? idOf(invoice.subscription);
  return id && /^sub_[A-Za-z0-9_]{1,250}$/.test(id) ? id : undefined;
}

/** Applies a verified event in the caller's transaction (role vitalis_anonymous). */
export async function applyStripeEvent(client: PoolClient, config: WebhookSettings, event: Stripe.Event, logger?: Logger): Promise<EventOutcome> {
  const created = new Date(event.created * 1000);
  const ignore = async (reason: string): Promise<EventOutcome> => {
    const { rows } = await client.query<{ recorded: boolean }>('select vitalis_private.record_stripe_event($1, $2, $3, $4) as recorded', [event.id, event.type, created, 'ignored']);
    if (rows[0]?.recorded) logger?.info({ eventId: event.id, type: event.type, reason }, 'Stripe event ignored');
    return rows[0]?.recorded ? 'ignored' : 'duplicate';
  };

  if ((SUBSCRIPTION_EVENTS as readonly string[]).includes(event.type)) {
    const change = subscriptionChange(config, event.data?.object, event.type === 'customer.subscription.deleted');
    if ('ignored' in change) return ignore(change.ignored);
    const { rows } = await client.query<{ outcome: EventOutcome }>(
      'select vitalis_private.apply_stripe_subscription($1, $2, $3, $4, $5, $6, $7, $8) as outcome',
      [event.id, event.type, created, change.customerId, change.subscriptionId, change.tier, change.status, change.expiresAt],
    );
    return logOutcome(rows[0]!.outcome, event, logger);
  }
  if (event.type === 'invoice.payment_failed') {
    const invoice = (event.data?.object ?? {}) as unknown as Record<string, unknown>;
    const customerId = idOf(invoice.customer);
    if (!customerId || !/^cus_[A-Za-z0-9_]{1,250}$/.test(customerId)) return ignore('the invoice names no customer');
    const { rows } = await client.query<{ outcome: EventOutcome }>('select vitalis_private.stripe_payment_failed($1, $2, $3, $4) as outcome', [
      event.id,
      created,
      customerId,
      invoiceSubscription(invoice) ?? null,
    ]);
    return logOutcome(rows[0]!.outcome, event, logger);
  }
  return ignore('not an event type Vitalis acts on');
}

function logOutcome(outcome: EventOutcome, event: Stripe.Event, logger?: Logger): EventOutcome {
  if (outcome === 'unknown_customer') logger?.warn({ eventId: event.id, type: event.type }, 'Stripe event for a customer no account has: recorded and acknowledged');
  else if (outcome !== 'applied' && outcome !== 'duplicate') logger?.info({ eventId: event.id, type: event.type, outcome }, 'Stripe event changed nothing');
  return outcome;
}
