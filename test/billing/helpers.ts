import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { createUser } from '../helpers/db';
import { startHarness, tokenFor, type Harness } from '../server/harness';
import { startFakeStripe, type FakeStripe } from '../fakeProviders/stripe';

// The API against the fake Stripe server (test/fakeProviders/stripe.ts), and the account rows the
// billing tests read.

export interface BillingHarness {
  h: Harness;
  stripe: FakeStripe;
  webhookUrl: string;
  checkoutUrl: string;
  close(): Promise<void>;
}

/** env entries set to undefined are left out (e.g. a price this server does not offer). */
export async function startBillingHarness(env: Record<string, string | undefined> = {}): Promise<BillingHarness> {
  const stripe = await startFakeStripe();
  let h: Harness;
  try {
    h = await startHarness(Object.fromEntries(Object.entries({ ...stripe.env(), PUBLIC_URL: 'https://app.vitalis.test', ...env }).filter(([, v]) => v !== undefined)));
  } catch (error) {
    await stripe.close();
    throw error;
  }
  return {
    h,
    stripe,
    webhookUrl: `${h.server.origin}/billing/webhook`,
    checkoutUrl: `${h.server.origin}/billing/checkout`,
    close: async () => {
      await h.close();
      await stripe.close();
    },
  };
}

export interface AccountRow {
  account_id: string;
  stripe_customer_id: string | null;
  subscription_tier: string;
  subscription_status: string;
  subscription_expires_at: Date | null;
  max_users: number;
  over_max_users_since: Date | null;
}

export async function accountOf(pool: Pool, userId: string): Promise<AccountRow> {
  const { rows } = await pool.query<AccountRow>(
    `select a.account_id, a.stripe_customer_id, a.subscription_tier, a.subscription_status, a.subscription_expires_at, a.max_users, a.over_max_users_since
       from vitalis.accounts a join vitalis.users u on u.account_id = a.account_id where u.user_id = $1`,
    [userId],
  );
  return rows[0]!;
}

/** An account owner whose account already has a Stripe customer (as after a first checkout). */
export async function customerAccount(pool: Pool, opts: { tier?: 'free' | 'pro' | 'family' } = {}): Promise<{ userId: string; customerId: string; accountId: string }> {
  const userId = await createUser(pool, { tier: opts.tier ?? 'free' });
  const customerId = `cus_${randomUUID().replace(/-/g, '')}`;
  const { rows } = await pool.query<{ account_id: string }>(
    'update vitalis.accounts a set stripe_customer_id = $2 from vitalis.users u where u.user_id = $1 and a.account_id = u.account_id returning a.account_id',
    [userId, customerId],
  );
  return { userId, customerId, accountId: rows[0]!.account_id };
}

/** Adds members to the user's account (as the superuser; the max_users trigger still counts). */
export async function addMembers(pool: Pool, accountId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { rows } = await pool.query<{ user_id: string }>(
      `insert into vitalis.users (account_id, email, display_name) values ($1, $2, 'Member') returning user_id`,
      [accountId, `member-${randomUUID()}@example.com`],
    );
    ids.push(rows[0]!.user_id);
  }
  return ids;
}

export async function postCheckout(b: BillingHarness, userId: string | undefined, body: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (userId) headers.authorization = `Bearer ${await tokenFor(b.h, userId)}`;
  const res = await fetch(b.checkoutUrl, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}
