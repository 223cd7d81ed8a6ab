import { loadConfig } from '../../src/config';
import { deleteStripeCustomer, stripeClient, stripeHost } from '../../src/billing/stripe';
import { startFakeStripe, type FakeStripe } from '../fakeProviders/stripe';

describe('deleteStripeCustomer', () => {
  let stripe: FakeStripe;
  beforeAll(async () => {
    stripe = await startFakeStripe();
  });
  afterAll(() => stripe.close());

  it('deletes the customer at Stripe, and a second call says it is absent', async () => {
    const config = loadConfig(stripe.env());
    const customer = await stripeClient(config)!.customers.create({ email: 'erase@example.com' });

    expect(await deleteStripeCustomer(config, customer.id)).toBe('deleted');
    expect(stripe.calls('DELETE', `/v1/customers/${customer.id}`)).toHaveLength(1);
    expect(stripe.calls('DELETE', `/v1/customers/${customer.id}`)[0]!.headers.authorization).toBe(`Bearer ${config.STRIPE_SECRET_KEY}`);
    expect(stripe.customers.get(customer.id)?.deleted).toBe(true);

    expect(await deleteStripeCustomer(config, customer.id)).toBe('absent');
  });

  it('says absent for a customer Stripe never knew', async () => {
    expect(await deleteStripeCustomer(loadConfig(stripe.env()), 'cus_neverexisted')).toBe('absent');
  });

  it('says disabled, and calls nobody, when billing is off (no STRIPE_SECRET_KEY)', async () => {
    const before = stripe.requests.length;
    const env: Record<string, string> = { ...stripe.env() };
    delete env.STRIPE_SECRET_KEY;
    expect(await deleteStripeCustomer(loadConfig(env), 'cus_whatever')).toBe('disabled');
    expect(stripe.requests.length).toBe(before);
  });

  it('throws on a Stripe failure so the caller retries, after the SDK retried', async () => {
    const config = loadConfig(stripe.env());
    const customer = await stripeClient(config)!.customers.create({});
    stripe.failNext(3, 500);
    await expect(deleteStripeCustomer(config, customer.id)).rejects.toThrow(/went wrong/);
    expect(stripe.customers.get(customer.id)?.deleted).toBeUndefined();
    expect(await deleteStripeCustomer(config, customer.id)).toBe('deleted');
  });

  it('refuses an id that is not a Stripe object id before calling out', async () => {
    await expect(deleteStripeCustomer(loadConfig(stripe.env()), '../charges')).rejects.toThrow(/customerId: must be a Stripe object id/);
  });

  it('reads STRIPE_API_BASE as an origin only', () => {
    expect(stripeHost('http://127.0.0.1:4242')).toEqual({ host: '127.0.0.1', port: 4242, protocol: 'http' });
    expect(stripeHost('https://api.stripe.com')).toEqual({ host: 'api.stripe.com', port: 443, protocol: 'https' });
    expect(() => stripeHost('https://api.stripe.com/v1')).toThrow(/STRIPE_API_BASE: must be an origin/);
  });
});
