import { FAKE_PRICE_FAMILY, FAKE_PRICE_PRO, sendStripeWebhook, stripeEvent, stripeSignature, stripeSubscription } from '../fakeProviders/stripe';
import { accountOf, addMembers, customerAccount, startBillingHarness, type BillingHarness } from './helpers';
import { queuedMails } from '../helpers/mailQueue';

// POST /billing/webhook: Stripe's signed events move the account's tier, status, expiry and
// max_users, once per event id, in the order Stripe created them.

let b: BillingHarness;
beforeAll(async () => {
  b = await startBillingHarness();
});
afterAll(() => b.close());

const now = () => Math.floor(Date.now() / 1000);
const eventsRecorded = async (eventId: string) =>
  (await b.h.db.pool.query<{ outcome: string }>('select outcome from vitalis_private.stripe_events where event_id = $1', [eventId])).rows;

describe('signature and replay window', () => {
  it('refuses a bad signature with 400 naming it, and changes nothing', async () => {
    const { userId, customerId } = await customerAccount(b.h.db.pool);
    const before = await accountOf(b.h.db.pool, userId);
    const event = stripeEvent('customer.subscription.created', stripeSubscription({ customer: customerId, price: FAKE_PRICE_PRO }));

    const wrongSecret = await sendStripeWebhook(b.webhookUrl, event, { secret: 'whsec_someone_else' });
    expect(wrongSecret.status).toBe(400);
    expect(JSON.parse(wrongSecret.body).errors[0]).toMatchObject({ message: expect.stringMatching(/^Stripe-Signature: No signatures found matching/), extensions: { code: 'BAD_USER_INPUT', field: 'Stripe-Signature' } });
    const unsigned = await sendStripeWebhook(b.webhookUrl, event, { signature: '' });
    expect(unsigned.status).toBe(400);
    const tampered = await sendStripeWebhook(b.webhookUrl, JSON.stringify({ ...event, id: 'evt_forged' }), { signature: stripeSignature(JSON.stringify(event)) });
    expect(tampered.status).toBe(400);

    expect(await accountOf(b.h.db.pool, userId)).toEqual(before);
    expect(await eventsRecorded(event.id)).toEqual([]);
  });

  it('refuses a replay older than STRIPE_WEBHOOK_TOLERANCE with 400, and changes nothing', async () => {
    const { userId, customerId } = await customerAccount(b.h.db.pool);
    const event = stripeEvent('customer.subscription.created', stripeSubscription({ customer: customerId, price: FAKE_PRICE_PRO }));
    const old = await sendStripeWebhook(b.webhookUrl, event, { timestamp: now() - b.h.config.STRIPE_WEBHOOK_TOLERANCE - 5 });
    expect(old.status).toBe(400);
    expect(JSON.parse(old.body).errors[0].message).toBe('Stripe-Signature: Timestamp outside the tolerance zone');
    expect((await accountOf(b.h.db.pool, userId)).subscription_tier).toBe('free');
    expect(await eventsRecorded(event.id)).toEqual([]);

    // The same event signed now is accepted.
    expect((await sendStripeWebhook(b.webhookUrl, event)).status).toBe(200);
    expect((await accountOf(b.h.db.pool, userId)).subscription_tier).toBe('pro');
  });

  it('refuses a body that is not JSON even when signed', async () => {
    const res = await sendStripeWebhook(b.webhookUrl, 'not json');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).errors[0].extensions.field).toBe('body');
  });
});

