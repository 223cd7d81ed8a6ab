import { createUser } from '../helpers/db';
import { graphql, startHarness, tokenFor, type Harness } from '../server/harness';
import { sendStripeWebhook, stripeEvent } from '../fakeProviders/stripe';

// Without STRIPE_SECRET_KEY billing is off: its routes answer 404 saying so, and nothing else changes.

let h: Harness;
beforeAll(async () => {
  h = await startHarness({});
});
afterAll(() => h.close());

it('answers every billing route 404 with the reason', async () => {
  const userId = await createUser(h.db.pool);
  const checkout = await fetch(`${h.server.origin}/billing/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(h, userId)}` },
    body: JSON.stringify({ tier: 'pro' }),
  });
  expect(checkout.status).toBe(404);
  expect(await checkout.json()).toEqual({ errors: [{ message: 'Billing is not enabled on this server (STRIPE_SECRET_KEY is unset)', extensions: { code: 'NOT_FOUND' } }] });

  const webhook = await sendStripeWebhook(`${h.server.origin}/billing/webhook`, stripeEvent('customer.subscription.created', {}));
  expect(webhook.status).toBe(404);
  expect(webhook.body).toMatch(/STRIPE_SECRET_KEY is unset/);
});

it('leaves the rest of the API as it was', async () => {
  const userId = await createUser(h.db.pool);
  const res = await graphql(h.server, '{ currentUserId }', { token: await tokenFor(h, userId) });
  expect(res.body).toEqual({ data: { currentUserId: userId } });
  expect((await fetch(`${h.server.origin}/healthz`)).status).toBe(200);
});
