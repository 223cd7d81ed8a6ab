// Connection helpers shared by the phases. "As vitalis_api" means a transaction with
// set_config('role', 'vitalis_api', true) and set_config('app.current_user_id', <uuid>, true),
// exactly as the API and the worker do, so row-level security and the audit triggers apply.

import type { Pool, PoolClient } from 'pg';

/**
 * A read as the API sends it for a caller who views nobody else's profile, as every bench user
 * is: with app.own_rows_only = 'on' (src/server/preset.ts pgSettingsFor), so the shared tables'
 * policies answer the caller without the household lookup.
 */
export const SET_REQUEST_SQL = `select set_config('role', 'vitalis_api', true), set_config('app.current_user_id', $1, true), set_config('app.own_rows_only', 'on', true)`;
/** The same without the hint: the API's read for a household viewer, or when it has no cached answer. */
export const SET_HOUSEHOLD_REQUEST_SQL = `select set_config('role', 'vitalis_api', true), set_config('app.current_user_id', $1, true)`;
export const SET_USER_ONLY_SQL = `select set_config('app.current_user_id', $1, true)`;
/** A provider sync's context: the worker acting as the user (the caller that sends source_updated_at). */
export const SET_SYNC_SQL = `select set_config('role', 'vitalis_worker', true), set_config('app.current_user_id', $1, true)`;

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
 * change): the table's own `vitalis_private.tg__audit_insert__<table>()` (migration 35). Bench
 * databases are always migrated to the current migrations, so no older shape is looked for.
 */
export async function auditInsertTrigger(pool: Pool, table: string): Promise<string | null> {
  const { rows } = await pool.query(
    `select t.tgname from pg_trigger t
      where t.tgrelid = $1::regclass and not t.tgisinternal
        and t.tgfoid = to_regprocedure(format('vitalis_private.%I()', 'tg__audit_insert__' || $2))`,
    [`vitalis.${table}`, table],
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
