import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { byPrimaryKey, type TableInfo } from './catalog';
import { asRequest } from './db';

// The cross-user write checks shared by test/db/rls.test.ts (another user) and
// test/db/households.test.ts (a household member with a read share): the intruder tries to update,
// delete and insert the victim's rows (seedEveryUserTable's), table by table, as vitalis_api in a
// transaction that is rolled back. A refusal reads `error <SQLSTATE>`.

/** Runs fn as the user (vitalis_api) and returns its result or `error <code>`. */
export async function attemptAs<T>(pool: Pool, userId: string, fn: (c: PoolClient) => Promise<T>, commit = false): Promise<T | string> {
  try {
    return await asRequest(pool, { userId }, fn, commit);
  } catch (error) {
    return `error ${(error as { code?: string }).code}`;
  }
}

/** A column vitalis_api may update in the table (set to itself), or the first key column when none is granted. */
async function updatableColumn(pool: Pool, t: TableInfo): Promise<string> {
  const { rows } = await pool.query(
    `select column_name from information_schema.column_privileges
      where grantee in ('vitalis_api', 'PUBLIC') and table_schema = 'vitalis' and table_name = $1 and privilege_type = 'UPDATE' order by column_name limit 1`,
    [t.name],
  );
  return (rows[0]?.column_name as string | undefined) ?? t.primaryKey[0]!;
}

/** Tables where the intruder's update of the victim's row did something other than match nothing or be refused (42501). */
export async function updatesThatLanded(pool: Pool, intruder: string, tables: TableInfo[], victimRows: Map<string, Record<string, unknown>>): Promise<[string, unknown][]> {
  const outcome: Record<string, unknown> = {};
  for (const t of tables) {
    const { where, params } = byPrimaryKey(t, victimRows.get(t.name)!);
    const column = await updatableColumn(pool, t);
    outcome[t.name] = await attemptAs(pool, intruder, async (c) => (await c.query(`update vitalis.${t.name} set ${column} = ${column} where ${where}`, params)).rowCount);
  }
  return Object.entries(outcome).filter(([, v]) => v !== 0 && v !== 'error 42501');
}

/** Tables where the intruder's delete of the victim's row was neither a no-match nor refused, or the row is gone. */
export async function deletesThatLanded(pool: Pool, intruder: string, tables: TableInfo[], victimRows: Map<string, Record<string, unknown>>): Promise<{ table: string; outcome: unknown; still: number }[]> {
  const landed = [];
  for (const t of tables) {
    const { where, params } = byPrimaryKey(t, victimRows.get(t.name)!);
    const outcome = await attemptAs(pool, intruder, async (c) => (await c.query(`delete from vitalis.${t.name} where ${where}`, params)).rowCount);
    const still = (await pool.query(`select count(*)::int as n from vitalis.${t.name} where ${where}`, params)).rows[0].n as number;
    if ((outcome !== 0 && outcome !== 'error 42501') || still !== 1) landed.push({ table: t.name, outcome, still });
  }
  return landed;
}

/** Per table, what inserting a copy of the victim's row (fresh uuid keys, so only ownership can stop it) gave the intruder. */
export async function insertOutcomes(pool: Pool, intruder: string, tables: TableInfo[], victimRows: Map<string, Record<string, unknown>>): Promise<Record<string, unknown>> {
  const outcome: Record<string, unknown> = {};
  for (const t of tables) {
    const row = { ...victimRows.get(t.name)! };
    for (const k of t.primaryKey) if (k !== 'user_id' && typeof row[k] === 'string' && /^[0-9a-f-]{36}$/.test(row[k] as string)) row[k] = randomUUID();
    const cols = Object.keys(row).filter((c) => row[c] !== null && !['created_at', 'updated_at'].includes(c));
    outcome[t.name] = await attemptAs(pool, intruder, async (c) =>
      (await c.query(`insert into vitalis.${t.name} (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, cols.map((k) => row[k]))).rowCount);
  }
  return outcome;
}
