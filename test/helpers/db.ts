import { randomUUID } from 'node:crypto';
import { Client, Pool, type PoolClient } from 'pg';
import { inRequestTransaction } from '../../src/db/requestContext';
import { dropDatabase } from '../../src/db/setup';
import { withDatabase } from '../../src/db/url';
import { endPool } from '../../src/db/pools';

export interface TestDatabase {
  url: string;
  name: string;
  /** Superuser pool on this test file's database. */
  pool: Pool;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template, for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.VITALIS_TEST_ADMIN_URL;
  const template = process.env.VITALIS_TEST_TEMPLATE;
  if (!adminUrl || !template) throw new Error('test/globalSetup.ts did not run');
  const name = `vitalis_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" template "${template}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const pool = new Pool({ connectionString: url, max: 4 });
  return {
    url,
    name,
    pool,
    drop: async () => {
      // Wait until the connections are really gone: dropping WITH (FORCE) would kill them mid-close.
      await endPool(pool);
      await dropDatabase(adminUrl, name);
    },
  };
}

export interface RequestContext {
  role?: 'vitalis_api' | 'vitalis_anonymous' | 'vitalis_worker' | 'vitalis_readonly' | 'vitalis_admin';
  userId?: string | null;
  requestId?: string;
  ipAddress?: string;
  userAgent?: string;
}

/**
 * Runs fn inside a transaction that impersonates a request the way the API does: role and
 * app.* settings transaction-local. Rolls back unless commit is true.
 */
export function asRequest<T>(pool: Pool, ctx: RequestContext, fn: (client: PoolClient) => Promise<T>, commit = false): Promise<T> {
  return inRequestTransaction(pool, { ...ctx, role: ctx.role ?? 'vitalis_api' }, fn, commit);
}

/** Runs fn in a savepoint and returns the PostgreSQL error it raised (or null). */
export async function pgError(client: PoolClient, fn: () => Promise<unknown>): Promise<{ code?: string; message: string; constraint?: string; column?: string } | null> {
  await client.query('savepoint probe');
  try {
    await fn();
    await client.query('release savepoint probe');
    return null;
  } catch (error) {
    await client.query('rollback to savepoint probe');
    return error as { code?: string; message: string; constraint?: string; column?: string };
  }
}

/** Creates an account and a user (as superuser) and returns the user id. */
export async function createUser(pool: Pool, opts: { email?: string; sex?: 'male' | 'female' | 'other'; tier?: 'free' | 'pro' | 'family' } = {}): Promise<string> {
  const tier = opts.tier ?? 'free';
  const { rows } = await pool.query(
    `with a as (insert into vitalis.accounts (subscription_tier, max_users) values ($3::vitalis.subscription_tier, case when $3 = 'family' then 4 else 1 end) returning account_id)
     insert into vitalis.users (account_id, email, display_name, biological_sex)
     select account_id, $1, 'Test User', $2 from a returning user_id`,
    [opts.email ?? `user-${randomUUID()}@example.com`, opts.sex ?? null, tier],
  );
  return rows[0].user_id as string;
}
