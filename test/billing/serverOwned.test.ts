import { createUser } from '../helpers/db';
import { graphql, startHarness, tokenFor, type Harness } from '../server/harness';

// The Stripe customer and the subscription are the server's: no GraphQL input can carry them
// (test/db/writableColumns.test.ts checks the same at the SQL grant level).

let h: Harness;
beforeAll(async () => {
  h = await startHarness({});
});
afterAll(() => h.close());

const BILLING_FIELDS = ['stripeCustomerId', 'subscriptionTier', 'subscriptionStatus', 'subscriptionExpiresAt', 'maxUsers', 'overMaxUsersSince'];

it('offers no input type or mutation that writes the Stripe customer or the subscription', async () => {
  const userId = await createUser(h.db.pool);
  const token = await tokenFor(h, userId);
  const res = await graphql<{ __schema: { types: Array<{ name: string; kind: string; inputFields: Array<{ name: string }> | null }>; mutationType: { fields: Array<{ name: string }> } } }>(
    h.server,
    '{ __schema { types { name kind inputFields { name } } mutationType { fields { name } } } }',
    { token },
  );
  expect(res.body.errors).toBeUndefined();
  const writable = res.body.data!.__schema.types
    // Inputs that write (patches and mutation inputs), not the filters, conditions and aggregates that read.
    .filter((t) => t.kind === 'INPUT_OBJECT' && /(Patch|Input)$/.test(t.name) && !/Having|Filter|Condition|Aggregate/.test(t.name))
    .flatMap((t) => (t.inputFields ?? []).filter((f) => BILLING_FIELDS.includes(f.name)).map((f) => `${t.name}.${f.name}`));
  expect(writable).toEqual([]);
  expect(res.body.data!.__schema.mutationType.fields.map((f) => f.name).filter((n) => /account/i.test(n) && /update|create|delete/i.test(n))).toEqual([]);
});

it('refuses an attempt to set them through the user patch', async () => {
  const userId = await createUser(h.db.pool);
  const res = await graphql(h.server, 'mutation($id: UUID!) { updateUser(input: { userId: $id, patch: { stripeCustomerId: "cus_mine", subscriptionTier: FAMILY } }) { user { userId } } }', {
    token: await tokenFor(h, userId),
    variables: { id: userId },
  });
  expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']).toContain(res.body.errors?.[0]?.extensions?.code);
  expect(res.body.errors?.[0]?.message).toMatch(/stripeCustomerId|subscriptionTier/);
  const { rows } = await h.db.pool.query('select a.stripe_customer_id, a.subscription_tier from vitalis.accounts a join vitalis.users u using (account_id) where u.user_id = $1', [userId]);
  expect(rows[0]).toEqual({ stripe_customer_id: null, subscription_tier: 'free' });
});
