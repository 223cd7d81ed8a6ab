import { CheckoutRefused, startCheckout } from '../../src/billing/checkout';
import { stripeClient } from '../../src/billing/stripe';
import { createUser } from '../helpers/db';
import { tokenFor } from '../server/harness';
import { FAKE_PRICE_FAMILY, FAKE_PRICE_PRO } from '../fakeProviders/stripe';
import { accountOf, addMembers, postCheckout, startBillingHarness, type BillingHarness } from './helpers';

// POST /billing/checkout: the signed-in account owner starts a paid plan at Stripe Checkout.

let b: BillingHarness;
beforeAll(async () => {
  b = await startBillingHarness();
});
afterAll(() => b.close());

it('creates the Stripe customer on the first checkout, and reuses it on the next', async () => {
  const userId = await createUser(b.h.db.pool, { email: `owner-${Date.now()}@example.com` });

  const first = await postCheckout(b, userId, { tier: 'pro' });
  expect(first.status).toBe(201);
  expect(first.body).toEqual({ url: expect.stringMatching(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/), sessionId: expect.stringMatching(/^cs_test_/) });
  const account = await accountOf(b.h.db.pool, userId);
  expect(account.stripe_customer_id).toMatch(/^cus_/);
  const customer = b.stripe.customers.get(account.stripe_customer_id!)!;
  expect(customer.metadata).toEqual({ account_id: account.account_id });

  const session = b.stripe.checkoutSessions.get(first.body.sessionId)!;
  expect(session).toMatchObject({
    customer: account.stripe_customer_id,
    mode: 'subscription',
    line_items_price: FAKE_PRICE_PRO,
    client_reference_id: account.account_id,
    success_url: 'https://app.vitalis.test/settings/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://app.vitalis.test/settings/billing?checkout=cancelled',
  });
  const sent = b.stripe.calls('POST', '/v1/checkout/sessions').find((r) => r.form.client_reference_id === account.account_id)!;
  expect(sent.form['subscription_data[metadata][tier]']).toBe('pro');

  const second = await postCheckout(b, userId, { tier: 'family' });
  expect(second.status).toBe(201);
  expect(b.stripe.checkoutSessions.get(second.body.sessionId)).toMatchObject({ customer: account.stripe_customer_id, line_items_price: FAKE_PRICE_FAMILY });
  expect([...b.stripe.customers.values()].filter((c) => c.metadata.account_id === account.account_id)).toHaveLength(1);
  expect((await accountOf(b.h.db.pool, userId)).stripe_customer_id).toBe(account.stripe_customer_id);
  // Nothing about the tier changes until Stripe's webhook says so.
  expect((await accountOf(b.h.db.pool, userId)).subscription_tier).toBe('free');
});

it('gives concurrent first checkouts of one account one customer', async () => {
  const userId = await createUser(b.h.db.pool);
  const answers = await Promise.all([postCheckout(b, userId, { tier: 'pro' }), postCheckout(b, userId, { tier: 'pro' })]);
  expect(answers.map((a) => a.status)).toEqual([201, 201]);
  const { account_id, stripe_customer_id } = await accountOf(b.h.db.pool, userId);
  expect([...b.stripe.customers.values()].filter((c) => c.metadata.account_id === account_id).map((c) => c.id)).toEqual([stripe_customer_id]);
});

it('refuses a tier that is not a paid plan, and unknown fields, naming the field', async () => {
  const userId = await createUser(b.h.db.pool);
  const free = await postCheckout(b, userId, { tier: 'free' });
  expect(free.status).toBe(400);
  expect(free.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'tier' });
  const extra = await postCheckout(b, userId, { tier: 'pro', price: 'price_cheap' });
  expect(extra.status).toBe(400);
  expect(JSON.stringify(extra.body)).toMatch(/price/);
  expect((await postCheckout(b, userId, {})).body.errors[0].extensions.field).toBe('tier');
});

it('asks for a signed-in user', async () => {
  const res = await postCheckout(b, undefined, { tier: 'pro' });
  expect(res.status).toBe(401);
  expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
});

it('lets only the account owner start a plan', async () => {
  const owner = await createUser(b.h.db.pool, { tier: 'family' });
  const [member] = await addMembers(b.h.db.pool, (await accountOf(b.h.db.pool, owner)).account_id, 1);
  const before = b.stripe.requests.length;
  const res = await postCheckout(b, member, { tier: 'pro' });
  expect(res.status).toBe(403);
  expect(res.body.errors[0]).toMatchObject({ message: 'tier: only the owner of the account manages its subscription', extensions: { code: 'FORBIDDEN', field: 'tier' } });
  expect(b.stripe.requests.length).toBe(before);
});

it('refuses a second subscription while one runs (409)', async () => {
  const userId = await createUser(b.h.db.pool, { tier: 'pro' });
  const res = await postCheckout(b, userId, { tier: 'family' });
  expect(res.status).toBe(409);
  expect(res.body.errors[0].message).toBe('tier: the account already has a pro subscription (active); change or cancel it in the billing portal (POST /billing/portal) instead');
});

it('answers 503 without passing on Stripe’s status when Stripe fails', async () => {
  const userId = await createUser(b.h.db.pool);
  b.stripe.failNext(3, 500);
  const res = await postCheckout(b, userId, { tier: 'pro' });
  expect(res.status).toBe(503);
  expect(res.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
  expect((await accountOf(b.h.db.pool, userId)).stripe_customer_id).toBeNull();
});

it('says which plan this server does not offer (404), before calling Stripe', async () => {
  const userId = await createUser(b.h.db.pool);
  const before = b.stripe.requests.length;
  const noFamily = { ...b.h.config, STRIPE_PRICE_FAMILY: undefined };
  const refused = await startCheckout(stripeClient(b.h.config)!, b.h.db.pool, noFamily, { userId }, 'family').catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(CheckoutRefused);
  expect(refused).toMatchObject({ status: 404, field: 'tier', message: 'tier: the family plan is not offered on this server (STRIPE_PRICE_FAMILY is unset)' });
  expect(b.stripe.requests.length).toBe(before);
});

describe('POST /billing/portal', () => {
  const postPortal = async (userId: string) => {
    const res = await fetch(`${b.h.server.origin}/billing/portal`, { method: 'POST', headers: { authorization: `Bearer ${await tokenFor(b.h, userId)}` } });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('opens Stripe’s portal for the owner’s customer, returning to the app', async () => {
    const userId = await createUser(b.h.db.pool);
    expect((await postCheckout(b, userId, { tier: 'pro' })).status).toBe(201);
    const res = await postPortal(userId);
    expect(res).toEqual({ status: 201, body: { url: expect.stringMatching(/^https:\/\/billing\.stripe\.com\/p\/session\/bps_/) } });
    const sent = b.stripe.calls('POST', '/v1/billing_portal/sessions').at(-1)!;
    expect(sent.form).toEqual({ customer: (await accountOf(b.h.db.pool, userId)).stripe_customer_id, return_url: 'https://app.vitalis.test/settings/billing' });
  });

  it('has nothing to manage before a first checkout (409), and is the owner’s only (403)', async () => {
    const owner = await createUser(b.h.db.pool, { tier: 'family' });
    const res = await postPortal(owner);
    expect(res.status).toBe(409);
    expect(res.body.errors[0].message).toMatch(/^account: there is no subscription to manage yet/);
    const [member] = await addMembers(b.h.db.pool, (await accountOf(b.h.db.pool, owner)).account_id, 1);
    expect((await postPortal(member!)).status).toBe(403);
  });
});
