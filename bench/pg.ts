// Connection helpers shared by the phases. "As vitalis_api" means a transaction with
// set_config('role', 'vitalis_api', true) and set_config('app.current_user_id', <uuid>, true),
// exactly as the API and the worker do, so row-level security and the audit triggers apply.

import type { Pool, PoolClient } from 'pg';

export const SET_REQUEST_SQL = `select set_config('role', 'vitalis_api', true), set_config('app.current_user_id', $1, true)`;
export const SET_USER_ONLY_SQL = `select set_config('app.current_user_id', $1, true)`;

export async function withClient<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

export async function scalar(pool: Pool | PoolClient, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await pool.query(sql, params);
  return Number(Object.values(rows[0] as Record<string, unknown>)[0]);
}

/**
 * The statement-level audit INSERT trigger of a table, found by its function (trigger names may
 * change): the table's own `vitalis_private.tg__audit_insert__<table>` since migration 35, the
 * shared `tg__audit_insert` before it.
 */
export async function auditInsertTrigger(pool: Pool, table: string): Promise<string | null> {
  const { rows } = await pool.query(
    `select t.tgname from pg_trigger t join pg_proc p on p.oid = t.tgfoid
      where t.tgrelid = $1::regclass and not t.tgisinternal
        and p.pronamespace = 'vitalis_private'::regnamespace and (p.proname = 'tg__audit_insert' or p.proname like 'tg\\_\\_audit\\_insert\\_\\_%')`,
    [`vitalis.${table}`],
  );
  return (rows[0] as { tgname: string } | undefined)?.tgname ?? null;
}

export async function auditCount(pool: Pool): Promise<number> {
  return scalar(pool, 'select count(*) from vitalis.audit_log');
}

/** Runs the work in a transaction that is rolled back: warms plan and catalog caches. */
export async function warmUp(pool: Pool, work: (client: PoolClient) => Promise<unknown>): Promise<void> {
  await withClient(pool, async (client) => {
    await client.query('begin');
    try {
      await work(client);
    } finally {
      await client.query('rollback');
    }
  });
}
