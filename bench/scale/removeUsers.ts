// Takes users out of a kept data set again: the arrivals after a level is measured, and a chunk
// whose load was interrupted after its users were written.

import type { Pool } from 'pg';

/**
 * Removes users and everything of theirs with triggers off (session_replication_role = replica: no audit rows
 * for the removal, and the append-only audit log lets the superuser delete theirs).
 */
export async function removeUsers(pool: Pool, userIds: string[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(`set local session_replication_role = replica`);
    const { rows } = await client.query(
      `select format('%I.%I', n.nspname, c.relname) as t
         from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        where a.attname = 'user_id' and not a.attisdropped and c.relkind in ('r', 'p') and not c.relispartition
          and n.nspname in ('vitalis', 'vitalis_private') and c.relname <> 'users'`);
    for (const r of rows as { t: string }[]) await client.query(`delete from ${r.t} where user_id = any($1::uuid[])`, [userIds]);
    const { rows: accounts } = await client.query(`delete from vitalis.users where user_id = any($1::uuid[]) returning account_id`, [userIds]);
    const accountIds = accounts.map((r: { account_id: string }) => r.account_id);
    await client.query(`delete from vitalis.accounts where account_id = any($1::uuid[])`, [accountIds]);
    // Audit rows about the accounts name no user.
    await client.query(`delete from vitalis.audit_log where table_name = 'accounts' and record_id = any($1::uuid[])`, [accountIds]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