describe('subscription events', () => {
  it('created, updated and deleted move tier, status, expiry and max_users', async () => {
    const { userId, customerId } = await customerAccount(b.h.db.pool);
    const t0 = now() - 100;
    const periodEnd = t0 + 30 * 86_400;
    const sub = { customer: customerId, price: FAKE_PRICE_FAMILY, id: 'sub_lifecycle1', created: t0, periodEnd };

    const created = await sendStripeWebhook(b.webhookUrl, stripeEvent('customer.subscription.created', stripeSubscription({ ...sub, status: 'trialing' }), { created: t0 }));
    expect(created).toEqual({ status: 200, body: JSON.stringify({ received: true, outcome: 'applied' }) });
    expect(await accountOf(b.h.db.pool, userId)).toMatchObject({ subscription_tier: 'family', subscription_status: 'trialing', max_users: 4, subscription_expires_at: new Date(periodEnd * 1000) });

    await sendStripeWebhook(b.webhookUrl, stripeEvent('customer.subscription.updated', stripeSubscription({ ...sub, status: 'past_due' }), { created: t0 + 10 }));
    expect(await accountOf(b.h.db.pool, userId)).toMatchObject({ subscription_tier: 'family', subscription_status: 'past_due', max_users: 4 });

    // A plan change to pro (same subscription, new price) and a cancellation scheduled at period end.
    await sendStripeWebhook(b.webhookUrl, stripeEvent('customer.subscription.updated', stripeSubscription({ ...sub, price: FAKE_PRICE_PRO, cancelAt: periodEnd - 5 }), { created: t0 + 20 }));
    expect(await accountOf(b.h.db.pool, userId)).toMatchObject({ subscription_tier: 'pro', subscription_status: 'active', max_users: 1, subscription_expires_at: new Date((periodEnd - 5) * 1000) });

    const endedAt = t0 + 30;
    await sendStripeWebhook(b.webhookUrl, stripeEvent('customer.subscription.deleted', stripeSubscription({ ...sub, price: FAKE_PRICE_PRO, status: 'canceled', endedAt }), { created: endedAt }));
    expect(await accountOf(b.h.db.pool, userId)).toMatchObject({ subscription_tier: 'free', subscription_status: 'canceled', max_users: 1, subscription_expires_at: new Date(endedAt * 1000), over_max_users_since: null });
  });

  it('applies the same event delivered twice once, and acknowledges the second delivery', async () => {
    const { userId, customerId } = await customerAccount(b.h.db.pool);
    const event = stripeEvent('customer.subscription.created', stripeSubscription({ customer: customerId, price: FAKE_PRICE_PRO }));
    expect(JSON.parse((await sendStripeWebhook(b.webhookUrl, event)).body).outcome).toBe('applied');
    const afterFirst = await accountOf(b.h.db.pool, userId);
    const audit = async () => (await b.h.db.pool.query('select count(*)::int as n from vitalis.audit_log where table_name = $1', ['accounts'])).rows[0].n as number;
    const auditBefore = await audit();

    const second = await sendStripeWebhook(b.webhookUrl, event);
    expect(second.status).toBe(200);
    expect(JSON.parse(second.body).outcome).toBe('duplicate');
    expect(await accountOf(b.h.db.pool, userId)).toEqual(afterFirst);
    expect(await audit()).toBe(auditBefore);
    expect(await eventsRecorded(event.id)).toEqual([{ outcome: 'applied' }]);
  });

  it('does not let an older event delivered late overwrite a newer state', async () => {
    const { userId, customerId } = await customerAccount(b.h.db.pool);
    const t0 = now() - 100;
    const sub = { customer: customerId, price: FAKE_PRICE_PRO, id: 'sub_ordering1', created: t0 };
    await sendStripeWebhook(b.webhookUrl, stripeEvent('customer.subscription.updated', stripeSubscription({ ...sub, status: 'active' }), { created: t0 + 20 }));
    const late = await sendStripeWebhook(b.webhookUrl, stripeEvent('customer.subscription.updated', stripeSubscription({ ...sub, status: 'past_due' }), { created: t0 + 10 }));
    expect(late.status).toBe(200);
    expect(JSON.parse(late.body).outcome).toBe('stale');
    expect((await accountOf(b.h.db.pool, userId)).subscription_status).toBe('active');
  });

  it('ignores the end of a subscription that a newer one already replaced', async () => {
    const { userId, customerId } = await customerAccount(b.h.db.pool);
    const t0 = now() - 100;
    await sendStripeWebhook(b.webhookUrl, stripeEvent('customer.subscription.created', stripeSubscription({ customer: customerId, price: FAKE_PRICE_PRO, id: 'sub_old1', created: t0 }), { created: t0 }));
    await sendStripeWebhook(b.webhookUrl, stripeEvent('customer.subscription.created', stripeSubscription({ customer: customerId, price: FAKE_PRICE_FAMILY, id: 'sub_new1', created: t0 + 10 }), { created: t0 + 10 }));
    const oldEnds = await sendStripeWebhook(
      b.webhookUrl,
      stripeEvent('customer.subscription.deleted', stripeSubscription({ customer: customerId, price: FAKE_PRICE_PRO, id: 'sub_old1', status: 'canceled', endedAt: t0 + 11 }), { created: t0 + 11 }),
    );
    expect(JSON.parse(oldEnds.body).outcome).toBe('other_subscription');
    expect(await accountOf(b.h.db.pool, userId)).toMatchObject({ subscription_tier: 'family', subscription_status: 'active', max_users: 4 });
  });

  it('takes the tier from the checkout metadata when the price is not one of ours, and ignores a subscription with neither', async () => {
    const { userId, customerId } = await customerAccount(b.h.db.pool);
    const byMetadata = stripeEvent('customer.subscription.created', stripeSubscription({ customer: customerId, price: 'price_legacy_family', metadata: { tier: 'family' } }));
    expect(JSON.parse((await sendStripeWebhook(b.webhookUrl, byMetadata)).body).outcome).toBe('applied');
    expect((await accountOf(b.h.db.pool, userId)).subscription_tier).toBe('family');

    const unknown = stripeEvent('customer.subscription.updated', stripeSubscription({ customer: customerId, price: 'price_someone_elses' }));
    const res = await sendStripeWebhook(b.webhookUrl, unknown);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).outcome).toBe('ignored');
    expect((await accountOf(b.h.db.pool, userId)).subscription_tier).toBe('family');
  });

  it('grants nothing for an incomplete subscription (first payment pending)', async () => {
    const { userId, customerId } = await customerAccount(b.h.db.pool);
    const res = await sendStripeWebhook(b.webhookUrl, stripeEvent('customer.subscription.created', stripeSubscription({ customer: customerId, price: FAKE_PRICE_FAMILY, status: 'incomplete' })));
    expect(JSON.parse(res.body).outcome).toBe('ignored');
    expect((await accountOf(b.h.db.pool, userId)).subscription_tier).toBe('free');
  });

  it('acknowledges an event for a customer no account has with 200, recorded as unknown_customer', async () => {
    const event = stripeEvent('customer.subscription.created', stripeSubscription({ customer: 'cus_nobodyhere', price: FAKE_PRICE_PRO }));
    const res = await sendStripeWebhook(b.webhookUrl, event);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).outcome).toBe('unknown_customer');
    expect(await eventsRecorded(event.id)).toEqual([{ outcome: 'unknown_customer' }]);
  });

  it('acknowledges a signed subscription it cannot read as ignored, changing nothing', async () => {
    const { userId, customerId } = await customerAccount(b.h.db.pool);
    const malformed = { ...stripeSubscription({ customer: customerId, price: FAKE_PRICE_PRO }), items: { data: 'many' }, id: "sub_'; drop table users" };
    const res = await sendStripeWebhook(b.webhookUrl, stripeEvent('customer.subscription.created', malformed));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).outcome).toBe('ignored');
    expect((await accountOf(b.h.db.pool, userId)).subscription_tier).toBe('free');
  });

  it('acknowledges event types it does not act on, once', async () => {
    const event = stripeEvent('charge.succeeded', { id: 'ch_1', object: 'charge' });
    expect(JSON.parse((await sendStripeWebhook(b.webhookUrl, event)).body).outcome).toBe('ignored');
    expect(JSON.parse((await sendStripeWebhook(b.webhookUrl, event)).body).outcome).toBe('duplicate');
  });
});

