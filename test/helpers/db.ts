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
      // A connection still saying goodbye when the database goes is terminated by PostgreSQL;
      // during teardown that is expected, not an unhandled pool error failing the last test.
      pool.on('error', () => {});
      // Wait until the connections are really gone: dropping WITH (FORCE) would kill them mid-close.
      await endPool(pool);
      await dropDatabase(adminUrl, name);
    },
  };
}

export interface TestDatabaseOptions {
  /**
   * Runs before the database is dropped, for what must let go of it first: a checked-out client,
   * child processes connected to it. (A file's own afterAll runs after the drop: jest runs
   * afterAll hooks in the order they were declared, and useTestDatabase is called first.)
   */
  beforeDrop?: () => unknown;
  /**
   * Ignore errors of idle clients: drop() ends the pool and then drops the database WITH (FORCE),
   * so a client still closing (one a spawned process or server left behind) gets terminated and
   * its pool would re-emit that as an unhandled 'error'.
   */
  ignoreIdleClientErrors?: boolean;
}

/** This test file's database, readable only while the file's tests run. */
export interface UsedTestDatabase {
  readonly url: string;
  readonly name: string;
  /** Superuser pool on this test file's database. */
  readonly pool: Pool;
}

/**
 * Registers the per-file database setup: beforeAll creates a fresh database from the migrated
 * template, afterAll drops it. Call it at the top level of a test file (or of a describe block,
 * for a database used only there) before that scope's own hooks, which can then use it:
 *
 *     const db = useTestDatabase();
 *     beforeAll(async () => { user = await createUser(db.pool); });
 *
 * Reading db.pool or db.url outside the tests and hooks of that scope throws.
 */
export function useTestDatabase(options: TestDatabaseOptions = {}): UsedTestDatabase {
  let current: TestDatabase | undefined;
  let state: 'not created yet' | 'dropped' = 'not created yet';
  beforeAll(async () => {
    current = await createTestDatabase();
    if (options.ignoreIdleClientErrors) current.pool.on('error', () => {});
  });
  afterAll(async () => {
    const db = current;
    current = undefined;
    state = 'dropped';
    try {
      await options.beforeDrop?.();
    } finally {
      await db?.drop();
    }
  });
  const open = (): TestDatabase => {
    if (current) return current;
    throw new Error(`useTestDatabase(): the test database is ${state}; use db.pool and db.url inside tests and hooks, not at a test file's top level`);
  };
  return {
    get url() {
      return open().url;
    },
    get name() {
      return open().name;
    },
    get pool() {
      return open().pool;
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

/** Adds a member to another user's (family) account, as superuser, and returns the member's user id. */
export async function createHouseholdMember(pool: Pool, memberOf: string, displayName = 'Viewer'): Promise<string> {
  const { rows } = await pool.query(
    `insert into vitalis.users (account_id, email, display_name)
     select account_id, $2, $3 from vitalis.users where user_id = $1 returning user_id`,
    [memberOf, `member-${randomUUID()}@example.com`, displayName],
  );
  if (!rows[0]) throw new Error(`createHouseholdMember: no user ${memberOf}`);
  return rows[0].user_id as string;
}
