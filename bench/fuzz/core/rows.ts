// Row counts before and after a case: every user-data table of the user, the audit log and the
// ingestion state (import jobs, learned time zones, sync state, staged documents). A refused
// input must leave every one of them as it was.
import type { Pool } from 'pg';
import { FuzzViolation } from './target';

export type RowCounts = Record<string, number>;

let countSql: string | undefined;

/** One statement counting the user's rows in every table with a user_id column (audit_log is one of them). */
async function buildCountSql(pool: Pool): Promise<string> {
  const { rows } = await pool.query<{ t: string }>(
    `select format('%I.%I', c.table_schema, c.table_name) as t
       from information_schema.columns c join pg_class k on k.oid = format('%I.%I', c.table_schema, c.table_name)::regclass
      where c.table_schema in ('vitalis', 'vitalis_private') and c.column_name = 'user_id'
        and k.relkind in ('r', 'p') and not k.relispartition
      order by 1`,
  );
  const parts = rows.map((r) => `select ${quote(r.t)} as t, count(*)::int as n from ${r.t} where user_id = $1`);
  return parts.join('\nunion all ');
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function rowCounts(pool: Pool, userId: string): Promise<RowCounts> {
  countSql ??= await buildCountSql(pool);
  // Named: each connection plans the union once (planning 40-odd partitioned tables is most of its cost).
  const { rows } = await pool.query<{ t: string; n: number }>({ name: 'fuzz-row-counts', text: countSql, values: [userId] });
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

/** Throws a partialWrite violation naming each table whose count changed. */
export function expectUnchanged(before: RowCounts, after: RowCounts, what: string): void {
  const changed = Object.keys({ ...before, ...after }).filter((t) => (before[t] ?? 0) !== (after[t] ?? 0));
  if (changed.length) throw new FuzzViolation('partialWrite', `${what}: ${changed.map((t) => `${t} ${before[t] ?? 0} -> ${after[t] ?? 0}`).join(', ')}`);
}

const spare = new WeakMap<Pool, string[]>();

/**
 * A new user with no data (as the superuser, as test/helpers/db.ts createUser does), made 100 at
 * a time: one statement instead of one per case.
 */
export async function newUser(pool: Pool): Promise<string> {
  let ids = spare.get(pool);
  if (!ids?.length) {
    const { rows } = await pool.query<{ user_id: string }>(
      `with a as (insert into vitalis.accounts (subscription_tier, max_users) select 'free', 1 from generate_series(1, 100) returning account_id)
       insert into vitalis.users (account_id, email, display_name) select account_id, 'fuzz-' || gen_random_uuid() || '@example.com', 'Fuzz User' from a returning user_id`,
    );
    ids = rows.map((r) => r.user_id);
    spare.set(pool, ids);
  }
  return ids.pop()!;
}

const baselines = new WeakMap<Pool, RowCounts>();

/**
 * The row counts of a user newUser just made, before any case touched it: the same for every
 * such user (measured once per pool), so a case compares against it instead of counting twice.
 */
export async function newUserCounts(pool: Pool): Promise<RowCounts> {
  let counts = baselines.get(pool);
  if (!counts) {
    counts = await rowCounts(pool, await newUser(pool));
    baselines.set(pool, counts);
  }
  return counts;
}