describe('household cap on a downgrade', () => {
  it('records a family-to-pro downgrade over the cap, keeps every member, marks the account and lets no one join', async () => {
    const { userId, customerId, accountId } = await customerAccount(b.h.db.pool);
    const t0 = now() - 100;
    const sub = { customer: customerId, id: 'sub_household1', created: t0 };
    await sendStripeWebhook(b.webhookUrl, stripeEvent('customer.subscription.created', stripeSubscription({ ...sub, price: FAKE_PRICE_FAMILY }), { created: t0 }));
    const members = await addMembers(b.h.db.pool, accountId, 2);

    const res = await sendStripeWebhook(b.webhookUrl, stripeEvent('customer.subscription.updated', stripeSubscription({ ...sub, price: FAKE_PRICE_PRO }), { created: t0 + 10 }));
    expect(JSON.parse(res.body).outcome).toBe('applied');
    const account = await accountOf(b.h.db.pool, userId);
    expect(account).toMatchObject({ subscription_tier: 'pro', subscription_status: 'active', max_users: 1 });
    expect(account.over_max_users_since).toBeInstanceOf(Date);
    const { rows } = await b.h.db.pool.query('select count(*)::int as n from vitalis.users where account_id = $1', [accountId]);
    expect(rows[0].n).toBe(3);

    // No one joins an account over its cap.
    await expect(addMembers(b.h.db.pool, accountId, 1)).rejects.toThrow(/maxUsers: a pro account holds at most 1 user/);

    // Members leave: once the account fits its tier again, the mark clears.
    await b.h.db.pool.query('delete from vitalis.users where user_id = $1', [members[0]]);
    expect((await accountOf(b.h.db.pool, userId)).over_max_users_since).toBeInstanceOf(Date);
    await b.h.db.pool.query('delete from vitalis.users where user_id = $1', [members[1]]);
    expect((await accountOf(b.h.db.pool, userId)).over_max_users_since).toBeNull();
  });

  it('clears the mark when the account goes back to family', async () => {
    const { userId, customerId, accountId } = await customerAccount(b.h.db.pool);
    const t0 = now() - 100;
    const sub = { customer: customerId, id: 'sub_household2', created: t0 };
    await sendStripeWebhook(b.webhookUrl, stripeEvent('customer.subscription.created', stripeSubscription({ ...sub, price: FAKE_PRICE_FAMILY }), { created: t0 }));
    await addMembers(b.h.db.pool, accountId, 1);
    await sendStripeWebhook(b.webhookUrl, stripeEvent('customer.subscription.deleted', stripeSubscription({ ...sub, price: FAKE_PRICE_FAMILY, status: 'canceled', endedAt: t0 + 5 }), { created: t0 + 5 }));
    expect(await accountOf(b.h.db.pool, userId)).toMatchObject({ subscription_tier: 'free', max_users: 1, over_max_users_since: expect.any(Date) });

    await sendStripeWebhook(b.webhookUrl, stripeEvent('customer.subscription.created', stripeSubscription({ customer: customerId, id: 'sub_household3', price: FAKE_PRICE_FAMILY }), { created: t0 + 50 }));
    expect(await accountOf(b.h.db.pool, userId)).toMatchObject({ subscription_tier: 'family', max_users: 4, over_max_users_since: null });
  });

  it('still refuses lowering max_users below the members by any other path', async () => {
    const { customerId, accountId } = await customerAccount(b.h.db.pool, { tier: 'family' });
    expect(customerId).toBeTruthy();
    await addMembers(b.h.db.pool, accountId, 1);
    await expect(b.h.db.pool.query(`update vitalis.accounts set subscription_tier = 'pro', max_users = 1 where account_id = $1`, [accountId])).rejects.toThrow(/maxUsers: a pro account holds at most 1 user/);
  });
});

describe('invoice.payment_failed', () => {
  it('queues the payment-failed mail to the owner once', async () => {
    const { userId, customerId } = await customerAccount(b.h.db.pool);
    await sendStripeWebhook(b.webhookUrl, stripeEvent('customer.subscription.created', stripeSubscription({ customer: customerId, price: FAKE_PRICE_PRO, id: 'sub_invoice1' })));
    const email = (await b.h.db.pool.query('select email from vitalis.users where user_id = $1', [userId])).rows[0].email as string;
    const mails = () => queuedMails(b.h.db.pool, email);
    const invoice = stripeEvent('invoice.payment_failed', { id: 'in_1', object: 'invoice', customer: customerId, parent: { type: 'subscription_details', subscription_details: { subscription: 'sub_invoice1' } } });
    expect(JSON.parse((await sendStripeWebhook(b.webhookUrl, invoice)).body).outcome).toBe('applied');
    expect(JSON.parse((await sendStripeWebhook(b.webhookUrl, invoice)).body).outcome).toBe('duplicate');
    expect(await mails()).toEqual([{ template: 'billing_payment_failed', to: email, params: { tier: 'pro' } }]);
  });
});
